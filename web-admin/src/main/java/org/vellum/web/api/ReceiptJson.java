package org.vellum.web.api;

import java.util.LinkedHashMap;
import java.util.Map;
import org.vellum.event.Instants;
import org.vellum.ingest.ItemResult;
import org.vellum.ledger.Hashes;
import org.vellum.ledger.Receipt;

/** The JSON forms of receipts and rejected items, as docs/api.md describes them. */
final class ReceiptJson {
    private ReceiptJson() {}

    static Map<String, Object> receipt(Receipt r) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("seq", r.seq());
        json.put("event_id", r.eventId());
        json.put("leaf_hash", Hashes.hex(r.leafHash()));
        json.put("chain_hash", Hashes.hex(r.chainHash()));
        json.put("received_at", Instants.format(r.receivedAt()));
        json.put("duplicate", r.duplicate());
        return json;
    }

    static Map<String, Object> indexedReceipt(ItemResult item) {
        Map<String, Object> json = receipt(item.receipt());
        json.put("index", item.index());
        return json;
    }

    static Map<String, Object> error(ItemResult item) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("index", item.index());
        if (item.eventId() != null) {
            json.put("event_id", item.eventId());
        }
        json.put("code", item.rejection().code());
        if (item.rejection().field() != null) {
            json.put("field", item.rejection().field());
        }
        json.put("detail", item.rejection().detail());
        return json;
    }
}
