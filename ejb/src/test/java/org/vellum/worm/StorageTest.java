package org.vellum.worm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vellum.archive.ArchiveRecord;
import org.vellum.ledger.Hashes;
import org.vellum.problem.VellumException;

/**
 * Storage over real archives, a real ledger and the storage tables: which targets are used, what a copy record says,
 * what {@code verify-archives} finds on a copy with one byte flipped, and retention with legal holds, each decision
 * recorded in the ledger. The WORM folders here have no immutable attribute (so that a byte can be flipped, as a
 * failing disk would), which the self-test reports; an admin accepts them, as the appliance requires.
 */
class StorageTest {
    @TempDir
    Path tmp;

    private StorageHarness h;

    @BeforeEach
    void start() throws Exception {
        h = new StorageHarness(tmp, null, 2);
    }

    @AfterEach
    void stop() {
        h.close();
    }

    private FilesystemWormTarget folder(String name) {
        return new FilesystemWormTarget(name, tmp.resolve(name), FilesystemWormTarget.NONE, Clock.systemUTC());
    }

    @Test
    void aTargetNotWriteOnceIsNotUsedUntilAnAdminAcceptsItInTheLedger() throws Exception {
        Storage storage = h.storage(List.of(folder("local")), tmp.resolve("work"));
        assertTrue(storage.storePending().isEmpty(), "not proven WORM, not accepted: not used");
        TargetRecord before = storage.targets().get(0);
        assertEquals(Boolean.FALSE, before.worm());
        assertTrue(before.findings().contains("delete was NOT refused"), before.findings());
        assertFalse(before.usable());
        assertEquals(1, storage.table().alertCount(), "a target found not write-once raises an alert");

        TargetRecord accepted = storage.acceptNonWorm("local", "alice.admin", "staging disk until the S3 bucket");
        assertTrue(accepted.usable());
        Map<String, Object> event = h.ownEvents().get(0);
        assertEquals("storage.non_worm_accepted", event.get("type"));
        assertEquals("local", event.get("target"));
        assertEquals(accepted.acceptedSeq(), event.get("_seq"));
        assertEquals("alice.admin", event.get("admin"), "an account name, kept as the policy keeps identities");
        assertTrue(String.valueOf(event.get("findings")).contains("delete was NOT refused"));
        assertTrue(String.valueOf(event.get("node")).startsWith("vellum/"));

        List<CopyRecord> made = storage.storePending();
        assertEquals(2, made.size());
        for (CopyRecord c : made) {
            ArchiveRecord a = h.archives.byNumber(c.sealNumber());
            assertEquals(CopyRecord.STORED, c.state());
            assertEquals(a.sha256(), c.archiveSha256());
            assertEquals(a.attestationSha256(), c.attestationSha256());
            assertEquals(h.archives.retainUntil, c.retainUntil());
            assertEquals(tmp.resolve("local").resolve(a.fileName()).toString(), c.archiveLocation());
            assertEquals(a.size() + a.attestationSize(), c.size());
            assertEquals(Boolean.FALSE, c.immutable());
            assertEquals(a.sha256(), Hashes.hex(Hashes.sha256(Path.of(c.archiveLocation()))));
        }
        assertTrue(storage.storePending().isEmpty(), "stored once");
        VellumException again =
                assertThrows(VellumException.class, () -> storage.acceptNonWorm("local", "alice.admin", null));
        assertEquals("already-accepted", again.code());
    }

    @Test
    void onlyArchivesThatVerifiedIntactAndStillHaveThoseBytesAreCopied() throws Exception {
        Storage storage = h.storage(List.of(folder("local")), tmp.resolve("work"));
        storage.selfTestAll();
        storage.acceptNonWorm("local", "admin", null);
        ArchiveRecord one = h.archives.byNumber(1);
        ArchiveRecord two = h.archives.byNumber(2);
        h.archives.records.put(
                2L,
                new ArchiveRecord(
                        two.sealNumber(),
                        two.fileName(),
                        two.size(),
                        two.sha256(),
                        "",
                        0,
                        1,
                        two.packagedAt(),
                        two.attestationName(),
                        two.attestationSize(),
                        two.attestationSha256(),
                        two.attestedAt(),
                        Instant.now(),
                        "MEMBER_CORRUPT: member entries/part-000001.jsonl"));
        Path source = h.archives.file(one);
        byte[] original = Files.readAllBytes(source);
        byte[] changed = original.clone();
        changed[changed.length / 2] ^= 0x01; // the working copy changed after it verified
        Files.write(source, changed);

        VellumException failed = assertThrows(VellumException.class, storage::storePending);
        assertTrue(failed.getMessage().contains("archive 1 on target local"), failed.getMessage());
        assertTrue(failed.getMessage().contains("not the expected bytes"), failed.getMessage());
        assertFalse(Files.exists(tmp.resolve("local").resolve(one.fileName())), "nothing under the archive's name");
        assertEquals(
                CopyRecord.PENDING,
                storage.table().copy(1, "local").orElseThrow().state());
        assertTrue(storage.table().copy(2, "local").isEmpty(), "an archive that failed verification is not copied");
        assertEquals("store-failed", storage.table().alerts(0, 1).get(0).kind());

        Files.write(source, original);
        assertEquals(1, storage.storePending().size(), "the restart stores it once the bytes are right again");
        assertEquals(
                CopyRecord.STORED,
                storage.table().copy(1, "local").orElseThrow().state());
    }

    @Test
    void verifyArchivesNamesTheCopyWithOneByteFlippedAndRaisesAnAlert() throws Exception {
        Storage storage = h.storage(List.of(folder("local"), folder("second")), tmp.resolve("work"));
        storage.selfTestAll();
        storage.acceptNonWorm("local", "admin", null);
        storage.acceptNonWorm("second", "admin", null);
        assertEquals(4, storage.storePending().size(), "two archives on two targets");
        long alertsBefore = storage.table().alertCount();

        VerifyRun clean = storage.verifyCopies();
        assertEquals(4, clean.copies());
        assertEquals(100.0, clean.rate());
        assertTrue(clean.failures().isEmpty());

        ArchiveRecord one = h.archives.byNumber(1);
        Path copy = tmp.resolve("second").resolve(one.fileName());
        copy.toFile().setWritable(true);
        try (RandomAccessFile f = new RandomAccessFile(copy.toFile(), "rw")) {
            long at = f.length() / 2;
            f.seek(at);
            int b = f.read();
            f.seek(at);
            f.write(b ^ 0x01);
        }

        VerifyRun damaged = storage.verifyCopies();
        assertEquals(4, damaged.copies());
        assertEquals(3, damaged.intact());
        assertEquals(75.0, damaged.rate());
        assertEquals(1, damaged.failures().size());
        String failure = damaged.failures().get(0);
        assertTrue(failure.startsWith("archive 1 on target second: COPY_DIGEST_MISMATCH: " + one.fileName()), failure);
        assertTrue(
                failure.contains("MEMBER_CORRUPT") || failure.contains("DIGEST_MISMATCH: member"),
                "the verifier names the damaged member too: " + failure);
        CopyRecord record = storage.table().copy(1, "second").orElseThrow();
        assertEquals(failure.substring("archive 1 on target second: ".length()), record.verifyResult());
        assertEquals(
                Storage.INTACT, storage.table().copy(1, "local").orElseThrow().verifyResult());
        assertEquals(alertsBefore + 1, storage.table().alertCount());
        StorageAlert alert = storage.table().alerts(0, 1).get(0);
        assertEquals("copy-damaged", alert.kind());
        assertEquals(1L, alert.sealNumber());
        assertEquals("second", alert.target());
        VerifyRun last = storage.lastVerification().orElseThrow();
        assertEquals(damaged.id(), last.id());
        assertEquals(damaged.failures(), last.failures());
        assertEquals(75.0, last.rate());

        Files.delete(tmp.resolve("local").resolve(one.attestationName()));
        String missing = storage.verifyCopies().failures().stream()
                .filter(f -> f.contains("target local"))
                .findFirst()
                .orElseThrow();
        assertTrue(missing.contains("COPY_MISSING"), missing);
    }

    @Test
    void purgeRemovesExpiredCopiesExceptUnderLegalHoldAndRecordsEachInTheLedger() throws Exception {
        Storage storage = h.storage(List.of(folder("local")), tmp.resolve("work"));
        storage.selfTestAll();
        storage.acceptNonWorm("local", "admin", null);
        h.archives.retainUntil = Instant.now().minusSeconds(3600);
        storage.storePending();
        storage.setHold(2, "carol.compliance", "litigation 2026-17");
        assertThrows(VellumException.class, () -> storage.setHold(2, "carol.compliance", null), "held already");

        List<CopyRecord> purged = storage.purgeExpired();
        assertEquals(1, purged.size(), "archive 2 is on legal hold");
        CopyRecord one = purged.get(0);
        assertEquals(1, one.sealNumber());
        assertEquals(CopyRecord.PURGED, one.state());
        assertNotNull(one.purgedAt());
        ArchiveRecord a1 = h.archives.byNumber(1);
        assertFalse(Files.exists(tmp.resolve("local").resolve(a1.fileName())));
        assertFalse(Files.exists(tmp.resolve("local").resolve(a1.attestationName())));
        assertTrue(
                Files.exists(tmp.resolve("local").resolve(h.archives.byNumber(2).fileName())));

        List<Map<String, Object>> events = h.ownEvents();
        Map<String, Object> hold = events.stream()
                .filter(e -> e.get("type").equals("retention.legal_hold"))
                .findFirst()
                .orElseThrow();
        assertEquals("set", hold.get("hold"));
        assertEquals(2L, ((Number) hold.get("seal_number")).longValue());
        Map<String, Object> gone = events.stream()
                .filter(e -> e.get("type").equals("retention.purged"))
                .findFirst()
                .orElseThrow();
        assertEquals(one.purgeSeq(), gone.get("_seq"));
        assertEquals(1L, ((Number) gone.get("seal_number")).longValue());
        assertEquals(a1.fileName(), gone.get("archive"));
        assertEquals(a1.sha256(), gone.get("archive_sha256"));
        assertEquals("local", gone.get("target"));

        assertTrue(storage.purgeExpired().isEmpty(), "still held");
        storage.releaseHold(2, "carol.compliance", "case closed");
        List<CopyRecord> after = storage.purgeExpired();
        assertEquals(List.of(2L), after.stream().map(CopyRecord::sealNumber).toList());
        assertEquals(
                List.of(
                        "storage.non_worm_accepted",
                        "retention.legal_hold",
                        "retention.purged",
                        "retention.legal_hold",
                        "retention.purged"),
                h.ownEvents().stream().map(e -> e.get("type")).toList());
        assertTrue(storage.storePending().isEmpty(), "a purged copy is not stored again");
    }

    @Test
    void copiesOnAFolderAndAnS3BucketAreEachRecordedWithChecksumAndRetention() throws Exception {
        try (S3Servers.Server s3 = S3Servers.s3Mock(tmp)) {
            S3Servers.bucket(S3Servers.client(s3.endpoint()), "vellum-archives");
            Storage storage = h.storage(
                    List.of(folder("local"), S3Servers.target("s3", s3.endpoint(), "vellum-archives")),
                    tmp.resolve("work"));
            storage.selfTestAll();
            storage.acceptNonWorm("local", "admin", null);
            storage.acceptNonWorm("s3", "admin", "S3Mock enforces no lock");
            storage.storePending();
            List<CopyRecord> copies = storage.copies(1);
            assertEquals(
                    List.of("local", "s3"),
                    copies.stream().map(CopyRecord::target).toList());
            ArchiveRecord a = h.archives.byNumber(1);
            for (CopyRecord c : copies) {
                assertEquals(CopyRecord.STORED, c.state());
                assertEquals(a.sha256(), c.archiveSha256());
                assertEquals(h.archives.retainUntil, c.retainUntil());
            }
            assertTrue(copies.get(1).archiveLocation().startsWith("s3://vellum-archives/vellum/" + a.fileName()));
            VerifyRun run = storage.verifyCopies();
            assertEquals(4, run.copies());
            assertEquals(100.0, run.rate(), run.failures()::toString);
        }
    }
}
