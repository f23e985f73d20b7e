package org.vellum.seal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vellum.testing.TestCertificates;

/** A deployment's own seal-signing key, from a PKCS#12 or JKS file whose password is read from a file. */
class SigningKeysTest {
    @TempDir
    Path dir;

    @Test
    void loadsTheOnlyKeyOrTheNamedOneAndSignsWithIt() throws Exception {
        TestCertificates.Issued root = TestCertificates.root("CN=Customer Root");
        TestCertificates.Issued signer = TestCertificates.tsa(root, "CN=Customer Seal Signer", true);
        TestCertificates.Issued other = TestCertificates.tsa(root, "CN=Customer Other Key", true);
        Path password = Files.writeString(dir.resolve("pin"), "correct horse battery\n");
        for (String type : List.of("PKCS12", "JKS")) {
            Path one = store(type, "one." + type, "correct horse battery", signer, null);
            CadesSigner loaded = SigningKeys.load(type, one, password, null);
            assertEquals(signer.certificate(), loaded.certificate(), type);

            Path two = store(type, "two." + type, "correct horse battery", signer, other);
            GeneralSecurityException ambiguous =
                    assertThrows(GeneralSecurityException.class, () -> SigningKeys.load(type, two, password, null));
            assertTrue(ambiguous.getMessage().contains("vellum.seal.key-alias"), ambiguous.getMessage());
            assertEquals(
                    other.certificate(),
                    SigningKeys.load(type, two, password, "b").certificate());
            assertThrows(GeneralSecurityException.class, () -> SigningKeys.load(type, two, password, "missing"));
        }
        Path wrong = Files.writeString(dir.resolve("wrong"), "not the password");
        Path one = dir.resolve("one.PKCS12");
        assertThrows(java.io.IOException.class, () -> SigningKeys.load("PKCS12", one, wrong, null));

        // no signature leaves the signer without its time-stamp
        CadesSigner loaded = SigningKeys.load("PKCS12", one, password, null);
        assertThrows(
                org.vellum.timestamp.TimeStampUnavailableException.class,
                () -> loaded.sign("a seal".getBytes(), Instant.now(), data -> {
                    throw new org.vellum.timestamp.TimeStampUnavailableException("no TSA in this test");
                }));
    }

    private Path store(String type, String name, String password, TestCertificates.Issued a, TestCertificates.Issued b)
            throws Exception {
        KeyStore ks = KeyStore.getInstance(type);
        ks.load(null, null);
        ks.setKeyEntry("a", a.keys().getPrivate(), password.toCharArray(), new Certificate[] {a.certificate()});
        if (b != null) {
            ks.setKeyEntry("b", b.keys().getPrivate(), password.toCharArray(), new Certificate[] {b.certificate()});
        }
        Path file = dir.resolve(name);
        try (OutputStream out = Files.newOutputStream(file)) {
            ks.store(out, password.toCharArray());
        }
        return file;
    }
}
