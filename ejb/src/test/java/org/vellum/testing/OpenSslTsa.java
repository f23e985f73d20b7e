package org.vellum.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * An independent TSA: OpenSSL's {@code ts -reply} with its own root CA and TSA certificate (critical timeStamping
 * EKU), all made by the openssl command line in a folder of the test's.
 */
public final class OpenSslTsa {
    public static final String DEFAULT_POLICY = "1.2.3.4.1";
    public static final String OTHER_POLICY = "1.2.3.4.5";

    private final Path dir;

    private OpenSslTsa(Path dir) {
        this.dir = dir;
    }

    public static OpenSslTsa create(Path dir) throws IOException, InterruptedException {
        Files.writeString(
                dir.resolve("ext.cnf"),
                """
                [ tsa ]
                basicConstraints = critical, CA:FALSE
                keyUsage = critical, digitalSignature, nonRepudiation
                extendedKeyUsage = critical, timeStamping
                """);
        Files.writeString(
                dir.resolve("tsa.cnf"),
                """
                [ tsa ]
                default_tsa = tsa_config
                [ tsa_config ]
                dir = %s
                serial = $dir/serial
                crypto_device = builtin
                signer_cert = $dir/tsa.pem
                certs = $dir/tsa.pem
                signer_key = $dir/tsa.key
                signer_digest = sha256
                default_policy = %s
                other_policies = %s
                digests = sha256, sha384, sha512
                accuracy = secs:1
                ordering = no
                tsa_name = yes
                ess_cert_id_chain = no
                ess_cert_id_alg = sha256
                """
                        .formatted(dir, DEFAULT_POLICY, OTHER_POLICY));
        Files.writeString(dir.resolve("serial"), "01\n");
        String d = dir.toString();
        OpenSsl.ok(
                "req",
                "-x509",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-keyout",
                d + "/ca.key",
                "-out",
                d + "/ca.pem",
                "-days",
                "30",
                "-subj",
                "/O=Elsewhere/CN=Independent Root",
                "-addext",
                "basicConstraints=critical,CA:TRUE",
                "-addext",
                "keyUsage=critical,keyCertSign,cRLSign");
        OpenSsl.ok(
                "req",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-keyout",
                d + "/tsa.key",
                "-out",
                d + "/tsa.csr",
                "-subj",
                "/O=Elsewhere/CN=OpenSSL TSA");
        OpenSsl.ok(
                "x509",
                "-req",
                "-in",
                d + "/tsa.csr",
                "-CA",
                d + "/ca.pem",
                "-CAkey",
                d + "/ca.key",
                "-CAcreateserial",
                "-out",
                d + "/tsa.pem",
                "-days",
                "30",
                "-extfile",
                d + "/ext.cnf",
                "-extensions",
                "tsa");
        return new OpenSslTsa(dir);
    }

    /** The independent root, PEM. */
    public Path rootPem() {
        return dir.resolve("ca.pem");
    }

    public X509Certificate root() throws Exception {
        try (var in = Files.newInputStream(rootPem())) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }

    public List<X509Certificate> roots() throws Exception {
        return List.of(root());
    }

    /** {@code openssl ts -reply} for a DER query. */
    public byte[] reply(byte[] query) {
        try {
            Path q = Files.createTempFile(dir, "q", ".tsq");
            Path r = dir.resolve(q.getFileName() + ".tsr");
            Files.write(q, query);
            OpenSsl.Result result = OpenSsl.run(
                    "ts",
                    "-reply",
                    "-config",
                    dir.resolve("tsa.cnf").toString(),
                    "-queryfile",
                    q.toString(),
                    "-out",
                    r.toString());
            if (!result.ok()) {
                throw new IllegalStateException("openssl ts -reply failed: " + result.output());
            }
            return Files.readAllBytes(r);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
