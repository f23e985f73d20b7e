package org.vellum.seal;

import java.io.IOException;
import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.tsp.TSPException;
import org.bouncycastle.tsp.TSPValidationException;
import org.bouncycastle.tsp.TimeStampResponse;
import org.bouncycastle.tsp.TimeStampToken;
import org.bouncycastle.tsp.TimeStampTokenInfo;

/**
 * Validation of RFC 3161 time-stamps: a TSA's response against the request it answers (status, imprint, nonce,
 * policy), and any token against what it covers and the trust anchors (the TSA certificate's single, critical
 * timeStamping extended key usage, the ESSCertID(v2) binding, the token's signature, the chain at genTime).
 */
public final class TimeStampCheck {
    private static final Map<ASN1ObjectIdentifier, String> DIGESTS = Map.of(
            NISTObjectIdentifiers.id_sha256, "SHA-256",
            NISTObjectIdentifiers.id_sha384, "SHA-384",
            NISTObjectIdentifiers.id_sha512, "SHA-512");

    private TimeStampCheck() {}

    /**
     * Validates a TSA's response to a request for a SHA-256 imprint of {@code sha256} with {@code nonce} and, when
     * not null, {@code policy}; then the token as {@link #token}.
     */
    public static TimeStamp response(
            byte[] response, byte[] sha256, BigInteger nonce, String policy, TrustAnchors trust) throws SealException {
        TimeStampResponse parsed;
        try {
            parsed = new TimeStampResponse(response);
        } catch (TSPException | IOException | RuntimeException e) {
            throw new SealException(SealFailure.MALFORMED, "the TSA's answer is not a time-stamp response", e);
        }
        if (parsed.getStatus() != 0 && parsed.getStatus() != 1) {
            throw new SealException(
                    SealFailure.TSA_REFUSED,
                    "the TSA refused the request: status " + parsed.getStatus()
                            + (parsed.getStatusString() == null ? "" : " (" + parsed.getStatusString() + ")")
                            + (parsed.getFailInfo() == null
                                    ? ""
                                    : ", failure info " + parsed.getFailInfo().intValue()));
        }
        TimeStampToken token = parsed.getTimeStampToken();
        if (token == null) {
            throw new SealException(SealFailure.MALFORMED, "the TSA granted the request but sent no token");
        }
        TimeStampTokenInfo info = token.getTimeStampInfo();
        if (!NISTObjectIdentifiers.id_sha256.equals(info.getMessageImprintAlgOID())
                || !Arrays.equals(sha256, info.getMessageImprintDigest())) {
            throw new SealException(SealFailure.IMPRINT_MISMATCH, "the token time-stamps another imprint than asked");
        }
        if (info.getNonce() == null || !info.getNonce().equals(nonce)) {
            throw new SealException(SealFailure.NONCE_MISMATCH, "the token does not carry the request's nonce");
        }
        if (policy != null && !policy.equals(info.getPolicy().getId())) {
            throw new SealException(
                    SealFailure.POLICY_MISMATCH,
                    "the token was issued under policy " + info.getPolicy().getId() + ", not " + policy);
        }
        return check(token, trust);
    }

    /** Validates a token (DER) that time-stamps {@code data}. */
    public static TimeStamp token(byte[] token, byte[] data, TrustAnchors trust) throws SealException {
        TimeStampToken parsed;
        try {
            parsed = new TimeStampToken(new org.bouncycastle.cms.CMSSignedData(token));
        } catch (CMSException | TSPException | IOException | RuntimeException e) {
            throw new SealException(SealFailure.MALFORMED, "not a time-stamp token: " + e.getMessage(), e);
        }
        return token(parsed, data, trust);
    }

    static TimeStamp token(TimeStampToken token, byte[] data, TrustAnchors trust) throws SealException {
        TimeStampTokenInfo info = token.getTimeStampInfo();
        String digest = DIGESTS.get(info.getMessageImprintAlgOID());
        if (digest == null) {
            throw new SealException(
                    SealFailure.IMPRINT_MISMATCH,
                    "the token's imprint uses " + info.getMessageImprintAlgOID() + ", not SHA-256 or stronger");
        }
        try {
            if (!Arrays.equals(MessageDigest.getInstance(digest).digest(data), info.getMessageImprintDigest())) {
                throw new SealException(SealFailure.IMPRINT_MISMATCH, "the token time-stamps other data");
            }
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        return check(token, trust);
    }

    private static TimeStamp check(TimeStampToken token, TrustAnchors trust) throws SealException {
        List<X509Certificate> carried = certificates(token.getCertificates().getMatches(null));
        X509Certificate tsa = carried.stream()
                .filter(c -> token.getSID().match(holder(c)))
                .findFirst()
                .orElseThrow(() -> new SealException(
                        SealFailure.TSA_CERTIFICATE_INVALID,
                        "the token does not carry the TSA certificate it names (ask with certReq)"));
        List<String> eku;
        try {
            eku = tsa.getExtendedKeyUsage();
        } catch (CertificateException e) {
            eku = null;
        }
        if (eku == null
                || !eku.equals(List.of(KeyPurposeId.id_kp_timeStamping.getId()))
                || !tsa.getCriticalExtensionOIDs().contains(Extension.extendedKeyUsage.getId())) {
            throw new SealException(
                    SealFailure.TSA_CERTIFICATE_INVALID,
                    "the TSA certificate " + tsa.getSubjectX500Principal().getName()
                            + " lacks the single, critical timeStamping extended key usage RFC 3161 requires");
        }
        try {
            token.validate(new JcaSimpleSignerInfoVerifierBuilder().build(tsa));
        } catch (TSPValidationException e) {
            SealFailure failure = e.getMessage().contains("certID")
                    ? SealFailure.TSA_CERTIFICATE_INVALID
                    : e.getMessage().contains("not valid") ? SealFailure.UNTRUSTED : SealFailure.SIGNATURE_INVALID;
            throw new SealException(failure, "the time-stamp token does not verify: " + e.getMessage(), e);
        } catch (TSPException | OperatorCreationException e) {
            throw new SealException(
                    SealFailure.SIGNATURE_INVALID, "the time-stamp token does not verify: " + e.getMessage(), e);
        }
        TimeStampTokenInfo info = token.getTimeStampInfo();
        trust.validate(tsa, carried, info.getGenTime().toInstant(), "the TSA certificate");
        long accuracy = -1;
        if (info.getAccuracy() != null) {
            var a = info.getAccuracy();
            accuracy = (a.getSeconds() == null ? 0 : a.getSeconds().longValueExact() * 1_000_000)
                    + (a.getMillis() == null ? 0 : a.getMillis().longValueExact() * 1_000)
                    + (a.getMicros() == null ? 0 : a.getMicros().longValueExact());
        }
        try {
            return new TimeStamp(
                    info.getGenTime().toInstant(),
                    accuracy,
                    info.getSerialNumber(),
                    info.getPolicy().getId(),
                    tsa,
                    token.getEncoded());
        } catch (IOException e) {
            throw new SealException(SealFailure.MALFORMED, "the token cannot be encoded", e);
        }
    }

    static List<X509Certificate> certificates(Collection<X509CertificateHolder> holders) throws SealException {
        List<X509Certificate> out = new ArrayList<>();
        JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
        for (X509CertificateHolder h : holders) {
            try {
                out.add(converter.getCertificate(h));
            } catch (CertificateException e) {
                throw new SealException(SealFailure.MALFORMED, "a carried certificate cannot be read", e);
            }
        }
        return out;
    }

    static X509CertificateHolder holder(X509Certificate c) {
        try {
            return new X509CertificateHolder(c.getEncoded());
        } catch (CertificateException | IOException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
