package org.vellum.seal;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.function.Function;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.DERSet;
import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.asn1.cms.AttributeTable;
import org.bouncycastle.asn1.cms.CMSAttributes;
import org.bouncycastle.asn1.cms.ContentInfo;
import org.bouncycastle.asn1.cms.Time;
import org.bouncycastle.asn1.ess.ESSCertIDv2;
import org.bouncycastle.asn1.ess.SigningCertificateV2;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.IssuerSerial;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.cms.DefaultSignedAttributeTableGenerator;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.SignerInformationStore;
import org.bouncycastle.cms.jcajce.JcaSignerInfoGeneratorBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;

/**
 * Makes detached CAdES-BASELINE-T signatures (ETSI EN 319 122-1): CMS SignedData over the content, SHA-256 with RSA,
 * signed attributes content-type, message-digest, signing-time and signing-certificate-v2 (ESSCertIDv2 with the
 * issuer and serial), the signer's certificate chain, and as unsigned attribute the signature time-stamp a TSA gives
 * over the signature value. {@link SealSignature} in the verifier checks exactly this.
 */
public final class CadesSigner {
    private final PrivateKey key;
    private final List<X509Certificate> chain;
    private final Provider provider;

    /** {@code chain} starts with the signer's certificate. */
    public CadesSigner(PrivateKey key, List<X509Certificate> chain) {
        this(key, chain, null);
    }

    /**
     * As {@link #CadesSigner(PrivateKey, List)}, signing through {@code provider} (e.g. the PKCS#11 token that holds
     * the key, which is not installed JVM-wide), or the JVM's providers when null.
     */
    public CadesSigner(PrivateKey key, List<X509Certificate> chain, Provider provider) {
        this.key = key;
        this.chain = List.copyOf(chain);
        this.provider = provider;
    }

    private org.bouncycastle.operator.ContentSigner contentSigner() throws OperatorCreationException {
        JcaContentSignerBuilder b = new JcaContentSignerBuilder("SHA256withRSA");
        if (provider != null) {
            b.setProvider(provider);
        }
        return b.build(key);
    }

    /**
     * Bouncy Castle's standard signed attributes (content-type, message-digest, cms-algorithm-protect, and a
     * signing-time of "now" unless one is given) plus ours; without signing-time when {@code withSigningTime} is false.
     */
    private static org.bouncycastle.cms.CMSAttributeTableGenerator signedAttributes(
            AttributeTable ours, boolean withSigningTime) {
        DefaultSignedAttributeTableGenerator standard = new DefaultSignedAttributeTableGenerator(ours);
        return parameters -> {
            AttributeTable table = standard.getAttributes(parameters);
            return withSigningTime ? table : table.remove(CMSAttributes.signingTime);
        };
    }

    public X509Certificate certificate() {
        return chain.get(0);
    }

    /** The signer's certificate first, then any it was issued under. */
    public List<X509Certificate> chain() {
        return chain;
    }

    /**
     * Signs {@code content} and time-stamps the signature with {@code timeStamper}, which returns a validated
     * time-stamp over the bytes it is given (or throws, and then nothing is signed).
     *
     * @param signingTime the claimed signing time as a signed attribute; null leaves the attribute out, as
     *     PAdES-BASELINE requires (the PDF's signature dictionary carries the time there)
     */
    public byte[] sign(byte[] content, Instant signingTime, Function<byte[], TimeStamp> timeStamper)
            throws GeneralSecurityException {
        try {
            X509Certificate cert = certificate();
            ESSCertIDv2 id = new ESSCertIDv2(
                    new AlgorithmIdentifier(NISTObjectIdentifiers.id_sha256),
                    MessageDigest.getInstance("SHA-256").digest(cert.getEncoded()),
                    new IssuerSerial(
                            new GeneralNames(new GeneralName(X500Name.getInstance(
                                    cert.getIssuerX500Principal().getEncoded()))),
                            cert.getSerialNumber()));
            ASN1EncodableVector signed = new ASN1EncodableVector();
            signed.add(new Attribute(
                    PKCSObjectIdentifiers.id_aa_signingCertificateV2,
                    new DERSet(new SigningCertificateV2(new ESSCertIDv2[] {id}))));
            if (signingTime != null) {
                signed.add(new Attribute(CMSAttributes.signingTime, new DERSet(new Time(Date.from(signingTime)))));
            }
            CMSSignedDataGenerator generator = new CMSSignedDataGenerator();
            generator.addSignerInfoGenerator(new JcaSignerInfoGeneratorBuilder(
                            new JcaDigestCalculatorProviderBuilder().build())
                    .setSignedAttributeGenerator(signedAttributes(new AttributeTable(signed), signingTime != null))
                    .build(contentSigner(), cert));
            generator.addCertificates(new JcaCertStore(chain));
            CMSSignedData cms = generator.generate(new CMSProcessableByteArray(content), false);
            SignerInformation signer =
                    cms.getSignerInfos().getSigners().iterator().next();
            TimeStamp stamp = timeStamper.apply(signer.getSignature());
            Attribute token = new Attribute(
                    PKCSObjectIdentifiers.id_aa_signatureTimeStampToken,
                    new DERSet(ContentInfo.getInstance(stamp.token())));
            signer = SignerInformation.replaceUnsignedAttributes(signer, new AttributeTable(token));
            return CMSSignedData.replaceSigners(cms, new SignerInformationStore(signer))
                    .getEncoded("DER");
        } catch (CMSException | OperatorCreationException | IOException e) {
            throw new GeneralSecurityException("the seal could not be signed: " + e.getMessage(), e);
        }
    }
}
