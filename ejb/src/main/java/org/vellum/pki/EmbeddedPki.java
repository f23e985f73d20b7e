package org.vellum.pki;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLNumber;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.vellum.minimize.SecretFiles;

/**
 * The embedded default's PKI, generated on first start and kept in a PKCS#12 key store whose random password sits in
 * a file beside it readable by the server's user only (production loads its own key store instead):
 *
 * <ul>
 *   <li>a root CA (RSA 3072, 20 years), the trust anchor an auditor pins;
 *   <li>the seal-signing certificate (digitalSignature and nonRepudiation, 5 years);
 *   <li>the TSA certificate (the single, critical extended key usage id-kp-timeStamping of RFC 3161, 5 years);
 *   <li>the root's CRL, signed afresh on request (number = the issue time in seconds, next update after 7 days), so
 *       that standard validators can check revocation offline.
 * </ul>
 *
 * <p>RSA rather than ECDSA: every validator the archive's users hold (PDF readers, EU DSS, OpenSSL, NSS) takes it.
 */
public final class EmbeddedPki {
    public static final String KEY_STORE = "pki.p12";
    public static final String PASSWORD_FILE = "pki.p12.password";
    static final String ROOT = "root";
    static final String SEAL_SIGNER = "seal-signer";
    static final String TSA = "tsa";
    private static final String SIGNATURE = "SHA256withRSA";
    private static final Duration CRL_VALIDITY = Duration.ofDays(7);

    /** A private key and its certificate. */
    public record Issued(PrivateKey key, X509Certificate certificate) {}

    private final Provider provider;
    private final Issued root;
    private final Issued sealSigner;
    private final Issued tsa;

    private EmbeddedPki(Provider provider, Issued root, Issued sealSigner, Issued tsa) {
        this.provider = provider;
        this.root = root;
        this.sealSigner = sealSigner;
        this.tsa = tsa;
    }

    /** Loads the PKI from {@code dir}, or generates and stores it there on first start. */
    public static EmbeddedPki loadOrCreate(Path dir, String applianceId, Clock clock, Provider provider)
            throws GeneralSecurityException {
        char[] password = Base64.getEncoder()
                .encodeToString(
                        SecretFiles.loadOrCreate(dir.resolve(PASSWORD_FILE), 32).secret())
                .toCharArray();
        Path file = dir.resolve(KEY_STORE);
        try {
            if (Files.exists(file)) {
                return load(file, password, provider);
            }
            EmbeddedPki pki = generate(applianceId, clock.instant(), provider);
            pki.store(file, password);
            return pki;
        } catch (IOException e) {
            throw new UncheckedIOException("VELLUM-0501 the PKI key store " + file + " cannot be read or written", e);
        }
    }

    public Issued root() {
        return root;
    }

    public Issued sealSigner() {
        return sealSigner;
    }

    public Issued tsa() {
        return tsa;
    }

    /** The certificates an auditor needs, root first. */
    public List<X509Certificate> certificates() {
        return List.of(root.certificate(), sealSigner.certificate(), tsa.certificate());
    }

    /** {@link #certificates()} as PEM. */
    public String certificatesPem() {
        return pem(certificates().toArray());
    }

    /** The root's current CRL (nothing revoked yet), signed now. */
    public X509CRL crl(Instant now) throws GeneralSecurityException {
        try {
            X509v2CRLBuilder crl = new X509v2CRLBuilder(
                    new X509CertificateHolder(root.certificate().getEncoded()).getSubject(), Date.from(now));
            crl.setNextUpdate(Date.from(now.plus(CRL_VALIDITY)));
            crl.addExtension(Extension.cRLNumber, false, new CRLNumber(BigInteger.valueOf(now.getEpochSecond())));
            crl.addExtension(
                    Extension.authorityKeyIdentifier,
                    false,
                    new JcaX509ExtensionUtils().createAuthorityKeyIdentifier(root.certificate()));
            return new JcaX509CRLConverter().setProvider(provider).getCRL(crl.build(signer(root.key())));
        } catch (IOException e) {
            throw new GeneralSecurityException("the CRL could not be built", e);
        }
    }

    /** Any mix of certificates and CRLs as PEM. */
    public static String pem(Object... objects) {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            for (Object o : objects) {
                writer.writeObject(o);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text.toString();
    }

    private static EmbeddedPki generate(String applianceId, Instant now, Provider provider)
            throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA", provider);
        generator.initialize(3072, new SecureRandom());
        KeyPair rootKeys = generator.generateKeyPair();
        X500Name rootName = name("Vellum Root CA", applianceId);
        X509Certificate rootCert = certificate(
                provider,
                rootName,
                rootName,
                rootKeys,
                rootKeys.getPrivate(),
                null,
                now,
                Duration.ofDays(20 * 366),
                true,
                KeyUsage.keyCertSign | KeyUsage.cRLSign,
                null);
        Issued root = new Issued(rootKeys.getPrivate(), rootCert);
        Issued sealSigner = endEntity(provider, generator, root, name("Vellum Seal Signer", applianceId), now, null);
        Issued tsa = endEntity(
                provider,
                generator,
                root,
                name("Vellum Time-Stamping Authority", applianceId),
                now,
                KeyPurposeId.id_kp_timeStamping);
        return new EmbeddedPki(provider, root, sealSigner, tsa);
    }

    /** A signing certificate from the root (digitalSignature and nonRepudiation, 5 years), with an optional EKU. */
    private static Issued endEntity(
            Provider provider,
            KeyPairGenerator generator,
            Issued root,
            X500Name subject,
            Instant now,
            KeyPurposeId extendedKeyUsage)
            throws GeneralSecurityException {
        KeyPair keys = generator.generateKeyPair();
        X509Certificate cert = certificate(
                provider,
                X500Name.getInstance(
                        root.certificate().getSubjectX500Principal().getEncoded()),
                subject,
                keys,
                root.key(),
                root.certificate(),
                now,
                Duration.ofDays(5 * 366),
                false,
                KeyUsage.digitalSignature | KeyUsage.nonRepudiation,
                extendedKeyUsage);
        return new Issued(keys.getPrivate(), cert);
    }

    private static X500Name name(String commonName, String applianceId) {
        return new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.O, "Vellum")
                .addRDN(BCStyle.OU, "appliance " + applianceId)
                .addRDN(BCStyle.CN, commonName)
                .build();
    }

    private static X509Certificate certificate(
            Provider provider,
            X500Name issuer,
            X500Name subject,
            KeyPair keys,
            PrivateKey issuerKey,
            X509Certificate issuerCert,
            Instant now,
            Duration validity,
            boolean ca,
            int keyUsage,
            KeyPurposeId extendedKeyUsage)
            throws GeneralSecurityException {
        try {
            byte[] serial = new byte[16];
            new SecureRandom().nextBytes(serial);
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(
                    issuer,
                    new BigInteger(1, serial),
                    Date.from(now.minus(Duration.ofMinutes(5))),
                    Date.from(now.plus(validity)),
                    subject,
                    keys.getPublic());
            JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
            b.addExtension(
                    Extension.basicConstraints, true, ca ? new BasicConstraints(0) : new BasicConstraints(false));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(keyUsage));
            b.addExtension(Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(keys.getPublic()));
            b.addExtension(
                    Extension.authorityKeyIdentifier,
                    false,
                    issuerCert == null
                            ? utils.createAuthorityKeyIdentifier(keys.getPublic())
                            : utils.createAuthorityKeyIdentifier(issuerCert));
            if (extendedKeyUsage != null) {
                b.addExtension(Extension.extendedKeyUsage, true, new ExtendedKeyUsage(extendedKeyUsage));
            }
            return new JcaX509CertificateConverter().setProvider(provider).getCertificate(b.build(signer(issuerKey)));
        } catch (IOException e) {
            throw new GeneralSecurityException("a certificate could not be built", e);
        }
    }

    private static ContentSigner signer(PrivateKey key) throws GeneralSecurityException {
        try {
            return new JcaContentSignerBuilder(SIGNATURE).build(key);
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException("no " + SIGNATURE + " signer", e);
        }
    }

    private static EmbeddedPki load(Path file, char[] password, Provider provider)
            throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            store.load(in, password);
        }
        return new EmbeddedPki(
                provider,
                entry(store, ROOT, password),
                entry(store, SEAL_SIGNER, password),
                entry(store, TSA, password));
    }

    private static Issued entry(KeyStore store, String alias, char[] password) throws GeneralSecurityException {
        if (!(store.getKey(alias, password) instanceof PrivateKey key)) {
            throw new GeneralSecurityException("the PKI key store has no key '" + alias + "'");
        }
        return new Issued(key, (X509Certificate) store.getCertificate(alias));
    }

    private void store(Path file, char[] password) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry(ROOT, root.key(), password, new Certificate[] {root.certificate()});
        store.setKeyEntry(
                SEAL_SIGNER, sealSigner.key(), password, new Certificate[] {sealSigner.certificate(), root.certificate()
                });
        store.setKeyEntry(TSA, tsa.key(), password, new Certificate[] {tsa.certificate(), root.certificate()});
        Path temp = Files.createTempFile(file.toAbsolutePath().getParent(), ".pki", ".tmp");
        try (OutputStream out = Files.newOutputStream(temp)) {
            store.store(out, password);
        }
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
    }
}
