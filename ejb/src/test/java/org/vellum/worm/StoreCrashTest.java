package org.vellum.worm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vellum.archive.ArchiveRecord;
import org.vellum.ledger.Hashes;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * {@code kill -9} of a process storing archives (SIGKILL from {@link Process#destroyForcibly()}), mid-copy to WORM
 * folders and mid-upload to an S3-compatible server: afterwards no copy is recorded as stored that is not whole on
 * its target with the verified archive's bytes, and the next run completes every copy. The archives here are
 * random bytes of archive size: storing compares bytes and does not read archives (StorageTest verifies real ones).
 */
class StoreCrashTest {
    private static final int MIB = 1 << 20;

    @TempDir
    Path tmp;

    /** The files of two archives and their attestations, large enough that a copy takes a while. */
    private Properties spec(Path dir, String jdbc) throws IOException {
        Properties spec = new Properties();
        spec.setProperty("jdbc", jdbc);
        spec.setProperty("work", dir.resolve("work").toString());
        spec.setProperty("archives", "2");
        Path files = tmp.resolve("files");
        Files.createDirectories(files);
        for (int n = 1; n <= 2; n++) {
            Path a = files.resolve("vellum-crash-seal-00000" + n + ".asice");
            Path p = files.resolve("vellum-crash-seal-00000" + n + ".pdf");
            if (!Files.exists(a)) {
                write(a, 16 * MIB);
                write(p, MIB / 2);
            }
            spec.setProperty("archive." + n, a.toString());
            spec.setProperty("attestation." + n, p.toString());
        }
        return spec;
    }

    private static void write(Path file, int bytes) throws IOException {
        SecureRandom random = new SecureRandom();
        byte[] chunk = new byte[MIB];
        try (OutputStream out = Files.newOutputStream(file)) {
            for (int done = 0; done < bytes; done += chunk.length) {
                random.nextBytes(chunk);
                out.write(chunk, 0, Math.min(chunk.length, bytes - done));
            }
        }
    }

    /** A migrated file database with the targets registered and accepted, as an admin would. */
    private static void prepare(String jdbc, Properties spec, List<String> targets) throws Exception {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL(jdbc);
        StorageHarness.migrate(ds);
        CopyTable table = StoreChild.storage(spec, jdbc).table(); // registers the targets as configured
        for (String t : targets) {
            table.selfTested(new SelfTest(t, Instant.now(), false, false, false, List.of("a plain test folder")));
            table.accepted(t, "test", Instant.now(), "crash test", 0);
        }
    }

    private static Process child(Path specFile) throws IOException {
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        return new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        classpath,
                        StoreChild.class.getName(),
                        specFile.toString())
                .redirectErrorStream(true)
                .start();
    }

    private static void awaitLine(Process p, String line) throws IOException {
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String l;
        while ((l = out.readLine()) != null) {
            if (l.equals(line)) {
                Thread drain = new Thread(() -> {
                    try {
                        out.transferTo(java.io.Writer.nullWriter());
                    } catch (IOException e) {
                        // the process died
                    }
                });
                drain.setDaemon(true);
                drain.start();
                return;
            }
        }
        throw new AssertionError("the child ended before printing " + line);
    }

    private static void kill9(Process p) throws InterruptedException {
        p.destroyForcibly(); // SIGKILL on Linux
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
    }

    @Test
    void killedMidCopyNothingIncompleteIsRecordedStoredAndTheNextRunCompletes() throws Exception {
        int midCopy = 0;
        int partialLeft = 0;
        // where to kill: the moment the child is seen writing or linking a copy, on the first target and the second
        List<String> moments = List.of("first/.partial", "first/1.asice", "second/.partial", "second/2.asice");
        for (String moment : moments) {
            Path dir = tmp.resolve("run-" + moments.indexOf(moment));
            String jdbc = "jdbc:h2:file:" + dir.resolve("db/storage") + ";FILE_LOCK=NO"; // one process at a time
            Properties spec = spec(dir, jdbc);
            spec.setProperty("targets", "first,second");
            spec.setProperty("target.first", "fs:" + dir.resolve("first"));
            spec.setProperty("target.second", "fs:" + dir.resolve("second"));
            prepare(jdbc, spec, List.of("first", "second"));
            Path specFile = dir.resolve("spec.properties");
            try (OutputStream out = Files.newOutputStream(specFile)) {
                spec.store(out, null);
            }

            Process p = child(specFile);
            awaitLine(p, "STORING");
            boolean seen = awaitMoment(dir, moment, p);
            boolean finished = !p.isAlive();
            kill9(p);

            Storage after = StoreChild.storage(spec, jdbc);
            List<ArchiveRecord> archives = new StoreChild.SpecArchives(spec).attested();
            int pending = 0;
            for (ArchiveRecord a : archives) {
                for (String t : List.of("first", "second")) {
                    var copy = after.table().copy(a.sealNumber(), t);
                    if (copy.isEmpty()) {
                        continue;
                    }
                    if (copy.get().state().equals(CopyRecord.PENDING)) {
                        pending++;
                        continue;
                    }
                    assertEquals(CopyRecord.STORED, copy.get().state());
                    Path stored = dir.resolve(t).resolve(a.fileName());
                    assertEquals(
                            a.sha256(),
                            Hashes.hex(Hashes.sha256(stored)),
                            "killed at " + moment + " (seen: " + seen + "): a copy recorded as stored is whole");
                    assertEquals(
                            a.attestationSha256(),
                            Hashes.hex(Hashes.sha256(dir.resolve(t).resolve(a.attestationName()))));
                }
            }
            if (pending > 0 && !finished) {
                midCopy++;
            }
            partialLeft += partials(dir).size();

            List<CopyRecord> completed = after.storePending();
            for (ArchiveRecord a : archives) {
                for (String t : List.of("first", "second")) {
                    CopyRecord c = after.table().copy(a.sealNumber(), t).orElseThrow();
                    assertEquals(CopyRecord.STORED, c.state(), "the next run completes every copy");
                    assertEquals(
                            a.sha256(), Hashes.hex(Hashes.sha256(dir.resolve(t).resolve(a.fileName()))));
                }
            }
            assertTrue(partials(dir).isEmpty(), "no half-written file is left: " + partials(dir));
            assertTrue(completed.size() <= 4);
        }
        assertTrue(midCopy > 0, "at least one kill landed while a copy was being written");
        System.out.printf(
                "StoreCrashTest: %d of %d kills mid-copy, %d partial files left for the next run%n",
                midCopy, moments.size(), partialLeft);
    }

    @Test
    void killedMidUploadTheS3CopyIsPendingNotStoredAndTheNextRunUploadsItWhole() throws Exception {
        try (S3Servers.Server s3 = S3Servers.s3Mock(tmp);
                TcpTap tap = new TcpTap("127.0.0.1", s3.port())) {
            S3Client direct = S3Servers.client(s3.endpoint());
            S3Servers.bucket(direct, "crash-bucket");
            Path dir = tmp.resolve("s3-run");
            String jdbc = "jdbc:h2:file:" + dir.resolve("db/storage") + ";FILE_LOCK=NO"; // one process at a time
            Properties spec = spec(dir, jdbc);
            spec.setProperty("targets", "local,s3");
            spec.setProperty("target.local", "fs:" + dir.resolve("local"));
            spec.setProperty("target.s3", "s3:http://127.0.0.1:" + tap.port() + " crash-bucket");
            prepare(jdbc, spec, List.of("local", "s3"));
            Path specFile = dir.resolve("spec.properties");
            try (OutputStream out = Files.newOutputStream(specFile)) {
                spec.store(out, null);
            }
            tap.stallAfter = 5L * MIB; // the first upload stops 5 MiB in, and the process is killed there

            Process p = child(specFile);
            awaitLine(p, "STORING");
            assertTrue(tap.stalled.await(120, TimeUnit.SECONDS), "the upload started");
            kill9(p);
            tap.stallAfter = -1;

            Storage after = StoreChild.storage(spec, jdbc);
            ArchiveRecord one = new StoreChild.SpecArchives(spec).attested().get(0);
            assertEquals(
                    CopyRecord.STORED,
                    after.table().copy(1, "local").orElseThrow().state());
            assertEquals(
                    CopyRecord.PENDING,
                    after.table().copy(1, "s3").orElseThrow().state());
            try {
                direct.headObject(b -> b.bucket("crash-bucket").key("vellum/" + one.fileName()));
                throw new AssertionError("a half-uploaded object must not exist");
            } catch (S3Exception e) {
                assertEquals(404, e.statusCode());
            }

            after.storePending();
            CopyRecord s3Copy = after.table().copy(1, "s3").orElseThrow();
            assertEquals(CopyRecord.STORED, s3Copy.state());
            StoredCopy back = S3Servers.target("s3", s3.endpoint(), "crash-bucket")
                    .find(one.fileName())
                    .orElseThrow();
            assertEquals(one.sha256(), back.sha256(), "the object is the whole archive");
            assertEquals(
                    CopyRecord.STORED, after.table().copy(2, "s3").orElseThrow().state());
        }
    }

    /**
     * Waits until the child is at {@code moment}: {@code T/.partial} while it writes a copy to target T,
     * {@code T/N.asice} once archive N is linked into place there. False if the child ended first.
     */
    private static boolean awaitMoment(Path dir, String moment, Process p) throws Exception {
        String[] m = moment.split("/");
        Path folder = dir.resolve(m[0]);
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (p.isAlive() && System.nanoTime() < end) {
            if (Files.isDirectory(folder)) {
                try (Stream<Path> files = Files.list(folder)) {
                    if (files.map(f -> f.getFileName().toString())
                            .anyMatch(f -> m[1].equals(".partial")
                                    ? f.endsWith(".partial")
                                    : f.equals("vellum-crash-seal-00000" + m[1]))) {
                        return true;
                    }
                } catch (java.nio.file.NoSuchFileException e) {
                    // a partial went while listing
                }
            }
            Thread.onSpinWait();
        }
        return false;
    }

    private static List<Path> partials(Path dir) throws IOException {
        List<Path> out = new ArrayList<>();
        try (Stream<Path> files = Files.walk(dir)) {
            files.filter(f -> f.getFileName().toString().endsWith(".partial")).forEach(out::add);
        }
        return out;
    }
}
