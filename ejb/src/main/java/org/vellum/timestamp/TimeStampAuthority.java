package org.vellum.timestamp;

import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.cmp.PKIFailureInfo;
import org.bouncycastle.asn1.cmp.PKIStatus;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoGeneratorBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.bouncycastle.tsp.TSPAlgorithms;
import org.bouncycastle.tsp.TSPException;
import org.bouncycastle.tsp.TimeStampRequest;
import org.bouncycastle.tsp.TimeStampResponseGenerator;
import org.bouncycastle.tsp.TimeStampTokenGenerator;

/**
 * The built-in time-stamping unit of the embedded default, profiled after ETSI EN 319 422: it answers RFC 3161
 * requests for SHA-256, SHA-384 or SHA-512 imprints under its one policy, signs with SHA-256 and a certificate whose
 * only extended key usage is the critical id-kp-timeStamping, binds that certificate with ESSCertIDv2, states an
 * accuracy of one second, returns the nonce, includes its certificate when asked (certReq), and never issues a serial
 * number twice (the issue time in microseconds, strictly increasing, followed by 64 random bits).
 *
 * <p>It is a time source as good as the appliance's clock, no better: production points the client at an external,
 * preferably qualified, TSA (docs/operations.md).
 */
public final class TimeStampAuthority {
    /**
     * The built-in TSA's policy: an OID under the UUID arc 2.25 (ITU-T X.667), which needs no registration. It names
     * this class's behaviour; docs/FORMAT.md §8.3 describes it.
     */
    public static final String POLICY = "2.25.118221896756461106497409757741762402571";

    public static final String QUERY_TYPE = "application/timestamp-query";
    public static final String REPLY_TYPE = "application/timestamp-reply";

    private final TimeStampResponseGenerator generator;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final AtomicLong lastMicros = new AtomicLong();

    public TimeStampAuthority(PrivateKey key, X509Certificate certificate, Clock clock)
            throws GeneralSecurityException {
        this.clock = clock;
        try {
            TimeStampTokenGenerator tokens = new TimeStampTokenGenerator(
                    new JcaSimpleSignerInfoGeneratorBuilder().build("SHA256withRSA", key, certificate),
                    new JcaDigestCalculatorProviderBuilder()
                            .build()
                            .get(new AlgorithmIdentifier(NISTObjectIdentifiers.id_sha256)),
                    new ASN1ObjectIdentifier(POLICY));
            tokens.setAccuracySeconds(1);
            tokens.setOrdering(false);
            tokens.setResolution(TimeStampTokenGenerator.R_MILLISECONDS);
            tokens.setTSA(new GeneralName(
                    X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded())));
            tokens.addCertificates(new JcaCertStore(List.of(certificate)));
            this.generator = new TimeStampResponseGenerator(
                    tokens,
                    Set.of(TSPAlgorithms.SHA256, TSPAlgorithms.SHA384, TSPAlgorithms.SHA512),
                    Set.of(new ASN1ObjectIdentifier(POLICY)),
                    Set.of());
        } catch (OperatorCreationException | TSPException e) {
            throw new GeneralSecurityException("the TSA cannot sign with its certificate: " + e.getMessage(), e);
        }
    }

    /**
     * Answers a DER time-stamp query with a DER time-stamp response: granted, or rejected with the RFC 3161 failure
     * (badDataFormat, badAlg, unacceptedPolicy, unacceptedExtension) that says why.
     */
    public byte[] respond(byte[] query) {
        try {
            TimeStampRequest request;
            try {
                request = new TimeStampRequest(query);
            } catch (IOException | RuntimeException e) {
                return generator
                        .generateFailResponse(
                                PKIStatus.REJECTION, PKIFailureInfo.badDataFormat, "not a time-stamp query")
                        .getEncoded();
            }
            long micros = nextMicros();
            BigInteger serial = BigInteger.valueOf(micros).shiftLeft(64).or(new BigInteger(64, random));
            Date genTime = new Date(micros / 1000);
            return generator.generate(request, serial, genTime).getEncoded();
        } catch (TSPException | IOException e) {
            throw new IllegalStateException("VELLUM-0601 the built-in TSA could not answer: " + e.getMessage(), e);
        }
    }

    private long nextMicros() {
        long now = ChronoUnit.MICROS.between(java.time.Instant.EPOCH, clock.instant());
        return lastMicros.updateAndGet(last -> Math.max(last + 1, now));
    }
}
