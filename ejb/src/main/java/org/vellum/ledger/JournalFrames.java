package org.vellum.ledger;

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
        StringBuilder out = new StringBuilder(entries.size() * 700);
        for (IndexedEntry e : entries) {
            if (out.length() > 0) {
                out.append('\n');
            }
            out.append(LedgerExport.line(e.entry()));
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
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
