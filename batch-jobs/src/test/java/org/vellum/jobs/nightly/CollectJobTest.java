package org.vellum.jobs.nightly;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.batch.runtime.BatchStatus;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.vellum.canonical.Json;
import org.vellum.collect.Accounting;
import org.vellum.collect.QuarantinedLine;
import org.vellum.collect.RunRecord;
import org.vellum.ledger.LedgerEntry;
import org.vellum.simulator.Expected;

/** The job {@code nightly-archive} run by jberet-se over simulated spools: section 5, rotation, growth, faults. */
class CollectJobTest {
    @TempDir
    Path tmp;

    private JobHarness harness;

    @BeforeEach
    void start() throws Exception {
        harness = new JobHarness(tmp.resolve("journal"));
    }

    @AfterEach
    void stop() {
        harness.close();
    }

    private Expected spool(Path dir, long events, int nodes, long seed) throws IOException {
        return JobHarness.spool(dir, events, nodes, seed);
    }

    private RunRecord runToCompletion(Map<String, String> params) throws InterruptedException {
        long id = harness.start(params);
        assertEquals(BatchStatus.COMPLETED, harness.await(id), "execution " + id);
        return harness.run(id);
    }

    private static void assertAccounting(Expected expected, Accounting actual) {
        assertEquals(expected.linesRead(), actual.linesRead(), "lines read");
        assertEquals(expected.appended(), actual.appended(), () -> "appended: " + actual.toJsonText());
        assertEquals(expected.duplicates(), actual.duplicates(), "duplicates");
        assertEquals(expected.quarantinedByReason(), actual.quarantinedByReason(), "quarantined by reason");
        assertEquals(expected.notAuditLines(), actual.notAuditLines(), "not audit");
        assertEquals(expected.eventsByType(), actual.eventsByType(), "events by type");
        assertEquals(expected.unknownTypes(), actual.unknownTypes(), "unknown types");
        assertTrue(actual.balanced(), "appended + duplicates + quarantined + not audit = lines read");
    }

    @Test
    void everyRowOfSection5IsAccountedForLineByLine() throws Exception {
        Path dir = tmp.resolve("spool");
        Expected expected = spool(dir, 3000, 3, 7);
        RunRecord run = runToCompletion(Map.of("sourceDir", dir.toString(), "itemCount", "250"));

        assertAccounting(expected, run.accounting());
        assertEquals(expected.clockSkewByNode(), run.accounting().clockSkewByNode(), "clock-skew flags by node");
        // every reason of section 5 occurs, so that each is exercised
        assertEquals(
                Set.of(
                        "invalid-json",
                        "invalid-utf8",
                        "invalid-syslog",
                        "missing-field",
                        "bad-field-type",
                        "timestamp-without-offset",
                        "line-too-long"),
                expected.quarantinedByReason().keySet());

        List<LedgerEntry> entries = harness.entries();
        assertEquals(expected.appended(), entries.size(), "the ledger holds each appended event once");
        Set<String> ids = new HashSet<>();
        entries.forEach(e -> assertTrue(ids.add(e.eventId()), "event id twice: " + e.eventId()));

        StringBuilder everything = new StringBuilder();
        for (LedgerEntry e : entries) {
            everything.append(new String(e.canonical(), StandardCharsets.UTF_8)).append('\n');
        }
        List<QuarantinedLine> quarantine = harness.store.quarantine(Optional.empty(), Optional.empty(), 0, 10_000);
        assertEquals(expected.quarantined(), quarantine.size(), "one quarantine row per quarantined line");
        for (QuarantinedLine q : quarantine) {
            everything.append(q.excerpt()).append(q.detail()).append(q.path()).append('\n');
            assertTrue(q.excerpt().length() <= 1024, "excerpts are truncated");
        }
        for (String datum : Expected.PERSONAL_DATA) {
            assertFalse(
                    everything.toString().contains(datum), "personal datum found in ledger or quarantine: " + datum);
        }
        assertTrue(everything.toString().contains("\"pseudonymized\":[\"user\"]"), "e-mail users are pseudonymized");
        assertTrue(everything.toString().contains("[redacted]"), "free text is redacted");
        assertTrue(everything.toString().contains("\"origin\":{\"file\":"), "entries record where they were read");

        // Quarantine keeps its lines for its retention (30 days here), then lets them go.
        assertEquals(0, harness.store.purgeQuarantine(Instant.now()));
        assertEquals(
                quarantine.size(), harness.store.purgeQuarantine(Instant.now().plus(31, ChronoUnit.DAYS)));
        assertEquals(0, harness.store.quarantineCount(Optional.empty(), Optional.empty()));
    }

    @Test
    void syslogStructuredDataIsUnescapedNestedAndTyped() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("syslog"));
        String id = UUID.randomUUID().toString();
        String id2 = UUID.randomUUID().toString();
        Files.writeString(
                dir.resolve("audit.syslog"),
                "<134>1 2026-11-25T14:03:22.123Z anon-2 anonymizer 4242 anonymization.started [audit@32473 event_id=\""
                        + id + "\" task_id=\"T-000187\" operation=\"blur_all\" model.id=\"faceplate-detector\""
                        + " model.version=\"4.2.1\" config.blur_method=\"gaussian\" config.confidence_threshold=\"0.45\""
                        + " plate_text=\"WX 4711K\"] started\r\n"
                        + "<134>1 2026-11-25T14:03:23.123Z anon-2 anonymizer 4242 correction.applied [audit@32473"
                        + " event_id=\"" + id2 + "\" task_id=\"T-000187\" user=\"op-1\" scope.regions_added=\"1\""
                        + " scope.regions_removed=\"0\" scope.frames=\"3,4\" reason=\"box \\\"left\\\" [edge\\] at"
                        + " C:\\\\tmp\"] corrected\n");
        RunRecord run = runToCompletion(Map.of("sourceDir", dir.toString()));
        assertEquals(2, run.accounting().appended(), run.accounting().toJsonText());

        List<LedgerEntry> entries = harness.entries();
        Map<String, Object> started = event(entries.get(0));
        assertEquals("anonymization.started", started.get("type"));
        assertEquals("anon-2", started.get("node"));
        assertEquals("2026-11-25T14:03:22.123Z", started.get("ts"));
        assertEquals(Map.of("id", "faceplate-detector", "version", "4.2.1"), started.get("model"));
        assertEquals(new BigDecimal("0.45"), ((Map<?, ?>) started.get("config")).get("confidence_threshold"));
        assertFalse(started.containsKey("plate_text"));

        Map<String, Object> corrected = event(entries.get(1));
        assertEquals("box \"left\" [edge] at C:\\tmp", corrected.get("reason"));
        assertEquals(
                List.of(3L, 4L),
                ((List<?>) ((Map<?, ?>) corrected.get("scope")).get("frames"))
                        .stream().map(n -> ((BigDecimal) n).longValue()).toList());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> event(LedgerEntry entry) {
        return (Map<String, Object>) Json.parseObject(new String(entry.canonical(), StandardCharsets.UTF_8))
                .get("event");
    }

    @Test
    void rotatedAndCompressedFilesAreNotReadAgainAndGrowthIsReadOnce() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("rotating"));
        Path live = dir.resolve("audit.log");
        append(live, 0, 40);
        assertEquals(
                40,
                runToCompletion(Map.of("sourceDir", dir.toString()))
                        .accounting()
                        .appended());

        // The platform writes on, then logrotate renames the file and starts a new one.
        append(live, 40, 10);
        Path rotated = dir.resolve("audit.log.1");
        Files.move(live, rotated);
        append(live, 50, 5);
        RunRecord second = runToCompletion(Map.of("sourceDir", dir.toString()));
        assertEquals(15, second.accounting().linesRead(), "only the new lines of the renamed file and the new file");
        assertEquals(15, second.accounting().appended());

        // Later logrotate compresses the renamed file.
        gzip(rotated, dir.resolve("audit.log.2.gz"));
        Files.delete(rotated);
        RunRecord third = runToCompletion(Map.of("sourceDir", dir.toString()));
        assertEquals(0, third.accounting().linesRead(), "a compressed copy is the same file");

        assertEquals(55, harness.entries().size());
        // line numbers continue across growth: the 41st line of the original file was read as line 41
        String body = new String(harness.entries().get(40).canonical(), StandardCharsets.UTF_8);
        assertTrue(body.contains("\"line\":41"), body);
    }

    @Test
    void anUnterminatedLastLineOfALiveFileWaitsForItsLineFeed() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("partial"));
        Path live = dir.resolve("audit.log");
        append(live, 0, 3);
        String half = line(3);
        Files.writeString(live, half.substring(0, 30), StandardOpenOption.APPEND);
        RunRecord first = runToCompletion(Map.of("sourceDir", dir.toString()));
        assertEquals(3, first.accounting().linesRead());

        Files.writeString(live, half.substring(30) + "\n", StandardOpenOption.APPEND);
        RunRecord second = runToCompletion(Map.of("sourceDir", dir.toString()));
        assertEquals(1, second.accounting().appended(), "the completed line is read whole, once");
        assertEquals(0, second.accounting().quarantined());
    }

    @Test
    void aCorruptGzipIsReportedAndRetriedWhileTheOtherFilesAreRead() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("corrupt"));
        append(dir.resolve("audit.log"), 0, 10);
        Path whole = tmp.resolve("whole.log");
        append(whole, 100, 2000);
        gzip(whole, tmp.resolve("whole.gz"));
        byte[] gz = Files.readAllBytes(tmp.resolve("whole.gz"));
        // logrotate was still compressing: the archive ends in the middle
        Files.write(dir.resolve("audit.log.1.gz"), java.util.Arrays.copyOf(gz, gz.length / 2));

        RunRecord first = runToCompletion(Map.of("sourceDir", dir.toString()));
        assertEquals(Map.of("audit.log.1.gz", 1L), first.accounting().unreadableFiles());
        assertTrue(first.accounting().appended() >= 10, "the readable file and the readable part were collected");
        assertTrue(first.accounting().balanced());
        long partial = first.accounting().appended() - 10;

        Files.write(dir.resolve("audit.log.1.gz"), gz); // compression finished
        RunRecord second = runToCompletion(Map.of("sourceDir", dir.toString()));
        assertEquals(Map.of(), second.accounting().unreadableFiles());
        assertEquals(2000 - partial, second.accounting().appended(), "the rest of the archive, once");
        assertEquals(2010, harness.entries().size());
    }

    @Test
    void aSecondRunOverTheSameSpoolReadsNothing() throws Exception {
        Path dir = tmp.resolve("twice");
        Expected expected = spool(dir, 500, 2, 11);
        assertAccounting(
                expected, runToCompletion(Map.of("sourceDir", dir.toString())).accounting());
        RunRecord again = runToCompletion(Map.of("sourceDir", dir.toString()));
        assertEquals(0, again.accounting().linesRead());
        assertEquals(expected.appended(), harness.entries().size());
    }

    @ParameterizedTest
    @ValueSource(strings = {"read", "process", "write", "flush"})
    void aFailedRunRestartsAndEndsExactlyOnce(String stage) throws Exception {
        Path dir = tmp.resolve("fault-" + stage);
        Expected expected = spool(dir, 2000, 2, 13);
        long first = harness.start(
                Map.of("sourceDir", dir.toString(), "itemCount", "100", "failAt", stage, "failAfter", "750"));
        assertEquals(BatchStatus.FAILED, harness.await(first));
        RunRecord partial = harness.run(first);
        assertTrue(partial.accounting().linesRead() < expected.linesRead(), "the failure stopped the run part way");
        assertTrue(partial.accounting().balanced(), "even a failed run's committed accounting adds up");

        long restarted = harness.restart(first, Map.of("failAt", "none"));
        assertEquals(BatchStatus.COMPLETED, harness.await(restarted));
        RunRecord run = harness.run(restarted);
        assertAccounting(expected, run.accounting());
        if (stage.equals("write")) {
            // the failed chunk's events were durable before the failure: read again, they are known by their origin
            assertTrue(
                    run.accounting().rereadAfterInterruption() > 0,
                    run.accounting().toJsonText());
        } else {
            assertEquals(
                    0,
                    run.accounting().rereadAfterInterruption(),
                    run.accounting().toJsonText());
        }

        List<LedgerEntry> entries = harness.entries();
        assertEquals(expected.appended(), entries.size(), "every event exactly once");
        assertEquals(expected.quarantined(), harness.store.quarantineCount(Optional.empty(), Optional.empty()));
    }

    private static String line(int i) {
        return "{\"ts\":\"" + Instant.parse("2026-11-25T10:00:00Z").plus(i, ChronoUnit.SECONDS)
                + "\",\"type\":\"task.opened\",\"event_id\":\"" + new UUID(42, i) + "\",\"node\":\"anon-9\","
                + "\"task_id\":\"T-" + i + "\",\"user\":\"op-" + i + "\"}";
    }

    private static void append(Path file, int from, int count) throws IOException {
        StringBuilder b = new StringBuilder();
        for (int i = from; i < from + count; i++) {
            b.append(line(i)).append('\n');
        }
        Files.writeString(file, b, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    private static void gzip(Path from, Path to) throws IOException {
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(to))) {
            Files.copy(from, out);
        }
    }
}
