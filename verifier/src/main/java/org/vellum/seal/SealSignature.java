package org.vellum.seal;

import java.io.IOException;
import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.asn1.cms.AttributeTable;
import org.bouncycastle.asn1.cms.ContentInfo;
import org.bouncycastle.asn1.cms.Time;
import org.bouncycastle.asn1.ess.ESSCertIDv2;
import org.bouncycastle.asn1.ess.SigningCertificateV2;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.CMSSignerDigestMismatchException;
import org.bouncycastle.cms.CMSVerifierCertificateNotValidException;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.tsp.TSPException;
import org.bouncycastle.tsp.TimeStampToken;

/**
 * Verification of a seal's detached CMS signature as CAdES-BASELINE-T (ETSI EN 319 122-1): one signer, SHA-256, the
 * signed attributes content-type, message-digest, signing-time and signing-certificate-v2 (naming the signer's
 * certificate), and an RFC 3161 signature time-stamp over the signature value. The signer's certificate must chain to
 * a trust anchor at the time-stamp's time, which is what keeps a seal verifiable after its key was rotated or expired.
 */
public final class SealSignature {
    /** What a valid signature establishes. */
    public record Verified(X509Certificate signer, Instant signingTime, TimeStamp timeStamp) {}

    private SealSignature() {}

    public static Verified verify(byte[] content, byte[] signature, TrustAnchors trust) throws SealException {
        CMSSignedData cms;
        try {
            cms = new CMSSignedData(new CMSProcessableByteArray(content), signature);
        } catch (CMSException | RuntimeException e) {
            throw new SealException(
                    SealFailure.MALFORMED, "the signature is not a CMS SignedData: " + e.getMessage(), e);
        }
        List<SignerInformation> signers = List.copyOf(cms.getSignerInfos().getSigners());
        if (signers.size() != 1) {
            throw new SealException(SealFailure.MALFORMED, "a seal has exactly one signer, not " + signers.size());
        }
        SignerInformation signer = signers.get(0);
        if (!NISTObjectIdentifiers.id_sha256.getId().equals(signer.getDigestAlgOID())) {
            throw new SealException(SealFailure.MALFORMED, "the signature digest is not SHA-256");
        }
        List<X509Certificate> carried =
                TimeStampCheck.certificates(cms.getCertificates().getMatches(null));
        X509Certificate cert = carried.stream()
                .filter(c -> signer.getSID().match(TimeStampCheck.holder(c)))
                .findFirst()
                .orElseThrow(() -> new SealException(
                        SealFailure.SIGNING_CERTIFICATE_MISMATCH,
                        "the signature does not carry its signer's certificate"));
        checkSigningCertificate(signer.getSignedAttributes(), cert);
        boolean[] usage = cert.getKeyUsage();
        if (usage != null && !usage[0] && !usage[1]) {
            throw new SealException(
                    SealFailure.SIGNING_CERTIFICATE_MISMATCH,
                    "the signer's certificate allows neither digitalSignature nor nonRepudiation");
        }
        try {
            if (!signer.verify(new JcaSimpleSignerInfoVerifierBuilder().build(cert))) {
                throw new SealException(SealFailure.SIGNATURE_INVALID, "the signature value does not verify");
            }
        } catch (CMSSignerDigestMismatchException e) {
            throw new SealException(
                    SealFailure.CONTENT_MISMATCH, "the signature covers other bytes than the seal's", e);
        } catch (CMSVerifierCertificateNotValidException e) {
            throw new SealException(SealFailure.UNTRUSTED, "the signer's certificate was not valid at signing time", e);
        } catch (CMSException | OperatorCreationException | RuntimeException e) {
            throw new SealException(
                    SealFailure.SIGNATURE_INVALID, "the signature does not verify: " + e.getMessage(), e);
        }
        TimeStamp stamp = timeStamp(signer, trust);
        trust.validate(cert, carried, stamp.genTime(), "the seal signer's certificate");
        return new Verified(cert, signingTime(signer.getSignedAttributes()), stamp);
    }

    /** The signature time-stamp token (DER) of a signature, without validating anything. */
    public static byte[] timeStampToken(byte[] signature) throws SealException {
        try {
            CMSSignedData cms = new CMSSignedData(signature);
            return tokenOf(cms.getSignerInfos().getSigners().iterator().next()).getEncoded();
        } catch (CMSException | IOException | RuntimeException e) {
            throw new SealException(SealFailure.MALFORMED, "the signature is not a CMS SignedData", e);
        }
    }

    private static TimeStamp timeStamp(SignerInformation signer, TrustAnchors trust) throws SealException {
        return TimeStampCheck.token(tokenOf(signer), signer.getSignature(), trust);
    }

    private static TimeStampToken tokenOf(SignerInformation signer) throws SealException {
        AttributeTable unsigned = signer.getUnsignedAttributes();
        Attribute attr = unsigned == null ? null : unsigned.get(PKCSObjectIdentifiers.id_aa_signatureTimeStampToken);
        if (attr == null || attr.getAttrValues().size() != 1) {
            throw new SealException(SealFailure.NO_TIMESTAMP, "the signature carries no signature time-stamp");
        }
        try {
            return new TimeStampToken(
                    ContentInfo.getInstance(attr.getAttrValues().getObjectAt(0)));
        } catch (TSPException | IOException | RuntimeException e) {
            throw new SealException(SealFailure.MALFORMED, "the signature time-stamp cannot be read", e);
        }
    }

    private static void checkSigningCertificate(AttributeTable signed, X509Certificate cert) throws SealException {
        Attribute attr = signed == null ? null : signed.get(PKCSObjectIdentifiers.id_aa_signingCertificateV2);
        if (attr == null) {
            throw new SealException(
                    SealFailure.SIGNING_CERTIFICATE_MISMATCH, "the signature has no signing-certificate-v2 attribute");
        }
        ESSCertIDv2 id = SigningCertificateV2.getInstance(attr.getAttrValues().getObjectAt(0))
                .getCerts()[0];
        if (!NISTObjectIdentifiers.id_sha256.equals(id.getHashAlgorithm().getAlgorithm())) {
            throw new SealException(
                    SealFailure.SIGNING_CERTIFICATE_MISMATCH, "signing-certificate-v2 does not use SHA-256");
        }
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(cert.getEncoded());
            if (!Arrays.equals(hash, id.getCertHash())) {
                throw new SealException(
                        SealFailure.SIGNING_CERTIFICATE_MISMATCH,
                        "signing-certificate-v2 names another certificate than the signer's");
            }
        } catch (CertificateEncodingException | java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        if (id.getIssuerSerial() != null) {
            BigInteger serial = id.getIssuerSerial().getSerial().getValue();
            GeneralName[] names = id.getIssuerSerial().getIssuer().getNames();
            if (!serial.equals(cert.getSerialNumber())
                    || names.length != 1
                    || !org.bouncycastle.asn1.x500.X500Name.getInstance(names[0].getName())
                            .equals(org.bouncycastle.asn1.x500.X500Name.getInstance(
                                    cert.getIssuerX500Principal().getEncoded()))) {
                throw new SealException(
                        SealFailure.SIGNING_CERTIFICATE_MISMATCH,
                        "signing-certificate-v2 names another issuer and serial than the signer's");
            }
        }
    }

    private static Instant signingTime(AttributeTable signed) {
        Attribute attr = signed.get(PKCSObjectIdentifiers.pkcs_9_at_signingTime);
        if (attr == null) {
            return null;
        }
        ASN1Encodable value = attr.getAttrValues().getObjectAt(0);
        return Time.getInstance(value).getDate().toInstant();
    }
}
