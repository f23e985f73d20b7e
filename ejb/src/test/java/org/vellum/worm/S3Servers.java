package org.vellum.worm;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * S3-compatible servers started by the tests, each its own process on a free loopback port: Adobe's S3Mock from Maven
 * Central (copied to target/tools by the build), which keeps checksums but enforces no Object Lock; and moto's
 * server where it is installed, which refuses deleting a locked version.
 */
final class S3Servers {
    /** A running server, stopped on close. */
    record Server(Process process, int port, Path log) implements AutoCloseable {
        URI endpoint() {
            return URI.create("http://127.0.0.1:" + port);
        }

        @Override
        public void close() {
            process.destroyForcibly();
        }
    }

    private S3Servers() {}

    static Server s3Mock(Path dir) throws Exception {
        Path jar = Path.of("target/tools/s3mock.jar");
        if (!Files.exists(jar)) {
            fail("target/tools/s3mock.jar is missing: the build copies it (mvn generate-test-resources)");
        }
        int http = freePort();
        int https = freePort();
        Path log = dir.resolve("s3mock.log");
        Process p = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xmx256m",
                        "-jar",
                        jar.toAbsolutePath().toString(),
                        "--server.port=" + https,
                        "--com.adobe.testing.s3mock.httpPort=" + http,
                        "--com.adobe.testing.s3mock.store.root=" + dir.resolve("s3mock-store"))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        return await(new Server(p, http, log), Duration.ofSeconds(120));
    }

    /** moto's server, or the test is skipped where it is not installed (failed under CI=true). */
    static Server moto(Path dir) throws Exception {
        int port = freePort();
        Path log = dir.resolve("moto.log");
        Process p;
        try {
            p = new ProcessBuilder("moto_server", "-H", "127.0.0.1", "-p", String.valueOf(port))
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
        } catch (IOException e) {
            String why = "moto_server is not installed (pip install 'moto[server]')";
            if ("true".equals(System.getenv("CI"))) {
                fail(why + " and is required under CI=true");
            }
            Assumptions.abort("skipped: " + why);
            throw e;
        }
        return await(new Server(p, port, log), Duration.ofSeconds(60));
    }

    static S3Client client(URI endpoint) {
        return S3ObjectLockTarget.client(settings(endpoint, "unused"), credentials());
    }

    static S3ObjectLockTarget.Settings settings(URI endpoint, String bucket) {
        return new S3ObjectLockTarget.Settings(
                endpoint, "us-east-1", bucket, "vellum/", true, Duration.ofMinutes(10), Duration.ofSeconds(30));
    }

    static StaticCredentialsProvider credentials() {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create("test-access-key", "test-secret-key"));
    }

    static S3ObjectLockTarget target(String name, URI endpoint, String bucket) {
        S3ObjectLockTarget.Settings s = settings(endpoint, bucket);
        return new S3ObjectLockTarget(name, s, S3ObjectLockTarget.client(s, credentials()), Clock.systemUTC());
    }

    /** A bucket with Object Lock enabled (and so versioning). */
    static void bucket(S3Client s3, String bucket) {
        s3.createBucket(b -> b.bucket(bucket).objectLockEnabledForBucket(true));
    }

    private static Server await(Server s, Duration timeout) throws Exception {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            if (!s.process().isAlive()) {
                fail("the S3 server ended: " + Files.readString(s.log(), StandardCharsets.UTF_8));
            }
            try (Socket probe = new Socket(InetAddress.getLoopbackAddress(), s.port())) {
                return s;
            } catch (IOException e) {
                TimeUnit.MILLISECONDS.sleep(200);
            }
        }
        s.close();
        fail("the S3 server did not listen within " + timeout + ": " + Files.readString(s.log()));
        return s;
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
