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
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
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
 * its built-in TSA (plain HTTP on 127.0.0.1 only): a seal on demand is time-stamped. With
 * {@code tls-client-certs.cli} too, a producer signs in with its client certificate alone, with its account's roles;
 * a certificate the server does not hold signs nobody in. Runs in the H2 pass.
 */
@EnabledIfSystemProperty(named = "vellum.database", matches = "h2")
class TlsIT {
    private static final int OFFSET = 600;

    @TempDir
    Path tmp;

    private final String password = password();

    private static String password() {
        byte[] secret = new byte[18];
        new SecureRandom().nextBytes(secret);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    }

    /** A key pair and self-signed certificate in a PKCS#12 file of its own; the certificate. */
    private Certificate keyPair(Path store, String alias, String dname, String... extensions) throws Exception {
        List<String> args = new java.util.ArrayList<>(List.of(
                "-genkeypair",
                "-alias",
                alias,
                "-keyalg",
                "EC",
                "-groupname",
                "secp256r1",
                "-dname",
                dname,
                "-validity",
                "2",
                "-keystore",
                store.toString(),
                "-storetype",
                "PKCS12",
                "-storepass",
                password));
        args.addAll(List.of(extensions));
        keytool(args.toArray(String[]::new));
        Path pem = tmp.resolve(alias + ".pem");
        keytool(
                "-exportcert",
                "-rfc",
                "-alias",
                alias,
                "-keystore",
                store.toString(),
                "-storepass",
                password,
                "-file",
                pem.toString());
        return certificate(pem);
    }

    /** A key pair in a store of its own, its certificate issued by the CA in {@code caStore}; the certificate. */
    private Certificate issued(Path caStore, Path store, String cn) throws Exception {
        String alias = store.getFileName().toString().replace(".p12", "");
        keytool(
                "-genkeypair",
                "-alias",
                alias,
                "-keyalg",
                "EC",
                "-groupname",
                "secp256r1",
                "-dname",
                "CN=" + cn,
                "-validity",
                "2",
                "-keystore",
                store.toString(),
                "-storetype",
                "PKCS12",
                "-storepass",
                password);
        Path csr = tmp.resolve(alias + ".csr");
        Path crt = tmp.resolve(alias + ".crt");
        keytool(
                "-certreq",
                "-alias",
                alias,
                "-keystore",
                store.toString(),
                "-storepass",
                password,
                "-file",
                csr.toString());
        keytool(
                "-gencert",
                "-rfc",
                "-alias",
                "ca",
                "-keystore",
                caStore.toString(),
                "-storepass",
                password,
                "-infile",
                csr.toString(),
                "-outfile",
                crt.toString(),
                "-validity",
                "2");
        keytool(
                "-importcert",
                "-noprompt",
                "-alias",
                "ca",
                "-keystore",
                store.toString(),
                "-storepass",
                password,
                "-file",
                tmp.resolve("ca.pem").toString());
        keytool(
                "-importcert",
                "-alias",
                alias,
                "-keystore",
                store.toString(),
                "-storepass",
                password,
                "-file",
                crt.toString());
        return certificate(crt);
    }

    private static Certificate certificate(Path pem) throws Exception {
        try (InputStream in = Files.newInputStream(pem)) {
            return CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }

    /** A PKCS#12 store holding certificates only, each under its alias. */
    private Path certificates(String name, Map<String, Certificate> entries) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        for (var e : entries.entrySet()) {
            store.setCertificateEntry(e.getKey(), e.getValue());
        }
        Path file = tmp.resolve(name + ".p12");
        try (var out = Files.newOutputStream(file)) {
            store.store(out, password.toCharArray());
        }
        return file;
    }

    /** Writes the server's TLS settings and applies the scripts to its configuration. */
    private static Path configure(Path base, Properties p, String... scripts) throws Exception {
        Path settings = base.resolve("configuration/tls.properties");
        try (var out = Files.newOutputStream(settings)) {
            p.store(out, "TlsIT's key stores");
        }
        for (String script : scripts) {
            OfflineCli.apply(base, settings, script);
        }
        return settings;
    }

    @Test
    void httpsOnlyWithTheOperatorsCertificate() throws Exception {
        String address = publicAddress();
        Path keyStore = tmp.resolve("server.p12");
        Certificate certificate =
                keyPair(keyStore, "vellum", "CN=vellum-tls-it", "-ext", "SAN=ip:" + address + ",ip:127.0.0.1");

        Path base = Path.of(System.getProperty("jboss.home")).getParent().resolve("tls-it/standalone");
        try (ServerProcess server = new ServerProcess(base, OFFSET)) {
            Properties p = new Properties();
            p.setProperty("vellum.tls.key-store", keyStore.toString());
            p.setProperty("vellum.tls.key-store-password", password);
            Path settings = configure(base, p, "tls.cli");

            HttpClient trusting = HttpClient.newBuilder()
                    .sslContext(tls(certificate, null))
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

    @Test
    void aProducerSignsInWithItsClientCertificate() throws Exception {
        String address = publicAddress();
        Path keyStore = tmp.resolve("server.p12");
        Certificate server = keyPair(keyStore, "vellum", "CN=vellum-tls-it", "-ext", "SAN=ip:" + address);
        // one CA issues a producer's certificate (accepted, under its CN) and a stranger's of the same CN
        Path caKey = tmp.resolve("ca.p12");
        Certificate ca = keyPair(caKey, "ca", "CN=vellum-test-producers-ca", "-ext", "bc:c");
        Path producerKey = tmp.resolve("producer.p12");
        Certificate producer = issued(caKey, producerKey, "anon-gateway-1");
        Path strangerKey = tmp.resolve("stranger.p12");
        issued(caKey, strangerKey, "anon-gateway-1");

        Path base = Path.of(System.getProperty("jboss.home")).getParent().resolve("tls-client-it/standalone");
        try (ServerProcess node = new ServerProcess(base, OFFSET + 100)) {
            Properties p = new Properties();
            p.setProperty("vellum.tls.key-store", keyStore.toString());
            p.setProperty("vellum.tls.key-store-password", password);
            p.setProperty(
                    "vellum.tls.client-ca",
                    certificates("client-ca", Map.of("ca", ca)).toString());
            p.setProperty("vellum.tls.client-ca-password", password);
            p.setProperty(
                    "vellum.tls.client-certs",
                    certificates("client-certs", Map.of("anon-gateway-1", producer))
                            .toString());
            p.setProperty("vellum.tls.client-certs-password", password);
            Path settings = configure(base, p, "tls.cli", "tls-client-certs.cli");
            URI https = URI.create("https://" + address + ":" + (8443 + OFFSET + 100) + "/");
            HttpClient plain =
                    HttpClient.newBuilder().sslContext(tls(server, null)).build();
            node.start(
                    Duration.ofMinutes(3),
                    List.of("--properties=" + settings, "-Djboss.bind.address=" + address),
                    node.as("auditor").via(https, plain));

            String event = "[{\"ts\":\"" + java.time.Instant.now() + "\",\"type\":\"task.opened\",\"event_id\":\""
                    + java.util.UUID.randomUUID() + "\",\"node\":\"anon-1\",\"task_id\":\"T-1\",\"user\":\"u-1\"}]";
            Api byCertificate = Api.anonymous(https)
                    .via(
                            https,
                            HttpClient.newBuilder()
                                    .sslContext(tls(server, producerKey))
                                    .build());
            HttpResponse<String> sent = byCertificate.post("/events", event);
            assertEquals(200, sent.statusCode(), "the producer's certificate signs it in: " + sent.body());
            assertEquals(
                    403, byCertificate.get("/ledger/head").statusCode(), "with the producer account's roles, no more");
            assertEquals(
                    401,
                    Api.anonymous(https)
                            .via(https, plain)
                            .post("/events", event)
                            .statusCode());
            assertEquals(
                    200,
                    node.as("auditor").via(https, plain).get("/ledger/head").statusCode(),
                    "passwords too");

            // A certificate of the same name from the same CA passes TLS, but the server does not hold it: no way in.
            HttpClient stranger =
                    HttpClient.newBuilder().sslContext(tls(server, strangerKey)).build();
            HttpResponse<String> refused =
                    Api.anonymous(https).via(https, stranger).post("/events", event);
            assertEquals(401, refused.statusCode(), "a certificate the server does not hold signs nobody in");
        }
    }

    /** A TLS context trusting {@code server}, presenting the key in {@code clientKey} where given. */
    private SSLContext tls(Certificate server, Path clientKey) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("vellum", server);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        KeyManagerFactory kmf = null;
        if (clientKey != null) {
            KeyStore keys = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(clientKey)) {
                keys.load(in, password.toCharArray());
            }
            kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keys, password.toCharArray());
        }
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        return context;
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
