package org.vellum.collect;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.vellum.simulator.ProducerSimulator;

/** The lines of a spool the producer simulator wrote, by format: the seeds that the fuzz tests mutate. */
final class SimulatedSpool {
    final List<byte[]> json = new ArrayList<>();
    final List<byte[]> syslog = new ArrayList<>();

    private SimulatedSpool() {}

    /**
     * @param dirty with the dirty parts of the producer spec (broken lines, leaks, duplicates), or only valid events
     */
    static SimulatedSpool write(Path dir, boolean dirty, long seed) {
        try {
            ProducerSimulator.write(new ProducerSimulator.Options(
                    dir.resolve("spool"),
                    dir.resolve("expected.json"),
                    240,
                    2,
                    seed,
                    "anon-",
                    Instant.parse("2026-11-25T00:00:00Z"),
                    0.4,
                    dirty));
            SimulatedSpool spool = new SimulatedSpool();
            try (Stream<Path> files = Files.walk(dir.resolve("spool"))) {
                for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                    String name = file.getFileName().toString();
                    byte[] content;
                    try (InputStream in = name.endsWith(".gz")
                            ? new GZIPInputStream(Files.newInputStream(file))
                            : Files.newInputStream(file)) {
                        content = in.readAllBytes();
                    }
                    List<byte[]> into =
                            SourceFormat.of(name, Optional.empty()) == SourceFormat.SYSLOG ? spool.syslog : spool.json;
                    into.addAll(lines(content));
                }
            }
            return spool;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Lines without their CR/LF; a last line without LF too. Lines over 64 KiB are left out (they cost, not help). */
    static List<byte[]> lines(byte[] content) {
        List<byte[]> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= content.length; i++) {
            if (i == content.length || content[i] == '\n') {
                int end = i < content.length && i > start && content[i - 1] == '\r' ? i - 1 : i;
                if (end > start && end - start <= 1 << 16) {
                    out.add(Arrays.copyOfRange(content, start, end));
                }
                start = i + 1;
            }
        }
        return out;
    }
}
