package org.vellum.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.vellum.canonical.Json;
import org.vellum.event.EventNormalizer;
import org.vellum.event.HmacPseudonymizer;
import org.vellum.event.Normalization;
import org.vellum.event.NormalizedEvent;
import org.vellum.simulator.ProducerSimulator;

/**
 * Producer events as the platform writes them: a clean spool of the producer simulator (JSON lines only, every type
 * of the lifecycle, personal data included), read back line by line. The spool is written to a temporary folder and
 * removed again; the same count and seed give the same events.
 */
final class SimulatedEvents {
    /** The pseudonym secret of the benchmarks: fixed, so that the reference data is the same bytes on every run. */
    static final byte[] PSEUDONYM_SECRET = new byte[32];

    private static final long SEED = 17;
    private static final Instant START = Instant.parse("2026-11-29T00:00:00Z");

    private SimulatedEvents() {}

    /** {@code count} JSON lines of valid audit events. */
    static List<String> lines(int count) throws IOException {
        Path dir = Files.createTempDirectory("vellum-bench-spool");
        try {
            Path spool = dir.resolve("spool");
            ProducerSimulator.write(new ProducerSimulator.Options(
                    spool, dir.resolve("expected.json"), count, 4, SEED, "anon-", START, 0.0, false));
            List<String> lines = new ArrayList<>(count);
            try (Stream<Path> files = Files.walk(spool)) {
                for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                    read(file, lines);
                }
            }
            if (lines.size() != count) {
                throw new IllegalStateException("the simulator wrote " + lines.size() + " lines, not " + count);
            }
            return lines;
        } finally {
            delete(dir);
        }
    }

    /** The lines parsed into JSON objects, as the ingestion paths see them before minimization. */
    static List<Map<String, Object>> parsed(List<String> lines) {
        return lines.stream().map(Json::parseObject).toList();
    }

    /** The normalizer every ingestion path uses, with the benchmarks' secret. */
    static EventNormalizer normalizer() {
        return new EventNormalizer(new HmacPseudonymizer(PSEUDONYM_SECRET));
    }

    /** Minimizes every line; a line the normalizer does not accept means the set-up is broken. */
    static List<NormalizedEvent> normalized(List<String> lines) {
        EventNormalizer normalizer = normalizer();
        List<NormalizedEvent> events = new ArrayList<>(lines.size());
        for (String line : lines) {
            Normalization n = normalizer.normalize(Json.parseObject(line), Optional.empty());
            if (!(n instanceof Normalization.Accepted accepted)) {
                throw new IllegalStateException("a simulated event was not accepted: " + n);
            }
            events.add(accepted.event());
        }
        return events;
    }

    /** The mean size in bytes of the lines (UTF-8, without the line feed). */
    static double meanBytes(List<String> lines) {
        return lines.stream()
                .mapToInt(l -> l.getBytes(StandardCharsets.UTF_8).length)
                .average()
                .orElse(0);
    }

    private static void read(Path file, List<String> into) throws IOException {
        InputStream raw = Files.newInputStream(file);
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                file.toString().endsWith(".gz") ? new GZIPInputStream(raw) : raw, StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (!line.isBlank()) {
                    into.add(line);
                }
            }
        }
    }

    static void delete(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
