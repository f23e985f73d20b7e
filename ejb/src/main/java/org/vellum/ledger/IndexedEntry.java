package org.vellum.ledger;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.vellum.canonical.Json;
import org.vellum.event.Instants;

/**
 * A ledger entry with the columns the database indexes it by. They are all derived from the hashed body, so the
 * journal (which holds only the export form) is enough to rebuild them.
 */
public record IndexedEntry(LedgerEntry entry, String type, String node, Instant sourceTs, List<String> flags) {
    public IndexedEntry {
        Objects.requireNonNull(entry);
        Objects.requireNonNull(type);
        Objects.requireNonNull(node);
        Objects.requireNonNull(sourceTs);
        flags = List.copyOf(flags);
    }

    /** Derives the index columns from the entry's body. */
    @SuppressWarnings("unchecked")
    public static IndexedEntry of(LedgerEntry entry) {
        Map<String, Object> body = Json.parseObject(new String(entry.canonical(), StandardCharsets.UTF_8));
        Map<String, Object> event = (Map<String, Object>) body.get("event");
        List<String> flags = (List<String>) body.getOrDefault("flags", List.of());
        return new IndexedEntry(
                entry,
                (String) event.get("type"),
                (String) event.get("node"),
                Instants.parse((String) event.get("ts")),
                flags);
    }

    public String flagsColumn() {
        return flags.isEmpty() ? null : String.join(",", flags);
    }
}
