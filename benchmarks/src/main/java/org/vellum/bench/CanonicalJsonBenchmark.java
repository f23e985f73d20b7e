package org.vellum.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.vellum.canonical.CanonicalJson;
import org.vellum.canonical.Json;

/**
 * Parsing a producer's JSON line ({@link Json}) and writing a parsed event in RFC 8785 form ({@link CanonicalJson}),
 * one simulated event per operation: the score is events/s.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
public class CanonicalJsonBenchmark {
    /** Simulated events cycled through (a power of two); {@link ReferenceData} writes the same ones. */
    static final int EVENTS = 4096;

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

    @Benchmark
    public Map<String, Object> parse(EventBytes counter) {
        int i = next();
        counter.bytes += lineBytes[i];
        return Json.parseObject(lines.get(i));
    }

    @Benchmark
    public byte[] canonicalize(EventBytes counter) {
        byte[] canonical = CanonicalJson.bytes(parsed.get(next()));
        counter.bytes += canonical.length;
        return canonical;
    }
}
