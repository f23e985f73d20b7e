package org.vellum.simulator;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The accounting a correct collection of the spool arrives at (producer spec section 5), counted while the spool is
 * written: what each line is meant to be. Also lists the personal data planted in the spool, none of which may be
 * found in the ledger or in quarantine.
 */
public final class Expected {
    /** Every personal datum the simulator writes, in the form it writes it. */
    public static final List<String> PERSONAL_DATA = List.of(
            "anna.kowalska@example.com",
            "jan.nowak@example.org",
            "anna_kowalska_wedding",
            "WX 4711K",
            "B-AB 1234",
            "192.168.17.23",
            "10.1.2.3",
            "2001:db8::17",
            "SN-4471-XK",
            "52.22977731",
            "21.01222949",
            "0.1234567",
            "/9j/4AAQSkZJRgABAQ");

    private long linesRead;
    private long appended;
    private long duplicates;
    private long notAudit;
    private final TreeMap<String, Long> eventsByType = new TreeMap<>();
    private final TreeMap<String, Long> unknownTypes = new TreeMap<>();
    private final TreeMap<String, Long> quarantinedByReason = new TreeMap<>();
    private final TreeMap<String, Long> clockSkewByNode = new TreeMap<>();

    void event(String type) {
        linesRead++;
        appended++;
        eventsByType.merge(type, 1L, Long::sum);
    }

    void unknownType(String type) {
        linesRead++;
        appended++;
        unknownTypes.merge(type, 1L, Long::sum);
    }

    void duplicate() {
        linesRead++;
        duplicates++;
    }

    void quarantined(String reason) {
        linesRead++;
        quarantinedByReason.merge(reason, 1L, Long::sum);
    }

    void notAudit() {
        linesRead++;
        notAudit++;
    }

    void clockSkew(String node) {
        clockSkewByNode.merge(node, 1L, Long::sum);
    }

    public long linesRead() {
        return linesRead;
    }

    public long appended() {
        return appended;
    }

    public long duplicates() {
        return duplicates;
    }

    public long notAuditLines() {
        return notAudit;
    }

    public long quarantined() {
        return quarantinedByReason.values().stream().mapToLong(Long::longValue).sum();
    }

    public Map<String, Long> eventsByType() {
        return Map.copyOf(eventsByType);
    }

    public Map<String, Long> unknownTypes() {
        return Map.copyOf(unknownTypes);
    }

    public Map<String, Long> quarantinedByReason() {
        return Map.copyOf(quarantinedByReason);
    }

    /** Flags a collection into an empty ledger sets; events of the same nodes already in the ledger can add more. */
    public Map<String, Long> clockSkewByNode() {
        return Map.copyOf(clockSkewByNode);
    }

    String toJson() {
        StringBuilder b = new StringBuilder("{\n");
        b.append("  \"lines_read\": ").append(linesRead).append(",\n");
        b.append("  \"appended\": ").append(appended).append(",\n");
        b.append("  \"duplicates\": ").append(duplicates).append(",\n");
        b.append("  \"quarantined\": ").append(quarantined()).append(",\n");
        b.append("  \"not_audit\": ").append(notAudit).append(",\n");
        b.append("  \"events_by_type\": ").append(map(eventsByType)).append(",\n");
        b.append("  \"unknown_types\": ").append(map(unknownTypes)).append(",\n");
        b.append("  \"quarantined_by_reason\": ")
                .append(map(quarantinedByReason))
                .append(",\n");
        b.append("  \"clock_skew_flags_by_node\": ")
                .append(map(clockSkewByNode))
                .append(",\n");
        b.append("  \"personal_data\": [");
        for (int i = 0; i < PERSONAL_DATA.size(); i++) {
            b.append(i == 0 ? "" : ", ")
                    .append('"')
                    .append(PERSONAL_DATA.get(i))
                    .append('"');
        }
        return b.append("]\n}\n").toString();
    }

    private static String map(Map<String, Long> m) {
        StringBuilder b = new StringBuilder("{");
        m.forEach((k, v) -> b.append(b.length() > 1 ? ", " : "")
                .append('"')
                .append(k)
                .append("\": ")
                .append(v));
        return b.append('}').toString();
    }
}
