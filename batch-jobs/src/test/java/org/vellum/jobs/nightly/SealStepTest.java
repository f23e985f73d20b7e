package org.vellum.jobs.nightly;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.batch.runtime.BatchStatus;
import jakarta.batch.runtime.StepExecution;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vellum.ledger.LedgerEntry;
import org.vellum.merkle.MerkleTree;
import org.vellum.seal.Seal;
import org.vellum.seal.SealBundle;
import org.vellum.seal.SealChain;
import org.vellum.seal.SealRecord;
import org.vellum.seal.TrustAnchors;
import org.vellum.simulator.Expected;

/** The seal step of {@code nightly-archive} on jberet-se: sealed once per run, restartable, empty periods too. */
class SealStepTest {
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
    void eachRunSealsWhatItAppendedAndAnEmptyRunSealsAnEmptyPeriod() throws Exception {
        Path dir = tmp.resolve("spool");
        Expected expected = spool(dir, 800);
        long first = harness.start(Map.of("sourceDir", dir.toString()));
        assertEquals(BatchStatus.COMPLETED, harness.await(first));
        long second = harness.start(Map.of("sourceDir", dir.toString()));
        assertEquals(BatchStatus.COMPLETED, harness.await(second));

        List<SealRecord> seals = harness.sealer.table().page(0, 10);
        assertEquals(2, seals.size());
        Seal one = seals.get(0).seal();
        Seal two = seals.get(1).seal();
        List<LedgerEntry> entries = harness.entries();
        assertEquals(expected.appended(), one.treeSize());
        assertEquals(1, one.firstSeq());
        assertArrayEquals(
                MerkleTree.root(entries.stream().map(LedgerEntry::leafHash).toList()), one.merkleRoot());
        assertArrayEquals(entries.get(entries.size() - 1).chainHash(), one.chainHash());
        assertEquals("nightly-archive", one.trigger());
        @SuppressWarnings("unchecked")
        Map<String, Object> collection = (Map<String, Object>) one.accounting().get("collection");
        assertEquals(expected.linesRead(), ((Number) collection.get("lines_read")).longValue());
        assertEquals(harness.operator().getJobInstance(first).getInstanceId(), (long)
                seals.get(0).jobInstance());
        assertEquals(0, two.treeSize(), "the second run read nothing new and sealed an empty period");
        assertArrayEquals(one.sha256(), two.previousSeal());
        String seal = new String(seals.get(0).canonical(), StandardCharsets.UTF_8);
        for (String datum : Expected.PERSONAL_DATA) {
            assertFalse(seal.contains(datum), "personal datum in a seal: " + datum);
        }
        assertChainVerifies(seals);
    }

    @Test
    void aTsaOutageFailsTheStepWithNothingSealedAndARestartSealsOnce() throws Exception {
        Path dir = tmp.resolve("spool");
        spool(dir, 300);
        harness.tsaDown = true;
        long failed = harness.start(Map.of("sourceDir", dir.toString()));
        assertEquals(BatchStatus.FAILED, harness.await(failed));
        assertEquals(BatchStatus.FAILED, step(failed, "seal").getBatchStatus(), "the seal step failed");
        assertEquals(BatchStatus.COMPLETED, step(failed, "collect").getBatchStatus(), "collection is kept");
        assertEquals(0, harness.sealer.table().count(), "never a seal without a time-stamp");

        harness.tsaDown = false;
        long restarted = harness.restart(failed, Map.of("sourceDir", dir.toString()));
        assertEquals(BatchStatus.COMPLETED, harness.await(restarted));
        assertEquals(1, harness.sealer.table().count());
        assertEquals(
                harness.entries().size(),
                harness.sealer.table().last().orElseThrow().treeSize());
    }

    @Test
    void aRestartAfterTheSealWasStoredGetsTheSameSealBack() throws Exception {
        Path dir = tmp.resolve("spool");
        spool(dir, 300);
        long failed = harness.start(Map.of("sourceDir", dir.toString(), "failAt", "seal"));
        assertEquals(BatchStatus.FAILED, harness.await(failed));
        assertEquals(1, harness.sealer.table().count(), "sealed, then the step failed");
        long restarted = harness.restart(failed, Map.of("sourceDir", dir.toString(), "failAt", "none"));
        assertEquals(BatchStatus.COMPLETED, harness.await(restarted));
        assertEquals(1, harness.sealer.table().count(), "the restart did not seal twice");
    }

    private void assertChainVerifies(List<SealRecord> seals) throws Exception {
        List<SealBundle> bundles = new ArrayList<>();
        harness.sealer.bundles(bundles::add);
        assertEquals(seals.size(), bundles.size());
        // the job's PKI signs; trust its root, taken from the first signature's chain to the TSA's issuer
        var verified = org.vellum.seal.SealSignature.verify(
                bundles.get(0).seal().canonicalBytes(),
                bundles.get(0).signature(),
                TrustAnchors.of(List.of(harness.rootCertificate()), List.of()));
        assertTrue(verified.timeStamp().genTime() != null);
        assertEquals(
                seals.size(),
                new SealChain(TrustAnchors.of(List.of(harness.rootCertificate()), List.of()), Duration.ofMinutes(5))
                        .verify(bundles)
                        .size());
    }

    private Expected spool(Path dir, long events) throws Exception {
        return JobHarness.spool(dir, events, 2, 11);
    }

    private StepExecution step(long execution, String name) {
        return harness.step(execution, name);
    }
}
