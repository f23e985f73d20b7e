package org.vellum.ledger;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;
import org.vellum.event.Instants;

/**
 * How long REST appends take until they are durable, as a log-linear histogram (8 steps per power of two of
 * microseconds, so a percentile is exact to within 12.5 %), lock-free to record. Each archive takes the figures since
 * the previous one ({@link #snapshotAndReset}) for its attestation.
 */
public final class WriteLatency {
    private static final int SUB = 8;
    private static final int BUCKETS = 40 * SUB;

    private final Clock clock;
    private volatile AtomicLongArray counts = new AtomicLongArray(BUCKETS);
    private volatile Instant since;

    public WriteLatency(Clock clock) {
        this.clock = clock;
        this.since = clock.instant();
    }

    public void record(long nanos) {
        counts.incrementAndGet(bucket(Math.max(1, nanos / 1000)));
    }

    static int bucket(long micros) {
        int power = 63 - Long.numberOfLeadingZeros(micros);
        if (power < 3) {
            return (int) micros;
        }
        int sub = (int) ((micros >>> (power - 3)) & (SUB - 1));
        return Math.min(BUCKETS - 1, (power - 2) * SUB + sub);
    }

    /** The largest value, in microseconds, a bucket holds. */
    static long upper(int bucket) {
        if (bucket < SUB) {
            return bucket;
        }
        int power = bucket / SUB + 2;
        int sub = bucket % SUB;
        return ((long) (SUB + sub + 1) << (power - 3)) - 1;
    }

    /**
     * The figures since the last call: {@code samples}, {@code p50_ms}, {@code p99_ms}, {@code max_ms}, {@code since},
     * {@code until}; the measurement starts afresh.
     */
    public synchronized Map<String, Object> snapshotAndReset() {
        AtomicLongArray taken = counts;
        counts = new AtomicLongArray(BUCKETS);
        Instant from = since;
        Instant until = clock.instant();
        since = until;
        return figures(taken, from, until);
    }

    /** The same figures since the last archive took them, without starting afresh (for the dashboard). */
    public synchronized Map<String, Object> current() {
        return figures(counts, since, clock.instant());
    }

    private static Map<String, Object> figures(AtomicLongArray taken, Instant from, Instant until) {
        long total = 0;
        for (int i = 0; i < BUCKETS; i++) {
            total += taken.get(i);
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("samples", total);
        json.put("p50_ms", total == 0 ? null : ms(percentile(taken, total, 0.50)));
        json.put("p99_ms", total == 0 ? null : ms(percentile(taken, total, 0.99)));
        json.put("max_ms", total == 0 ? null : ms(percentile(taken, total, 1.0)));
        json.put("since", Instants.format(from));
        json.put("until", Instants.format(until));
        return json;
    }

    private static long percentile(AtomicLongArray counts, long total, double p) {
        long rank = Math.max(1, (long) Math.ceil(p * total));
        long seen = 0;
        for (int i = 0; i < BUCKETS; i++) {
            seen += counts.get(i);
            if (seen >= rank) {
                return upper(i);
            }
        }
        return upper(BUCKETS - 1);
    }

    private static String ms(long micros) {
        return java.math.BigDecimal.valueOf(micros, 3).stripTrailingZeros().toPlainString();
    }
}
