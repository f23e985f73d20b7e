package org.vellum.worm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vellum.ledger.Hashes;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumMode;

/**
 * The S3 Object Lock target against S3-compatible servers that the test starts: Adobe's S3Mock (Maven Central), seen
 * through a relay that records every request, for the lock headers and checksums each upload carries, a body damaged
 * on the way, and a self-test that must call a store enforcing nothing non-WORM. moto's server, where installed,
 * refuses deleting a locked version and overwriting it: the self-test must see that.
 */
class S3ObjectLockTargetTest {
    @TempDir
    static Path tmp;

    private static S3Servers.Server s3Mock;
    private static TcpTap tap;

    @BeforeAll
    static void start() throws Exception {
        s3Mock = S3Servers.s3Mock(tmp);
        tap = new TcpTap("127.0.0.1", s3Mock.port());
    }

    @AfterAll
    static void stop() throws IOException {
        tap.close();
        s3Mock.close();
    }

    private static Path random(String name, int bytes) throws IOException {
        byte[] data = new byte[bytes];
        new SecureRandom().nextBytes(data);
        return Files.write(tmp.resolve(name), data);
    }

    @Test
    void eachUploadCarriesItsLockItsRetentionAndItsChecksumAndIsReadBack() throws Exception {
        S3Client direct = S3Servers.client(s3Mock.endpoint());
        S3Servers.bucket(direct, "archives-one");
        S3ObjectLockTarget target = S3Servers.target("s3", tapEndpoint(), "archives-one");
        Path source = random("a.asice", 300_000);
        Instant until = Instant.parse("2036-11-30T02:00:00Z");

        StoredCopy copy = target.store("vellum-x-seal-000001.asice", source, until);

        String sha256 = Hashes.hex(Hashes.sha256(source));
        assertEquals(sha256, copy.sha256());
        assertEquals(300_000, copy.size());
        assertTrue(copy.location().startsWith("s3://archives-one/vellum/vellum-x-seal-000001.asice"));
        List<TcpTap.Request> puts = tap.puts("vellum-x-seal-000001.asice");
        assertEquals(1, puts.size(), "one upload");
        TcpTap.Request put = puts.get(0);
        assertEquals("COMPLIANCE", put.headers().get("x-amz-object-lock-mode"));
        assertEquals("2036-11-30T02:00:00Z", put.headers().get("x-amz-object-lock-retain-until-date"));
        assertEquals(
                Base64.getEncoder().encodeToString(Hashes.sha256(source)),
                put.headers().get("x-amz-checksum-sha256"));
        assertEquals("*", put.headers().get("if-none-match"), "an existing object is never replaced");
        assertEquals(
                "300000",
                put.headers()
                        .getOrDefault(
                                "x-amz-decoded-content-length", put.headers().get("content-length")),
                "the whole file, in one request");

        var head = direct.headObject(b -> b.bucket("archives-one")
                .key("vellum/vellum-x-seal-000001.asice")
                .checksumMode(ChecksumMode.ENABLED));
        assertEquals(
                Base64.getEncoder().encodeToString(Hashes.sha256(source)),
                head.checksumSHA256(),
                "the server kept the checksum it was given");
        assertTrue(
                tap.requests.stream()
                        .anyMatch(r -> r.method().equals("GET") && r.target().contains("vellum-x-seal-000001.asice")),
                "the copy is read back after the upload");

        assertEquals(
                copy.sha256(),
                target.store("vellum-x-seal-000001.asice", source, until).sha256(),
                "storing the same bytes again completes, it does not upload twice");
        assertEquals(1, tap.puts("vellum-x-seal-000001.asice").size());
        Path other = random("b.asice", 1000);
        assertThrows(
                FileAlreadyExistsException.class,
                () -> target.store("vellum-x-seal-000001.asice", other, until),
                "different bytes under a stored name are refused");
    }

    @Test
    void aBodyDamagedOnTheWayIsNotTakenForACopy() throws Exception {
        S3Client direct = S3Servers.client(s3Mock.endpoint());
        S3Servers.bucket(direct, "archives-two");
        S3ObjectLockTarget target = S3Servers.target("s3", tapEndpoint(), "archives-two");
        Path source = random("c.asice", 200_000);
        tap.flipIn = "seal-000002.asice";
        tap.flipAt = 123_456;

        IOException e = assertThrows(
                IOException.class,
                () -> target.store("vellum-x-seal-000002.asice", source, Instant.parse("2036-11-30T02:00:00Z")));
        assertTrue(
                e.getMessage().contains("BadDigest")
                        || e.getMessage().contains("checksum")
                        || e.getMessage().contains("reads back differently"),
                e.getMessage());
    }

    @Test
    void theSelfTestCallsAStoreThatEnforcesNothingNotWriteOnce() throws Exception {
        S3Client direct = S3Servers.client(s3Mock.endpoint());
        S3Servers.bucket(direct, "archives-three");
        SelfTest t = S3Servers.target("s3", s3Mock.endpoint(), "archives-three").selfTest();

        assertFalse(t.worm(), t.findings().toString());
        assertFalse(t.refusedDelete(), t.findings().toString());
        assertTrue(t.findings().stream().anyMatch(f -> f.startsWith("delete was NOT refused")), t.findings()::toString);
        assertTrue(t.findings().contains("probe removed"), t.findings()::toString);
        assertEquals(
                0,
                direct.listObjectsV2(b -> b.bucket("archives-three")).contents().size(),
                "a probe on a store that did not hold it is removed");
    }

    /**
     * moto 5 refuses deleting a locked version and overwriting it, and (checked here, not assumed) does not refuse
     * shortening a COMPLIANCE retention: the self-test reports exactly what the store did.
     */
    @Test
    void motoRefusesDeletionAndOverwriteOfALockedVersionAndTheSelfTestSeesIt() throws Exception {
        try (S3Servers.Server moto = S3Servers.moto(tmp)) {
            S3Client direct = S3Servers.client(moto.endpoint());
            S3Servers.bucket(direct, "archives-moto");
            S3ObjectLockTarget target = S3Servers.target("moto", moto.endpoint(), "archives-moto");

            Path source = random("m.asice", 50_000);
            Instant until = Instant.now().plus(30, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
            StoredCopy copy = target.store("vellum-x-seal-000003.asice", source, until);
            assertTrue(copy.immutable(), "moto reads the lock back as COMPLIANCE until " + until);
            assertEquals(until, copy.retainUntil());
            String version = S3ObjectLockTarget.versionOf(copy.location());
            assertThrows(
                    software.amazon.awssdk.services.s3.model.S3Exception.class,
                    () -> direct.deleteObject(b -> b.bucket("archives-moto")
                            .key("vellum/vellum-x-seal-000003.asice")
                            .versionId(version)),
                    "the locked version cannot be deleted");

            direct.deleteObject(b -> b.bucket("archives-moto").key("vellum/vellum-x-seal-000003.asice"));
            StoredCopy still = target.find("vellum-x-seal-000003.asice").orElseThrow();
            assertEquals(copy.sha256(), still.sha256(), "a delete marker on top does not hide the locked version");
            assertEquals(copy.location(), still.location());

            SelfTest t = target.selfTest();
            assertTrue(t.refusedDelete(), t.findings().toString());
            assertTrue(t.refusedOverwrite(), t.findings().toString());
            boolean saidRefused = t.findings().stream().anyMatch(f -> f.startsWith("shortening the retention refused"));
            assertEquals(saidRefused, t.refusedRetentionChange(), t.findings().toString());
            assertEquals(saidRefused, t.worm(), "WORM exactly when all three were refused: " + t.findings());
        }
    }

    private static java.net.URI tapEndpoint() {
        return java.net.URI.create("http://127.0.0.1:" + tap.port());
    }
}
