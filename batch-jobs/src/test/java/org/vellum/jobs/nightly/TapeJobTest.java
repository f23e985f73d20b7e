package org.vellum.jobs.nightly;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.batch.runtime.BatchStatus;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vellum.archive.ArchiveRecord;
import org.vellum.archive.ArchiveReport;
import org.vellum.archive.ArchiveVerifier;
import org.vellum.seal.TrustAnchors;
import org.vellum.tape.SimhTapeImage;
import org.vellum.tapes.CartridgeRecord;

/**
 * The {@code tape-export} job on jberet-se, after two real nightly runs: a cartridge that holds something else fails
 * the job and is left untouched; the restart, given a blank cartridge, writes, reads back and records both archives;
 * what GNU tar extracts from the image verifies.
 */
class TapeJobTest {
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

    @Test
    void aFailedExportRestartedOnABlankCartridgeWritesVerifiesAndRecordsTheArchives() throws Exception {
        Path dir = tmp.resolve("spool");
        JobHarness.spool(dir, 300, 2, 5);
        assertEquals(BatchStatus.COMPLETED, harness.await(harness.start(Map.of("sourceDir", dir.toString()))));
        assertEquals(BatchStatus.COMPLETED, harness.await(harness.start(Map.of("sourceDir", dir.toString()))));
        assertEquals(2, harness.archiver.table().attested().size());

        // cartridge VLM100L9 in the drive holds something that is not a Vellum tape
        Path foreign = harness.tapeDir.resolve("VLM100L9.tap");
        try (SimhTapeImage tape = new SimhTapeImage(foreign, Long.MAX_VALUE, 64 * 1024)) {
            byte[] record = new byte[64 * 1024];
            new SecureRandom().nextBytes(record);
            tape.writeRecord(record, 0, record.length);
            tape.writeFilemark();
        }
        byte[] before = Files.readAllBytes(foreign);
        long failed = harness.start("tape-export", Map.of("device", harness.tapeDevice(), "barcode", "VLM100L9"));
        assertEquals(BatchStatus.FAILED, harness.await(failed));
        assertTrue(java.util.Arrays.equals(before, Files.readAllBytes(foreign)), "never overwritten");
        assertTrue(harness.tapes.table().exported().isEmpty());

        long restarted = harness.restart(failed, Map.of("barcode", "VLM101L9"));
        assertEquals(BatchStatus.COMPLETED, harness.await(restarted));
        assertEquals("EXPORTED", harness.step(restarted, "export").getExitStatus());
        CartridgeRecord c = harness.tapes.table().cartridge("VLM101L9").orElseThrow();
        assertEquals(CartridgeRecord.VERIFIED, c.state());
        assertEquals(Set.of(1L, 2L), harness.tapes.table().exported());

        ArchiveRecord first = harness.archiver.table().attested().get(0);
        Path tar = tmp.resolve("file-1.tar");
        try (OutputStream out = Files.newOutputStream(tar)) {
            SimhTapeImage.copyTapeFile(harness.tapeDir.resolve("VLM101L9.tap"), 1, 64 * 1024, out);
        }
        Path restored = Files.createDirectories(tmp.resolve("restored"));
        Process p = new ProcessBuilder("tar", "-C", restored.toString(), "-b", "128", "-xf", tar.toString())
                .inheritIO()
                .start();
        assertEquals(0, p.waitFor());
        ArchiveReport report = ArchiveVerifier.verify(
                restored.resolve(first.fileName()),
                restored.resolve(first.attestationName()),
                TrustAnchors.of(List.of(harness.rootCertificate()), List.of()));
        assertTrue(report.intact(), report.problems()::toString);

        long again = harness.start("tape-export", Map.of("device", harness.tapeDevice(), "barcode", "VLM102L9"));
        assertEquals(BatchStatus.COMPLETED, harness.await(again));
        assertEquals("NOTHING_TO_EXPORT", harness.step(again, "export").getExitStatus());
    }

    /**
     * A stop takes effect at the next record: the export is held inside tape file 1 (the fault-injection parameter
     * pauseAt), stopped, ends STOPPED with the cartridge still WRITING and nothing exported; the restart resumes it.
     */
    @Test
    void aStoppedExportLeavesItsCartridgeWritingAndTheRestartFinishesIt() throws Exception {
        Path dir = tmp.resolve("spool");
        JobHarness.spool(dir, 200, 2, 6);
        assertEquals(BatchStatus.COMPLETED, harness.await(harness.start(Map.of("sourceDir", dir.toString()))));
        long run = harness.start(
                "tape-export", Map.of("device", harness.tapeDevice(), "barcode", "VLM110L9", "pauseAt", "1"));
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.MINUTES.toNanos(1);
        while (harness.tapes.progress("VLM110L9").isEmpty()) {
            assertTrue(System.nanoTime() < deadline, "the export reached tape file 1");
            Thread.sleep(20);
        }
        harness.operator().stop(run);
        assertEquals(BatchStatus.STOPPED, harness.await(run));
        assertEquals("STOPPED", harness.step(run, "export").getExitStatus());
        assertEquals(
                CartridgeRecord.WRITING,
                harness.tapes.table().cartridge("VLM110L9").orElseThrow().state());
        assertTrue(harness.tapes.table().exported().isEmpty());

        long restarted = harness.restart(run, Map.of("pauseAt", "none"));
        assertEquals(BatchStatus.COMPLETED, harness.await(restarted));
        assertEquals(
                CartridgeRecord.VERIFIED,
                harness.tapes.table().cartridge("VLM110L9").orElseThrow().state());
        assertEquals(Set.of(1L), harness.tapes.table().exported());
    }
}
