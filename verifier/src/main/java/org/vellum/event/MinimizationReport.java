package org.vellum.event;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What minimization did to one event, by rule and field name, never by value: removed fields, pseudonymized fields and
 * redactions by kind. It is part of the entry's hashed body, so the ledger itself proves what was taken out.
 */
public record MinimizationReport(
        List<String> removed, List<String> pseudonymized, SortedMap<String, Integer> redacted) {

    public static final MinimizationReport NONE = new MinimizationReport(List.of(), List.of(), new TreeMap<>());

    public MinimizationReport {
        removed = List.copyOf(new TreeSet<>(removed));
        pseudonymized = List.copyOf(new TreeSet<>(pseudonymized));
        redacted = Collections.unmodifiableSortedMap(new TreeMap<>(redacted));
    }

    public boolean isEmpty() {
        return removed.isEmpty() && pseudonymized.isEmpty() && redacted.isEmpty();
    }

    /** The JSON form stored in the entry body: only non-empty members. */
    public Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        if (!removed.isEmpty()) {
            json.put("removed", removed);
        }
        if (!pseudonymized.isEmpty()) {
            json.put("pseudonymized", pseudonymized);
        }
        if (!redacted.isEmpty()) {
            json.put("redacted", redacted);
        }
        return json;
    }

    /** Collects the report while an event is being normalized. */
    static final class Builder {
        private final ArrayList<String> removed = new ArrayList<>();
        private final ArrayList<String> pseudonymized = new ArrayList<>();
        private final TreeMap<String, Integer> redacted = new TreeMap<>();

        void removed(String path) {
            removed.add(path);
        }

        void pseudonymized(String path) {
            pseudonymized.add(path);
        }

        void redacted(String kind, int count) {
            redacted.merge(kind, count, Integer::sum);
        }

        MinimizationReport build() {
            return removed.isEmpty() && pseudonymized.isEmpty() && redacted.isEmpty()
                    ? NONE
                    : new MinimizationReport(removed, pseudonymized, redacted);
        }
    }
}
