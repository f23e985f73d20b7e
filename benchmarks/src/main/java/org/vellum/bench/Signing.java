package org.vellum.bench;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.tsp.TSPAlgorithms;
import org.bouncycastle.tsp.TimeStampRequestGenerator;
import org.vellum.ledger.Hashes;
import org.vellum.pki.EmbeddedPki;
import org.vellum.seal.CadesSigner;
import org.vellum.seal.SealException;
import org.vellum.seal.TimeStamp;
import org.vellum.seal.TimeStampCheck;
import org.vellum.seal.TrustAnchors;
import org.vellum.timestamp.TimeStampAuthority;

/**
 * The appliance's embedded signing set-up, made fresh for a benchmark run: an {@link EmbeddedPki} generated into a
 * temporary folder (new RSA keys every time, deleted with the folder), the built-in TSA, the trust anchors an auditor
 * would hold, and the CAdES signer with the seal key. {@link #stamp} asks the TSA in-process, without HTTP, and
 * validates the answer exactly as the RFC 3161 client does.
 */
final class Signing implements AutoCloseable {
    final EmbeddedPki pki;
    final TimeStampAuthority tsa;
    final TrustAnchors trust;
    final CadesSigner signer;
    private final Path dir;
    private final SecureRandom random = new SecureRandom();

    Signing() throws IOException, GeneralSecurityException {
        dir = Files.createTempDirectory("vellum-bench-pki");
        pki = EmbeddedPki.loadOrCreate(
                dir, SampleLedger.GENESIS.applianceId(), Clock.systemUTC(), new BouncyCastleProvider());
        tsa = new TimeStampAuthority(pki.tsa().key(), pki.tsa().certificate(), Clock.systemUTC());
        trust = TrustAnchors.of(List.of(pki.root().certificate()), List.of());
        signer =
                new CadesSigner(pki.sealSigner().key(), List.of(pki.sealSigner().certificate()));
    }

    /** An RFC 3161 query as the client sends it: SHA-256 imprint, a random 64-bit nonce, certReq, the policy. */
    Query query(byte[] data) throws IOException {
        byte[] digest = Hashes.sha256(data);
        BigInteger nonce = new BigInteger(64, random);
        TimeStampRequestGenerator generator = new TimeStampRequestGenerator();
        generator.setCertReq(true);
        generator.setReqPolicy(new ASN1ObjectIdentifier(TimeStampAuthority.POLICY));
        return new Query(generator.generate(TSPAlgorithms.SHA256, digest, nonce).getEncoded(), digest, nonce);
    }

    /** A validated time-stamp over {@code data} from the built-in TSA, in-process. */
    TimeStamp stamp(byte[] data) {
        try {
            Query q = query(data);
            return TimeStampCheck.response(
                    tsa.respond(q.der()), q.digest(), q.nonce(), TimeStampAuthority.POLICY, trust);
        } catch (IOException | SealException e) {
            throw new IllegalStateException("the built-in TSA did not give a valid time-stamp", e);
        }
    }

    @Override
    public void close() throws IOException {
        SimulatedEvents.delete(dir);
    }

    /** A DER query with what its answer is checked against. */
    record Query(byte[] der, byte[] digest, BigInteger nonce) {}
}
