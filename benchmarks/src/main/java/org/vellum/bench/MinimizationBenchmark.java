package org.vellum.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.vellum.canonical.Json;
import org.vellum.event.EventNormalizer;
import org.vellum.event.Normalization;

/**
 * Minimization as every ingestion path runs it ({@link EventNormalizer}, the instance {@code MinimizationService}
 * holds): allow-list, pseudonyms (HMAC-SHA-256), free-text redaction, time normalization and the canonical bytes of
 * the result. One simulated event per operation: events/s.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
public class MinimizationBenchmark {
    private static final int EVENTS = CanonicalJsonBenchmark.EVENTS;

    private final EventNormalizer normalizer = SimulatedEvents.normalizer();
    private List<String> lines;
    private int[] lineBytes;
    private List<Map<String, Object>> parsed;
    private int next;

    @Setup
    public void setUp() throws IOException {
        lines = SimulatedEvents.lines(EVENTS);
        lineBytes = lines.stream()
                .mapToInt(l -> l.getBytes(StandardCharsets.UTF_8).length)
                .toArray();
        parsed = SimulatedEvents.parsed(lines);
    }

    private int next() {
        next = (next + 1) & (EVENTS - 1);
        return next;
    }

    /** A parsed event minimized (what the nightly collection does after reading a line). */
    @Benchmark
    public Normalization normalize(EventBytes counter) {
        int i = next();
        counter.bytes += lineBytes[i];
        return normalizer.normalize(parsed.get(i), Optional.empty());
    }

    /** A JSON line parsed and minimized: the whole per-event work before the ledger. */
    @Benchmark
    public Normalization parseAndNormalize(EventBytes counter) {
        int i = next();
        counter.bytes += lineBytes[i];
        return normalizer.normalize(Json.parseObject(lines.get(i)), Optional.empty());
    }
}
