package org.vellum.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import org.vellum.it.support.Api;
import org.vellum.it.support.OfflineCli;
import org.vellum.it.support.ServerProcess;

/**
 * TLS on every endpoint: a server configured with {@code ear/src/main/cli/tls.cli}, as an operator would, with a key
 * and certificate made for the test by the JDK's keytool, listening on a non-loopback address of this host. It answers
 * over HTTPS (TLS 1.3) with that certificate; plain HTTP on that address is refused; and the appliance still reaches
 * its built-in TSA (plain HTTP on 127.0.0.1 only): a seal on demand is time-stamped. Runs in the H2 pass.
 */
@EnabledIfSystemProperty(named = "vellum.database", matches = "h2")
class TlsIT {
    private static final int OFFSET = 600;

    @TempDir
    Path tmp;

    @Test
    void httpsOnlyWithTheOperatorsCertificate() throws Exception {
        String address = publicAddress();
        byte[] secret = new byte[18];
        new SecureRandom().nextBytes(secret);
        String password = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        Path keyStore = tmp.resolve("server.p12");
        keytool(
                "-genkeypair",
                "-alias",
                "vellum",
                "-keyalg",
                "EC",
                "-groupname",
                "secp256r1",
                "-dname",
                "CN=vellum-tls-it",
                "-ext",
                "SAN=ip:" + address + ",ip:127.0.0.1",
                "-validity",
                "2",
                "-keystore",
                keyStore.toString(),
                "-storetype",
                "PKCS12",
                "-storepass",
                password);
        Path pem = tmp.resolve("server.pem");
        keytool(
                "-exportcert",
                "-rfc",
                "-alias",
                "vellum",
                "-keystore",
                keyStore.toString(),
                "-storepass",
                password,
                "-file",
                pem.toString());
        Certificate certificate;
        try (InputStream in = Files.newInputStream(pem)) {
            certificate = CertificateFactory.getInstance("X.509").generateCertificate(in);
        }

        Path base = Path.of(System.getProperty("jboss.home")).getParent().resolve("tls-it/standalone");
        try (ServerProcess server = new ServerProcess(base, OFFSET)) {
            Path settings = base.resolve("configuration/tls.properties");
            Properties p = new Properties();
            p.setProperty("vellum.tls.key-store", keyStore.toString());
            p.setProperty("vellum.tls.key-store-password", password);
            try (var out = Files.newOutputStream(settings)) {
                p.store(out, "TlsIT's key store");
            }
            OfflineCli.apply(base, settings, "tls.cli");

            HttpClient trusting = HttpClient.newBuilder()
                    .sslContext(trusting(certificate))
                    .connectTimeout(Duration.ofSeconds(10))
                    .build();
            URI https = URI.create("https://" + address + ":" + (8443 + OFFSET) + "/");
            Api auditor = server.as("auditor").via(https, trusting);
            server.start(
                    Duration.ofMinutes(3),
                    List.of("--properties=" + settings, "-Djboss.bind.address=" + address),
                    auditor);

            HttpResponse<String> head = auditor.get("/ledger/head");
            assertEquals(200, head.statusCode(), head.body());
            assertEquals("TLSv1.3", head.sslSession().orElseThrow().getProtocol());
            assertArrayEquals(
                    certificate.getEncoded(),
                    head.sslSession().orElseThrow().getPeerCertificates()[0].getEncoded(),
                    "the server presents the operator's certificate");

            URI http = URI.create("http://" + address + ":" + (8080 + OFFSET) + "/");
            assertThrows(
                    UncheckedIOException.class,
                    () -> server.as("auditor")
                            .via(http, HttpClient.newHttpClient())
                            .get("/ledger/head"),
                    "plain HTTP is off on the public address");

            HttpResponse<String> sealed =
                    server.as("admin").via(https, trusting).post("/seals", "");
            assertEquals(201, sealed.statusCode(), "the built-in TSA is still reached: " + sealed.body());
        }
    }

    /** An IPv4 address of this host that is not loopback: where HTTP must be off. */
    private static String publicAddress() throws IOException {
        Optional<String> found = Optional.empty();
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (!nic.isUp() || nic.isLoopback()) {
                continue;
            }
            for (InetAddress a : Collections.list(nic.getInetAddresses())) {
                if (a instanceof Inet4Address && !a.isLoopbackAddress() && !a.isLinkLocalAddress()) {
                    found = Optional.of(a.getHostAddress());
                }
            }
        }
        if (found.isEmpty()) {
            if ("true".equals(System.getenv("CI"))) {
                fail("this host has no non-loopback IPv4 address to test TLS on");
            }
            Assumptions.abort("no non-loopback IPv4 address here: the TLS test is skipped");
        }
        return found.get();
    }

    private static SSLContext trusting(Certificate certificate) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("vellum", certificate);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), null);
        return context;
    }

    private static void keytool(String... args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(1, TimeUnit.MINUTES));
        assertEquals(0, p.exitValue(), out);
    }
}
