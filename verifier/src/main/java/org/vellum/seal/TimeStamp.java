package org.vellum.seal;

import java.math.BigInteger;
import java.security.cert.X509Certificate;
import java.time.Instant;

/**
 * A validated RFC 3161 time-stamp token.
 *
 * @param genTime the TSA's time
 * @param accuracyMicros the stated accuracy in microseconds, or -1 when the token states none
 * @param token the token's DER bytes (a CMS SignedData over a TSTInfo)
 */
public record TimeStamp(
        Instant genTime,
        long accuracyMicros,
        BigInteger serialNumber,
        String policy,
        X509Certificate tsaCertificate,
        byte[] token) {

    /** The TSA's subject name, for people. */
    public String tsaName() {
        return tsaCertificate.getSubjectX500Principal().getName();
    }
}
