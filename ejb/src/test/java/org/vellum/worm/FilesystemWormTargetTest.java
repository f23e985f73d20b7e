package org.vellum.worm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vellum.ledger.Hashes;
import org.vellum.testing.Tool;

/**
 * The WORM folder on the real filesystem: a stored copy refuses deletion and overwrite, its retention record refuses
 * change, and the self-test tells a folder that enforces this from one that does not. Setting the immutable attribute
 * needs root (CAP_LINUX_IMMUTABLE) and a filesystem that has it: skipped otherwise, required under CI=true.
 */
class FilesystemWormTargetTest {
    @TempDir
    Path tmp;

    private Path worm;

    @BeforeEach
    void needsTheAttribute() throws Exception {
        worm = tmp.resolve("worm");
        Path probe = Files.writeString(tmp.resolve("probe"), "x");
        Tool.Result r = Tool.run("e2fsprogs", "chattr", "+i", probe.toString());
        if (!r.ok()) {
            String why = "the immutable attribute cannot be set here (root on ext4/xfs needed): " + r.output();
            if ("true".equals(System.getenv("CI"))) {
                throw new AssertionError(why);
            }
            Assumptions.abort("skipped: " + why);
        }
        Tool.ok("e2fsprogs", "chattr", "-i", probe.toString());
    }

    /** Lifts the attribute again so that the temporary folder can be removed. */
    @AfterEach
    void unlock() throws Exception {
        if (Files.exists(worm)) {
            try (Stream<Path> files = Files.list(worm)) {
                for (Path p : (Iterable<Path>) files::iterator) {
                    Tool.run("e2fsprogs", "chattr", "-i", p.toString());
                    p.toFile().setWritable(true);
                }
            }
        }
    }

    @Test
    void aStoredCopyRefusesDeletionAndOverwriteAndItsRetentionRefusesChange() throws Exception {
        FilesystemWormTarget target =
                new FilesystemWormTarget("local", worm, FilesystemWormTarget.CHATTR, Clock.systemUTC());
        Path source = Files.write(tmp.resolve("a.asice"), "archive bytes".getBytes());
        Instant until = Instant.parse("2036-11-30T00:00:00Z");
        StoredCopy copy = target.store("a.asice", source, until);
        assertTrue(copy.immutable());
        assertEquals(HexFormat.of().formatHex(Hashes.sha256(Files.readAllBytes(source))), copy.sha256());
        assertEquals(until, copy.retainUntil());

        Path stored = worm.resolve("a.asice");
        assertThrows(IOException.class, () -> Files.delete(stored));
        assertThrows(IOException.class, () -> {
            try (OutputStream out = Files.newOutputStream(stored, StandardOpenOption.TRUNCATE_EXISTING)) {
                out.write(0);
            }
        });
        Path retention = worm.resolve("a.asice" + FilesystemWormTarget.RETENTION);
        assertTrue(Files.readString(retention).contains("\"retain_until\":\"2036-11-30T00:00:00.000Z\""));
        assertThrows(IOException.class, () -> Files.writeString(retention, "{}"));
        assertThrows(IOException.class, () -> Files.move(stored, worm.resolve("renamed")));
        assertEquals("archive bytes", Files.readString(stored), "the copy is unchanged");

        assertEquals(copy, target.store("a.asice", source, until), "the same bytes again: the copy as it is");
        Path other = Files.write(tmp.resolve("b.asice"), "other bytes".getBytes());
        assertThrows(
                FileAlreadyExistsException.class,
                () -> target.store("a.asice", other, until),
                "a name is stored once; a second store never replaces it");
        assertEquals("archive bytes", Files.readString(stored));
    }

    @Test
    void aCopyIsRemovedOnlyAfterItsRetentionAndOnlyByLiftingTheAttribute() throws Exception {
        Instant until = Instant.parse("2027-01-01T00:00:00Z");
        FilesystemWormTarget target =
                new FilesystemWormTarget("local", worm, FilesystemWormTarget.CHATTR, Clock.systemUTC());
        target.store("a.asice", Files.write(tmp.resolve("a.asice"), new byte[] {1, 2, 3}), until);

        IOException early = assertThrows(
                IOException.class, () -> target.delete("a.asice", until.minusSeconds(1)), "retained until " + until);
        assertTrue(early.getMessage().contains("retained until 2027-01-01T00:00:00.000Z"), early.getMessage());
        assertTrue(Files.exists(worm.resolve("a.asice")));

        target.delete("a.asice", until);
        assertFalse(Files.exists(worm.resolve("a.asice")));
        assertFalse(Files.exists(worm.resolve("a.asice" + FilesystemWormTarget.RETENTION)));
        target.delete("a.asice", until); // gone already: nothing to do
    }

    @Test
    void aCrashAfterTheLinkIsCompletedAndATornRetentionRecordIsWrittenAgain() throws Exception {
        FilesystemWormTarget target =
                new FilesystemWormTarget("local", worm, FilesystemWormTarget.CHATTR, Clock.systemUTC());
        Files.createDirectories(worm);
        Path source = Files.write(tmp.resolve("a.asice"), new byte[] {1, 2, 3});
        Files.copy(source, worm.resolve("a.asice")); // linked, then the power went
        Files.write(worm.resolve("a.asice" + FilesystemWormTarget.RETENTION), new byte[0]); // torn record
        Instant until = Instant.parse("2030-01-01T00:00:00Z");

        StoredCopy copy = target.store("a.asice", source, until);
        assertTrue(copy.immutable());
        assertEquals(until, copy.retainUntil(), "the record was written again");
        assertThrows(IOException.class, () -> Files.delete(worm.resolve("a.asice")));
    }

    @Test
    void aWriteCutShortLeavesAHiddenPartialThatTheNextStoreRemoves() throws Exception {
        FilesystemWormTarget target =
                new FilesystemWormTarget("local", worm, FilesystemWormTarget.CHATTR, Clock.systemUTC());
        Files.createDirectories(worm);
        Path partial = Files.write(worm.resolve(".a.asice.0f0e-cut.partial"), new byte[] {9, 9});
        target.store("a.asice", Files.write(tmp.resolve("a.asice"), new byte[] {1, 2, 3}), Instant.now());
        assertFalse(Files.exists(partial));
        assertTrue(target.find("a.asice").isPresent());
    }

    @Test
    void theSelfTestSeesEnforcementWhereTheAttributeIsSetAndItsAbsenceWhereNot() throws Exception {
        SelfTest enforced =
                new FilesystemWormTarget("local", worm, FilesystemWormTarget.CHATTR, Clock.systemUTC()).selfTest();
        assertTrue(enforced.worm(), enforced.findings().toString());
        assertTrue(
                enforced.findings().stream().anyMatch(f -> f.startsWith("delete refused")),
                enforced.findings()::toString);

        SelfTest plain = new FilesystemWormTarget(
                        "plain", tmp.resolve("plain"), FilesystemWormTarget.NONE, Clock.systemUTC())
                .selfTest();
        assertFalse(plain.worm(), "read-only permissions do not stop root: " + plain.findings());
        assertFalse(plain.refusedDelete(), plain.findings().toString());
        assertTrue(
                plain.findings().stream().anyMatch(f -> f.equals("delete was NOT refused")),
                plain.findings()::toString);

        try (Stream<Path> left = Files.list(worm)) {
            assertEquals(0, left.count(), "the probe is removed after the test");
        }
    }
}
