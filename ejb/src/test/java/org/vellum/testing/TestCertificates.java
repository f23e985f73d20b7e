package org.vellum.testing;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** Certificates the appliance would never issue, for negative tests (RSA 2048, made in memory). */
public final class TestCertificates {
    /** A key pair and its certificate. */
    public record Issued(KeyPair keys, X509Certificate certificate) {}

    private TestCertificates() {}

    public static Issued root(String name) throws Exception {
        KeyPair keys = keys();
        return new Issued(keys, build(name, name, keys, keys, true, null, false));
    }

    /** A TSA certificate whose timeStamping EKU is critical or not, as asked. */
    public static Issued tsa(Issued root, String name, boolean ekuCritical) throws Exception {
        KeyPair keys = keys();
        return new Issued(
                keys,
                build(
                        root.certificate().getSubjectX500Principal().getName(),
                        name,
                        keys,
                        root.keys(),
                        false,
                        KeyPurposeId.id_kp_timeStamping,
                        ekuCritical));
    }

    private static KeyPair keys() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        return g.generateKeyPair();
    }

    private static X509Certificate build(
            String issuer,
            String subject,
            KeyPair keys,
            KeyPair issuerKeys,
            boolean ca,
            KeyPurposeId eku,
            boolean ekuCritical)
            throws Exception {
        Instant now = Instant.now();
        JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(
                new X500Name(issuer),
                BigInteger.valueOf(now.toEpochMilli()),
                Date.from(now.minus(Duration.ofDays(1))),
                Date.from(now.plus(Duration.ofDays(30))),
                new X500Name(subject),
                keys.getPublic());
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
        b.addExtension(
                Extension.keyUsage,
                true,
                new KeyUsage(ca ? KeyUsage.keyCertSign | KeyUsage.cRLSign : KeyUsage.digitalSignature));
        if (eku != null) {
            b.addExtension(Extension.extendedKeyUsage, ekuCritical, new ExtendedKeyUsage(eku));
        }
        return new JcaX509CertificateConverter()
                .getCertificate(b.build(new JcaContentSignerBuilder("SHA256withRSA").build(issuerKeys.getPrivate())));
    }
}
