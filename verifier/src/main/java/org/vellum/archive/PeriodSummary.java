package org.vellum.archive;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.vellum.canonical.Json;
import org.vellum.event.Instants;

/**
 * The counts an archive's {@code summary.json} states about its entries and that anyone can recompute from them
 * (docs/FORMAT.md §9.3): entries by event type, what minimization removed, pseudonymized or redacted (by rule and
 * field, never values), clock-skew flags by node, the oldest and newest arrival, and task lifecycle coverage. The
 * packager and the verifier both feed every entry body through this class, so the figures the attestation prints are
 * the ones the verifier checks.
 *
 * <p>Memory: one counter per distinct type, field path and node, and 9 bytes (up to doubled by the hash table's load)
 * per distinct task in the period; never the entries themselves.
 */
public final class PeriodSummary {
    private static final int CREATED = 1;
    private static final int STARTED = 2;
    private static final int COMPLETED = 4;
    private static final int APPROVED = 8;
    private static final int EXPORTED = 16;
    private static final int CORRECTED = 32;
    private static final int LIFECYCLE = CREATED | STARTED | COMPLETED | APPROVED | EXPORTED;

    private long entries;
    private long minimizedEntries;
    private Instant oldest;
    private Instant newest;
    private final Map<String, Long> byType = new TreeMap<>();
    private final Map<String, Long> removed = new TreeMap<>();
    private final Map<String, Long> pseudonymized = new TreeMap<>();
    private final Map<String, Long> redacted = new TreeMap<>();
    private final Map<String, Map<String, Long>> flagsByNode = new TreeMap<>();
    private final TaskMasks tasks = new TaskMasks();

    /** Adds one entry, given its body's canonical bytes (§3.1). */
    public void add(byte[] canonicalBody) {
        add(Json.parseObject(new String(canonicalBody, StandardCharsets.UTF_8)));
    }

    @SuppressWarnings("unchecked")
    public void add(Map<String, Object> body) {
        entries++;
        Map<String, Object> event = (Map<String, Object>) body.get("event");
        String type = String.valueOf(event.get("type"));
        byType.merge(type, 1L, Long::sum);
        Instant received = Instants.parse((String) body.get("received_at"));
        if (oldest == null || received.isBefore(oldest)) {
            oldest = received;
        }
        if (newest == null || received.isAfter(newest)) {
            newest = received;
        }
        if (body.get("minimized") instanceof Map<?, ?> m) {
            minimizedEntries++;
            count((List<Object>) m.get("removed"), removed);
            count((List<Object>) m.get("pseudonymized"), pseudonymized);
            if (m.get("redacted") instanceof Map<?, ?> kinds) {
                kinds.forEach((k, n) -> redacted.merge((String) k, ((BigDecimal) n).longValueExact(), Long::sum));
            }
        }
        if (body.get("flags") instanceof List<?> flags && !flags.isEmpty()) {
            Map<String, Long> node =
                    flagsByNode.computeIfAbsent(String.valueOf(event.get("node")), k -> new TreeMap<>());
            for (Object f : flags) {
                node.merge(String.valueOf(f), 1L, Long::sum);
            }
        }
        if (event.get("task_id") instanceof String task) {
            int bit =
                    switch (type) {
                        case "task.created" -> CREATED;
                        case "anonymization.started" -> STARTED;
                        case "anonymization.completed" -> COMPLETED;
                        case "result.approved" -> APPROVED;
                        case "result.exported" -> EXPORTED;
                        case "correction.applied" -> CORRECTED;
                        default -> 0;
                    };
            tasks.or(task, bit);
        }
    }

    private static void count(List<Object> paths, Map<String, Long> into) {
        if (paths != null) {
            for (Object p : paths) {
                into.merge(String.valueOf(p), 1L, Long::sum);
            }
        }
    }

    public long entries() {
        return entries;
    }

    public Instant oldestReceivedAt() {
        return oldest;
    }

    /** The figures as {@code summary.json}'s {@code entries} member holds them. */
    public Map<String, Object> toJson() {
        long[] lifecycle = new long[5];
        tasks.forEach(mask -> {
            lifecycle[0]++;
            if ((mask & CREATED) == 0) {
                lifecycle[3]++;
            } else if ((mask & LIFECYCLE) == LIFECYCLE) {
                lifecycle[1]++;
            } else {
                lifecycle[2]++;
            }
            if ((mask & CORRECTED) != 0) {
                lifecycle[4]++;
            }
        });
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("entries", entries);
        json.put("entries_by_type", byType);
        json.put("oldest_received_at", oldest == null ? null : Instants.format(oldest));
        json.put("newest_received_at", newest == null ? null : Instants.format(newest));
        json.put(
                "minimization",
                Map.of(
                        "entries_minimized", minimizedEntries,
                        "removed", removed,
                        "pseudonymized", pseudonymized,
                        "redacted", redacted));
        json.put("clock_skew_flags_by_node", flagsByNode);
        json.put(
                "lifecycle",
                Map.of(
                        "tasks", lifecycle[0],
                        "complete", lifecycle[1],
                        "incomplete", lifecycle[2],
                        "started_before_period", lifecycle[3],
                        "corrected", lifecycle[4]));
        return json;
    }

    /**
     * Task id to a bit mask of the lifecycle steps seen, in an open-addressing table keyed by a 64-bit hash of the id
     * (two ids colliding is about one chance in 10^7 at ten million tasks, and would merge two tasks' counts).
     */
    private static final class TaskMasks {
        /** Marks a slot in use, beside the lifecycle bits. */
        private static final byte USED = (byte) 0x80;

        private long[] keys = new long[1 << 10];
        private byte[] masks = new byte[1 << 10];
        private int size;

        void or(String task, int bit) {
            if (size * 2 >= keys.length) {
                grow();
            }
            long h = hash(task);
            int i = slot(h, keys.length);
            while (masks[i] != 0 && keys[i] != h) {
                i = (i + 1) & (keys.length - 1);
            }
            if (masks[i] == 0) {
                keys[i] = h;
                size++;
            }
            masks[i] |= (byte) (bit | USED);
        }

        void forEach(java.util.function.IntConsumer sink) {
            for (int i = 0; i < keys.length; i++) {
                if (masks[i] != 0) {
                    sink.accept(masks[i] & ~USED);
                }
            }
        }

        private void grow() {
            long[] k = keys;
            byte[] m = masks;
            keys = new long[k.length * 2];
            masks = new byte[k.length * 2];
            for (int j = 0; j < k.length; j++) {
                if (m[j] != 0) {
                    int i = slot(k[j], keys.length);
                    while (masks[i] != 0) {
                        i = (i + 1) & (keys.length - 1);
                    }
                    keys[i] = k[j];
                    masks[i] = m[j];
                }
            }
        }

        private static int slot(long h, int length) {
            return (int) (h ^ (h >>> 32)) & (length - 1);
        }

        /** FNV-1a over the UTF-16 code units, then a 64-bit finalizer (SplitMix64's). */
        private static long hash(String s) {
            long h = 0xcbf29ce484222325L;
            for (int i = 0; i < s.length(); i++) {
                h ^= s.charAt(i);
                h *= 0x100000001b3L;
            }
            h ^= h >>> 30;
            h *= 0xbf58476d1ce4e5b9L;
            h ^= h >>> 27;
            h *= 0x94d049bb133111ebL;
            return h ^ (h >>> 31);
        }
    }
}
