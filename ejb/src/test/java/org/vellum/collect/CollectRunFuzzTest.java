package org.vellum.collect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vellum.event.EventNormalizer;
import org.vellum.event.HmacPseudonymizer;
import org.vellum.event.NormalizedEvent;
import org.vellum.fuzz.Gen;
import org.vellum.fuzz.Hostile;
import org.vellum.fuzz.Shrink;
import org.vellum.fuzz.Tries;
import org.vellum.ledger.Origin;
import org.vellum.ledger.Receipt;

/**
 * A whole collection over a spool of hostile files, run as the nightly job runs it (read, classify, quarantine or
 * append a chunk, flush): every line of every file is accounted for, appended + duplicates + quarantined + not audit =
 * lines read, and the lines read are exactly the file's lines (an unterminated last line counts only in a file that no
 * longer grows).
 */
class CollectRunFuzzTest {
    @TempDir
    static Path tmp;

    private static SimulatedSpool seeds;
    private static final AtomicLong RUNS = new AtomicLong();

    @BeforeAll
    static void spool() {
        seeds = SimulatedSpool.write(tmp.resolve("seeds"), true, 21);
    }

    /** One file of the spool: its name (which says whether it is gzipped, rotated, syslog) and its lines. */
    record SpoolFile(String name, List<byte[]> lines, List<String> ends) {
        byte[] content() {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (int i = 0; i < lines.size(); i++) {
                out.writeBytes(lines.get(i));
                out.writeBytes(ends.get(i).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            }
            return out.toByteArray();
        }

        boolean isFinal() {
            return name.endsWith(".gz") || name.matches(".*\\.\\d+(\\.gz)?");
        }

        /** The lines a reader must count: every LF ends one; the rest counts if the file is final and not empty. */
        long expectedLines() {
            byte[] c = content();
            long lf = 0;
            int last = -1;
            for (int i = 0; i < c.length; i++) {
                if (c[i] == '\n') {
                    lf++;
                    last = i;
                }
            }
            return lf + (isFinal() && c.length - last - 1 > 0 ? 1 : 0);
        }
    }

    private static final List<String> NAMES = List.of(
            "anon-1/audit.log",
            "anon-1/audit.log.1",
            "anon-1/audit.log.2.gz",
            "anon-2/audit.syslog",
            "anon-2/audit.syslog.1.gz",
            "anon-3/events.jsonl");

    private static List<SpoolFile> spool(SplittableRandom r) {
        List<SpoolFile> files = new ArrayList<>();
        for (String name : NAMES) {
            if (r.nextInt(3) == 0) {
                continue;
            }
            boolean syslog = name.contains("syslog");
            Gen<byte[]> lines = Gen.oneOf(
                    Gen.element(syslog ? seeds.syslog : seeds.json),
                    Gen.element(syslog ? seeds.syslog : seeds.json),
                    Hostile.mutated(syslog ? seeds.syslog : seeds.json),
                    Hostile.bytes(),
                    rr -> new byte[0]);
            List<byte[]> content = new ArrayList<>();
            List<String> ends = new ArrayList<>();
            // a first line of its own, so that no file starts as another does (which would be a renamed file)
            content.add(("# " + name + " " + r.nextLong()).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            ends.add("\n");
            for (int n = r.nextInt(40); n > 0; n--) {
                byte[] line = r.nextInt(400) == 0 ? new byte[LineReader.MAX_LINE + 1 + r.nextInt(100)] : lines.draw(r);
                if (line.length > LineReader.MAX_LINE) {
                    java.util.Arrays.fill(line, (byte) '{');
                }
                content.add(line);
                ends.add(List.of("\n", "\n", "\r\n", "\r\r\n").get(r.nextInt(4)));
            }
            if (!ends.isEmpty() && r.nextBoolean()) {
                ends.set(ends.size() - 1, ""); // cut at rotation: no LF after the last line
            }
            files.add(new SpoolFile(name, content, ends));
        }
        return files;
    }

    @Test
    void everyLineOfEveryFileIsAccountedFor() {
        Tries.of(150)
                .hangBound(Duration.ofSeconds(30))
                .forAll(
                        CollectRunFuzzTest::spool,
                        Shrink.list(),
                        files -> files.stream()
                                .map(f -> f.name() + " " + Tries.showLines(f.lines()))
                                .reduce("", (a, b) -> a + "\n  " + b),
                        this::collectAndCheck);
    }

    private void collectAndCheck(List<SpoolFile> files) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("run-" + RUNS.incrementAndGet()));
        long expectedLines = 0;
        for (SpoolFile f : files) {
            Path file = Files.createDirectories(dir.resolve(f.name()).getParent())
                    .resolve(dir.resolve(f.name()).getFileName());
            byte[] content = f.content();
            try (OutputStream out = f.name().endsWith(".gz")
                    ? new GZIPOutputStream(Files.newOutputStream(file))
                    : Files.newOutputStream(file)) {
                out.write(content);
            }
            expectedLines += f.expectedLines();
        }
        Backend backend = new Backend();
        Source source = new Source("spool", dir, "**", Optional.empty(), Optional.empty());
        long events = 0;
        long quarantined = 0;
        long notAudit = 0;
        try (CollectRun run = CollectRun.open(backend, List.of(source), 1, 1)) {
            List<CollectedEvent> chunk = new ArrayList<>();
            for (Optional<SpoolLine> next = run.next(); next.isPresent(); next = run.next()) {
                SpoolLine line = next.get();
                Classified c = run.classify(line);
                if (c instanceof Classified.Event e) {
                    chunk.add(new CollectedEvent(e.event(), line.origin()));
                    events++;
                } else if (c instanceof Classified.Quarantined q) {
                    run.quarantine(line, q);
                    quarantined++;
                } else {
                    notAudit++;
                }
                if ((events + quarantined + notAudit) % 7 == 0) {
                    run.append(chunk);
                    chunk.clear();
                    run.flush();
                }
            }
            run.append(chunk);
            run.flush();
            Accounting a = run.record().accounting();
            assertTrue(a.balanced(), a::toJsonText);
            assertEquals(expectedLines, a.linesRead(), "lines read");
            assertEquals(events, a.appended() + a.duplicates(), "events appended or duplicates");
            assertEquals(backend.fresh, a.appended(), "appended as the ledger took them");
            assertEquals(quarantined, a.quarantined());
            assertEquals(notAudit, a.notAuditLines());
            assertEquals(quarantined, backend.store.quarantined.size(), "every quarantined line is kept");
            for (QuarantinedLine q : backend.store.quarantined) {
                assertFalse(q.reason().isBlank());
                assertFalse(q.detail().isBlank());
            }
            assertEquals(Map.of(), a.unreadableFiles(), "every file was read to its end");
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /** The ledger and tables of a collection, in memory: a repeated event id is a duplicate, as in the ledger. */
    private static final class Backend implements CollectBackend {
        final Store store = new Store();
        final Map<String, Long> ids = new HashMap<>();
        long fresh;
        private final EventNormalizer normalizer = new EventNormalizer(new HmacPseudonymizer(new byte[32]));

        @Override
        public List<Source> configuredSources() {
            return List.of();
        }

        @Override
        public Path importFolder(String dir) {
            throw new UnsupportedOperationException();
        }

        @Override
        public EventNormalizer normalizer() {
            return normalizer;
        }

        @Override
        public CollectStore store() {
            return store;
        }

        @Override
        public Duration quarantineRetention() {
            return Duration.ofDays(30);
        }

        @Override
        public List<Receipt> append(List<NormalizedEvent> events, List<Origin> origins) {
            List<Receipt> receipts = new ArrayList<>();
            for (NormalizedEvent e : events) {
                Long seq = ids.get(e.eventId());
                boolean duplicate = seq != null;
                if (!duplicate) {
                    seq = (long) ids.size() + 1;
                    ids.put(e.eventId(), seq);
                    fresh++;
                }
                receipts.add(new Receipt(seq, e.eventId(), new byte[32], new byte[32], Instant.now(), duplicate));
            }
            return receipts;
        }

        @Override
        public Optional<Appended> appended(Receipt duplicate) {
            return Optional.empty();
        }

        @Override
        public void verifyLedger(long from, long to) {}
    }

    private static final class Store implements CollectStore {
        final List<QuarantinedLine> quarantined = new ArrayList<>();

        @Override
        public Optional<FileRecord> file(int headLength, String fileId) {
            return Optional.empty();
        }

        @Override
        public List<FileRecord> unchangedAt(String source, String path, long rawSize, long modified) {
            return List.of();
        }

        @Override
        public Set<Integer> shortHeadLengths() {
            return Set.of();
        }

        @Override
        public Optional<RunRecord> run(long jobInstance) {
            return Optional.empty();
        }

        @Override
        public void flush(Collection<FileRecord> files, RunRecord run, List<QuarantinedLine> lines) {
            quarantined.addAll(lines);
        }

        @Override
        public List<QuarantinedLine> quarantine(
                Optional<String> reason, Optional<String> source, int offset, int limit) {
            return List.copyOf(quarantined);
        }

        @Override
        public long quarantineCount(Optional<String> reason, Optional<String> source) {
            return quarantined.size();
        }

        @Override
        public int purgeQuarantine(Instant now) {
            return 0;
        }
    }
}
