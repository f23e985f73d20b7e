package org.vellum.seal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.SecureRandom;
import java.security.Security;
import java.security.cert.Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.tsp.TSPAlgorithms;
import org.bouncycastle.tsp.TimeStampRequestGenerator;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vellum.pki.EmbeddedPki;
import org.vellum.timestamp.TimeStampAuthority;

/**
 * A seal-signing key on a PKCS#11 token, as production keeps it: SoftHSM (Debian {@code softhsm2}) stands in for the
 * HSM, reached through the JDK's SunPKCS11 provider exactly as {@code vellum.seal.key-store.type=PKCS11} does. The key
 * never leaves the token; the signature must verify against the root. Skipped without SoftHSM, a failure under
 * {@code CI=true}.
 */
class Pkcs11SigningTest {
    private static final Path LIBRARY = Path.of("/usr/lib/softhsm/libsofthsm2.so");
    private static final String PIN = "472910";

    @TempDir
    Path tmp;

    @Test
    void signsSealsWithAKeyOnAToken() throws Exception {
        if (!Files.exists(LIBRARY)) {
            if ("true".equals(System.getenv("CI"))) {
                fail("SoftHSM is required under CI=true (apt-get install softhsm2)");
            }
            Assumptions.abort("skipped: SoftHSM is not installed (apt-get install softhsm2)");
        }
        Path conf = Path.of(System.getenv("SOFTHSM2_CONF"));
        Path tokens = conf.resolveSibling("tokens");
        deleteTree(tokens);
        Files.createDirectories(tokens);
        Files.writeString(
                conf, "directories.tokendir = " + tokens + "\nobjectstore.backend = file\nlog.level = ERROR\n");
        run("softhsm2-util", "--init-token", "--free", "--label", "vellum-seal", "--pin", PIN, "--so-pin", "918273");
        Path config = Files.writeString(
                tmp.resolve("pkcs11.cfg"), "name = VellumSoftHSM\nlibrary = " + LIBRARY + "\nslotListIndex = 0\n");
        Path pinFile = Files.writeString(tmp.resolve("pin"), PIN + "\n");

        // an operator imports the seal signer issued by their CA into the token
        EmbeddedPki pki =
                EmbeddedPki.loadOrCreate(tmp.resolve("pki"), "hsm-test", Clock.systemUTC(), new BouncyCastleProvider());
        Provider token = Security.getProvider("SunPKCS11").configure(config.toString());
        KeyStore store = KeyStore.getInstance("PKCS11", token);
        store.load(null, PIN.toCharArray());
        store.setKeyEntry("seal", pki.sealSigner().key(), null, new Certificate[] {
            pki.sealSigner().certificate(), pki.root().certificate()
        });

        CadesSigner signer = SigningKeys.load("PKCS11", config, pinFile, null);
        assertEquals(pki.sealSigner().certificate(), signer.certificate());
        PrivateKey onToken = (PrivateKey) store.getKey("seal", null);
        assertFalse(onToken.getClass().getName().startsWith("sun.security.rsa"), "the key object is the token's");

        TimeStampAuthority tsa =
                new TimeStampAuthority(pki.tsa().key(), pki.tsa().certificate(), Clock.systemUTC());
        TrustAnchors trust = TrustAnchors.of(List.of(pki.root().certificate()), List.of());
        byte[] content = "{\"format\":\"vellum-seal/1\"}".getBytes(StandardCharsets.UTF_8);
        byte[] signature = signer.sign(content, Instant.now(), data -> {
            try {
                byte[] digest = MessageDigest.getInstance("SHA-256").digest(data);
                BigInteger nonce = new BigInteger(64, new SecureRandom());
                TimeStampRequestGenerator g = new TimeStampRequestGenerator();
                g.setCertReq(true);
                return TimeStampCheck.response(
                        tsa.respond(
                                g.generate(TSPAlgorithms.SHA256, digest, nonce).getEncoded()),
                        digest,
                        nonce,
                        null,
                        trust);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        SealSignature.Verified verified = SealSignature.verify(content, signature, trust);
        assertEquals(pki.sealSigner().certificate(), verified.signer());
        assertTrue(verified.timeStamp().genTime() != null);
    }

    private static void run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            fail(String.join(" ", command) + " failed: " + out);
        }
    }

    private static void deleteTree(Path dir) throws Exception {
        if (Files.exists(dir)) {
            try (var paths = Files.walk(dir)) {
                for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }
}
