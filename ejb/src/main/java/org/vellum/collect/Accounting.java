package org.vellum.collect;

import java.math.BigDecimal;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.vellum.canonical.CanonicalJson;
import org.vellum.canonical.Json;
import org.vellum.event.MinimizationReport;
import org.vellum.event.NormalizedEvent;

/**
 * The counts of a collection run, per producer spec section 5: every line read is appended, a duplicate, quarantined
 * or not an audit event, and {@link #balanced()} checks that they add up. The breakdowns name types, reasons, field
 * names, redaction kinds and nodes, never values. Mutable; not thread-safe.
 */
public final class Accounting {
    /** Distinct names one breakdown keeps; further names are counted under {@link #OTHER}, so a run stays small. */
    static final int MAX_NAMES = 1000;

    static final String OTHER = "(other)";

    private long linesRead;
    private long appended;
    private long duplicates;
    private long quarantined;
    private long notAudit;
    private long reread;
    private final TreeMap<String, Long> eventsByType = new TreeMap<>();
    private final TreeMap<String, Long> unknownTypes = new TreeMap<>();
    private final TreeMap<String, Long> quarantinedByReason = new TreeMap<>();
    private final TreeMap<String, Long> removedFields = new TreeMap<>();
    private final TreeMap<String, Long> pseudonymized = new TreeMap<>();
    private final TreeMap<String, Long> redactions = new TreeMap<>();
    private final TreeMap<String, Long> clockSkewByNode = new TreeMap<>();
    private final TreeMap<String, Long> unreadableFiles = new TreeMap<>();

    public void read() {
        linesRead++;
    }

    public void notAudit() {
        notAudit++;
    }

    public void quarantined(String reason) {
        quarantined++;
        quarantinedByReason.merge(reason, 1L, Long::sum);
    }

    /** A file that could not be read to its end in this run (its lines read so far count; the rest waits). */
    public void unreadable(String path) {
        count(unreadableFiles, path, 1);
    }

    public Map<String, Long> unreadableFiles() {
        return Collections.unmodifiableMap(unreadableFiles);
    }

    public void duplicate() {
        duplicates++;
    }

    /** An appended event, with what minimization did to it and the clock-skew flags it got. */
    public void appended(NormalizedEvent event, boolean flagged) {
        appended++;
        count(event.knownType() ? eventsByType : unknownTypes, event.type(), 1);
        MinimizationReport m = event.minimization();
        m.removed().forEach(f -> count(removedFields, f, 1));
        m.pseudonymized().forEach(f -> count(pseudonymized, f, 1));
        m.redacted().forEach((kind, n) -> count(redactions, kind, n));
        if (flagged) {
            count(clockSkewByNode, event.node(), 1);
        }
    }

    /**
     * An appended event read again after an interruption: its entry records this very line, so it was appended by
     * this collection before the interruption and counts as appended, once.
     */
    public void reread(NormalizedEvent event, boolean flagged) {
        appended(event, flagged);
        reread++;
    }

    public long rereadAfterInterruption() {
        return reread;
    }

    public void add(Accounting other) {
        linesRead += other.linesRead;
        appended += other.appended;
        duplicates += other.duplicates;
        quarantined += other.quarantined;
        notAudit += other.notAudit;
        reread += other.reread;
        merge(eventsByType, other.eventsByType);
        merge(unknownTypes, other.unknownTypes);
        merge(quarantinedByReason, other.quarantinedByReason);
        merge(removedFields, other.removedFields);
        merge(pseudonymized, other.pseudonymized);
        merge(redactions, other.redactions);
        merge(clockSkewByNode, other.clockSkewByNode);
        merge(unreadableFiles, other.unreadableFiles);
    }

    public boolean isEmpty() {
        return linesRead == 0 && appended == 0 && duplicates == 0 && quarantined == 0 && notAudit == 0;
    }

    /** appended + duplicates + quarantined + not audit = lines read. */
    public boolean balanced() {
        return appended + duplicates + quarantined + notAudit == linesRead;
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

    public long quarantined() {
        return quarantined;
    }

    public long notAuditLines() {
        return notAudit;
    }

    public Map<String, Long> eventsByType() {
        return Collections.unmodifiableMap(eventsByType);
    }

    public Map<String, Long> unknownTypes() {
        return Collections.unmodifiableMap(unknownTypes);
    }

    public Map<String, Long> quarantinedByReason() {
        return Collections.unmodifiableMap(quarantinedByReason);
    }

    public Map<String, Long> removedFields() {
        return Collections.unmodifiableMap(removedFields);
    }

    public Map<String, Long> clockSkewByNode() {
        return Collections.unmodifiableMap(clockSkewByNode);
    }

    public Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("lines_read", linesRead);
        json.put("appended", appended);
        json.put("duplicates", duplicates);
        json.put("quarantined", quarantined);
        json.put("not_audit", notAudit);
        json.put("balanced", balanced());
        json.put("reread_after_interruption", reread);
        json.put("events_by_type", eventsByType);
        json.put("unknown_types", unknownTypes);
        json.put("quarantined_by_reason", quarantinedByReason);
        json.put("removed_fields", removedFields);
        json.put("pseudonymized", pseudonymized);
        json.put("redactions", redactions);
        json.put("clock_skew_flags_by_node", clockSkewByNode);
        json.put("unreadable_files", unreadableFiles);
        return json;
    }

    public String toJsonText() {
        return CanonicalJson.string(toJson());
    }

    public static Accounting fromJsonText(String text) {
        Map<String, Object> json = Json.parseObject(text);
        Accounting a = new Accounting();
        a.linesRead = count(json, "lines_read");
        a.appended = count(json, "appended");
        a.duplicates = count(json, "duplicates");
        a.quarantined = count(json, "quarantined");
        a.notAudit = count(json, "not_audit");
        a.reread = count(json, "reread_after_interruption");
        read(json, "events_by_type", a.eventsByType);
        read(json, "unknown_types", a.unknownTypes);
        read(json, "quarantined_by_reason", a.quarantinedByReason);
        read(json, "removed_fields", a.removedFields);
        read(json, "pseudonymized", a.pseudonymized);
        read(json, "redactions", a.redactions);
        read(json, "clock_skew_flags_by_node", a.clockSkewByNode);
        read(json, "unreadable_files", a.unreadableFiles);
        return a;
    }

    private static long count(Map<String, Object> json, String name) {
        return json.get(name) instanceof BigDecimal n ? n.longValueExact() : 0;
    }

    private static void read(Map<String, Object> json, String name, Map<String, Long> into) {
        if (json.get(name) instanceof Map<?, ?> m) {
            m.forEach((k, v) -> into.put((String) k, ((BigDecimal) v).longValueExact()));
        }
    }

    private static void merge(Map<String, Long> into, Map<String, Long> from) {
        from.forEach((k, v) -> count(into, k, v));
    }

    private static void count(Map<String, Long> into, String name, long n) {
        String key = into.size() >= MAX_NAMES && !into.containsKey(name) ? OTHER : name;
        into.merge(key, n, Long::sum);
    }
}
