package org.vellum.jobs.nightly;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.batch.runtime.BatchStatus;
import jakarta.batch.runtime.StepExecution;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vellum.archive.ArchiveFailure;
import org.vellum.archive.ArchiveRecord;
import org.vellum.archive.ArchiveReport;
import org.vellum.archive.ArchiveVerifier;
import org.vellum.seal.TrustAnchors;
import org.vellum.simulator.Expected;
import org.vellum.worm.CopyRecord;

/**
 * The package, attest and verify-archive steps of {@code nightly-archive} on jberet-se: one archive and attestation
 * per seal, verified as written; a damaged archive fails the job by name; a restart does not package twice.
 */
class ArchiveStepTest {
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
    void eachRunEndsWithItsArchiveAndAttestationVerified() throws Exception {
        // the harness's WORM folder has no immutable attribute: an admin accepts it, as the appliance requires
        harness.storage.acceptNonWorm("local", "job-test", "test folder");
        Path dir = tmp.resolve("spool");
        Expected expected = spool(dir, 900);
        long first = harness.start(Map.of("sourceDir", dir.toString()));
        assertEquals(BatchStatus.COMPLETED, harness.await(first));
        for (String step : List.of("package", "attest", "verify-archive", "store")) {
            assertEquals(BatchStatus.COMPLETED, step(first, step).getBatchStatus(), step);
        }
        assertEquals("VERIFIED", step(first, "verify-archive").getExitStatus());
        assertEquals("STORED", step(first, "store").getExitStatus());
        long second = harness.start(Map.of("sourceDir", dir.toString()));
        assertEquals(BatchStatus.COMPLETED, harness.await(second));

        List<ArchiveRecord> archives = harness.archiver.table().page(0, 10);
        assertEquals(2, archives.size(), "one archive per seal, the empty period's too");
        ArchiveRecord one = archives.get(0);
        assertEquals(
                expected.appended() + 1,
                one.entries(),
                "the spool's events and the appliance's own storage.non_worm_accepted from the harness");
        assertTrue(one.attested());
        assertEquals(ArchiveRecord.INTACT, one.verifyResult());
        assertNotNull(one.verifiedAt());
        assertEquals(0, archives.get(1).entries());
        for (ArchiveRecord a : archives) {
            CopyRecord copy = harness.storage.copies(a.sealNumber()).get(0);
            assertEquals(CopyRecord.STORED, copy.state(), "each archive is on the WORM target once the run ends");
            assertEquals(a.sha256(), copy.archiveSha256());
            assertEquals(
                    a.sha256(),
                    org.vellum.ledger.Hashes.hex(
                            org.vellum.ledger.Hashes.sha256(harness.wormDir.resolve(a.fileName()))));
            assertTrue(Files.exists(harness.wormDir.resolve(a.attestationName())));
        }

        Path file = harness.archiver.file(one);
        ArchiveReport report = ArchiveVerifier.verify(
                file,
                harness.archiver.attestationFile(one),
                TrustAnchors.of(List.of(harness.rootCertificate()), List.of()));
        assertTrue(report.intact(), report.problems()::toString);
        try (ZipFile zip = new ZipFile(file.toFile())) {
            StringBuilder all = new StringBuilder();
            zip.stream().forEach(e -> {
                try (var in = zip.getInputStream(e)) {
                    all.append(new String(in.readAllBytes(), StandardCharsets.UTF_8));
                } catch (java.io.IOException ex) {
                    throw new java.io.UncheckedIOException(ex);
                }
            });
            for (String datum : Expected.PERSONAL_DATA) {
                assertFalse(all.toString().contains(datum), "personal datum in an archive: " + datum);
            }
        }
    }

    @Test
    void anArchiveDamagedAfterWritingFailsTheJobByName() throws Exception {
        Path dir = tmp.resolve("spool");
        spool(dir, 300);
        harness.corruptAfterAttest = true;
        long run = harness.start(Map.of("sourceDir", dir.toString()));
        assertEquals(BatchStatus.FAILED, harness.await(run));
        assertEquals(BatchStatus.FAILED, step(run, "verify-archive").getBatchStatus());
        ArchiveRecord r = harness.archiver.table().page(0, 1).get(0);
        assertNotNull(r.verifyResult());
        assertFalse(r.verifyResult().equals(ArchiveRecord.INTACT), r.verifyResult());
        assertTrue(
                r.verifyResult().startsWith(ArchiveFailure.MEMBER_CORRUPT.name())
                        || r.verifyResult().startsWith(ArchiveFailure.DIGEST_MISMATCH.name())
                        || r.verifyResult().startsWith(ArchiveFailure.NOT_ASIC.name()),
                r.verifyResult());

        assertTrue(harness.storage.copies(r.sealNumber()).isEmpty(), "a damaged archive is never copied to WORM");

        harness.corruptAfterAttest = false;
        long restarted = harness.restart(run, Map.of("sourceDir", dir.toString()));
        assertEquals(
                BatchStatus.FAILED, harness.await(restarted), "a restart re-reads the damaged file and fails again");
    }

    @Test
    void aRestartAfterPackagingDoesNotPackageTwice() throws Exception {
        Path dir = tmp.resolve("spool");
        spool(dir, 300);
        long failed = harness.start(Map.of("sourceDir", dir.toString(), "failAt", "package"));
        assertEquals(BatchStatus.FAILED, harness.await(failed));
        assertEquals(1, harness.archiver.table().count(), "packaged, then the step failed");
        Path file = harness.archiver.file(harness.archiver.table().page(0, 1).get(0));
        long written = Files.getLastModifiedTime(file).toMillis();
        long restarted = harness.restart(failed, Map.of("sourceDir", dir.toString(), "failAt", "none"));
        assertEquals(BatchStatus.COMPLETED, harness.await(restarted));
        assertEquals(1, harness.archiver.table().count());
        assertEquals(written, Files.getLastModifiedTime(file).toMillis(), "the archive was not written again");
        assertTrue(harness.archiver.table().page(0, 1).get(0).attested());
    }

    private Expected spool(Path dir, long events) throws Exception {
        return JobHarness.spool(dir, events, 2, 11);
    }

    private StepExecution step(long execution, String name) {
        return harness.step(execution, name);
    }
}
