package org.vellum.ledger;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.vellum.canonical.CanonicalJson;
import org.vellum.canonical.Json;

/**
 * What a journal frame holds: UTF-8 lines, each either the genesis record {@code {"genesis":{...}}} or an entry in the
 * export's line form, so that the journal can be read with the same tools as an export.
 */
final class JournalFrames {
    private JournalFrames() {}

    static byte[] genesis(Genesis genesis) {
        return CanonicalJson.bytes(Map.of("genesis", genesis.toJson()));
    }

    static byte[] entries(List<IndexedEntry> entries) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(entries.size() * 900);
        for (IndexedEntry e : entries) {
            if (out.size() > 0) {
                out.write('\n');
            }
            LedgerExport.write(e.entry(), out);
        }
        return out.toByteArray();
    }

    /** Receives the decoded content of a frame. */
    interface Visitor {
        void genesis(Genesis genesis);

        void entry(LedgerEntry entry);
    }

    @SuppressWarnings("unchecked")
    static void read(byte[] payload, Visitor visitor) {
        for (String line : new String(payload, StandardCharsets.UTF_8).split("\n")) {
            if (line.startsWith("{\"genesis\":")) {
                visitor.genesis(Genesis.fromJson(
                        (Map<String, Object>) Json.parseObject(line).get("genesis")));
            } else {
                visitor.entry(LedgerExport.parseEntry(line));
            }
        }
    }
}
