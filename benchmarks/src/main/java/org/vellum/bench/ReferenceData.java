package org.vellum.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes the data the benchmarks run on, so that bench/micro.sh can measure the reference tools on the same bytes:
 * {@code events.jsonl}, the simulated producer events of the per-event benchmarks (for python3's json), and {@code
 * entries.jsonl}, the entry lines of the {@link AsicBenchmark}'s period, byte for byte what its archive's parts hold
 * (for {@code gzip -6}, {@code zip -6} and {@code zcat}).
 *
 * <pre>java -cp vellum-benchmarks.jar org.vellum.bench.ReferenceData DIR [ENTRIES] [EVENTS]</pre>
 */
public final class ReferenceData {
    private ReferenceData() {}

    public static void main(String[] args) throws IOException {
        if (args.length < 1) {
            throw new IllegalArgumentException("usage: ReferenceData DIR [ENTRIES] [EVENTS]");
        }
        Path dir = Files.createDirectories(Path.of(args[0]));
        int entries = args.length > 1 ? Integer.parseInt(args[1]) : AsicBenchmark.ENTRIES;
        int events = args.length > 2 ? Integer.parseInt(args[2]) : CanonicalJsonBenchmark.EVENTS;
        Files.write(dir.resolve("entries.jsonl"), SampleLedger.of(entries).entryLines());
        Files.write(
                dir.resolve("events.jsonl"),
                (String.join("\n", SimulatedEvents.lines(events)) + "\n").getBytes(StandardCharsets.UTF_8));
    }
}
