package org.vellum.pki;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.Signature;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded PKI, judged by OpenSSL where it is installed (required under {@code CI=true}). */
class EmbeddedPkiTest {
    private static final BouncyCastleProvider BC = new BouncyCastleProvider();
    private static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");

    @TempDir
    static Path shared;

    private static EmbeddedPki pki;

    @BeforeAll
    static void generate() throws Exception {
        pki = EmbeddedPki.loadOrCreate(shared, "a1b2c3d4", Clock.fixed(NOW, ZoneOffset.UTC), BC);
    }

    @Test
    void isKeptAndTakenUpAgainWithItsPasswordReadableByTheServerOnly() throws Exception {
        EmbeddedPki again = EmbeddedPki.loadOrCreate(shared, "ignored", Clock.systemUTC(), BC);
        for (int i = 0; i < 3; i++) {
            assertArrayEquals(
                    pki.certificates().get(i).getEncoded(),
                    again.certificates().get(i).getEncoded());
        }
        Signature s = Signature.getInstance("SHA256withRSA");
        s.initSign(again.sealSigner().key());
        s.update("seal".getBytes(StandardCharsets.UTF_8));
        byte[] signature = s.sign();
        s.initVerify(pki.sealSigner().certificate());
        s.update("seal".getBytes(StandardCharsets.UTF_8));
        assertTrue(s.verify(signature), "the reloaded key belongs to the certificate");
        assertEquals(
                "rw-------",
                PosixFilePermissions.toString(
                        Files.getPosixFilePermissions(shared.resolve(EmbeddedPki.PASSWORD_FILE))));
        assertEquals(
                "rw-------",
                PosixFilePermissions.toString(Files.getPosixFilePermissions(shared.resolve(EmbeddedPki.KEY_STORE))));
    }

    @Test
    void certificatesCarryTheirRoles() throws Exception {
        X509Certificate root = pki.root().certificate();
        X509Certificate seal = pki.sealSigner().certificate();
        X509Certificate tsa = pki.tsa().certificate();
        assertEquals(0, root.getBasicConstraints());
        assertTrue(root.getKeyUsage()[5] && root.getKeyUsage()[6], "keyCertSign and cRLSign");
        assertEquals(-1, seal.getBasicConstraints());
        assertTrue(seal.getKeyUsage()[0] && seal.getKeyUsage()[1], "digitalSignature and nonRepudiation");
        assertNull(seal.getExtendedKeyUsage());
        assertEquals(List.of("1.3.6.1.5.5.7.3.8"), tsa.getExtendedKeyUsage(), "id-kp-timeStamping only");
        assertTrue(tsa.getCriticalExtensionOIDs().contains("2.5.29.37"), "RFC 3161 wants the EKU critical");
        seal.verify(root.getPublicKey());
        tsa.verify(root.getPublicKey());
        assertTrue(root.getSubjectX500Principal().getName().contains("a1b2c3d4"));
        assertNotEquals(seal.getSerialNumber(), tsa.getSerialNumber());
    }

    @Test
    void theCrlIsSignedByTheRootAndItsNumberGrows() throws Exception {
        X509CRL first = pki.crl(NOW);
        X509CRL later = pki.crl(NOW.plusSeconds(60));
        first.verify(pki.root().certificate().getPublicKey());
        assertNull(first.getRevokedCertificates());
        assertEquals(NOW.plusSeconds(7 * 24 * 3600), first.getNextUpdate().toInstant());
        assertTrue(crlNumber(later) > crlNumber(first));
    }

    private static long crlNumber(X509CRL crl) {
        byte[] ext = crl.getExtensionValue("2.5.29.20"); // OCTET STRING wrapping an INTEGER
        long n = 0;
        for (int i = 4; i < ext.length; i++) {
            n = (n << 8) | (ext[i] & 0xff);
        }
        return n;
    }

    @Test
    void openSslAcceptsTheChainsAndTheCrlAndKnowsTheTsaFromTheSealSigner(@TempDir Path dir) throws Exception {
        Path root = write(dir, "root.pem", EmbeddedPki.pem(pki.root().certificate()));
        Path seal = write(dir, "seal.pem", EmbeddedPki.pem(pki.sealSigner().certificate()));
        Path tsa = write(dir, "tsa.pem", EmbeddedPki.pem(pki.tsa().certificate()));
        Path crl = write(dir, "crl.pem", EmbeddedPki.pem(pki.crl(Instant.now())));
        assertTrue(
                openssl("verify", "-CAfile", root.toString(), "-crl_check", "-CRLfile", crl.toString(), seal.toString())
                        .contains(": OK"));
        assertTrue(openssl(
                        "verify",
                        "-purpose",
                        "timestampsign",
                        "-CAfile",
                        root.toString(),
                        "-crl_check",
                        "-CRLfile",
                        crl.toString(),
                        tsa.toString())
                .contains(": OK"));
        String wrongPurpose =
                openssl("verify", "-purpose", "timestampsign", "-CAfile", root.toString(), seal.toString());
        assertFalse(wrongPurpose.contains(": OK"), "the seal signer is no TSA: " + wrongPurpose);
        assertTrue(openssl("crl", "-in", crl.toString(), "-noout", "-text").contains("No Revoked Certificates"));
    }

    private static Path write(Path dir, String name, String text) throws Exception {
        return Files.writeString(dir.resolve(name), text);
    }

    /** Runs openssl and returns its combined output; a missing openssl skips, or fails under CI=true. */
    private static String openssl(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("openssl"));
        command.addAll(List.of(args));
        Process p;
        try {
            p = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (java.io.IOException e) {
            if ("true".equals(System.getenv("CI"))) {
                fail("openssl is required under CI=true: " + e.getMessage());
            }
            Assumptions.abort("skipped: openssl is not installed (apt-get install openssl)");
            return "";
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        return out;
    }
}
