package org.vellum.testing;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.vellum.pki.EmbeddedPki;
import org.vellum.seal.CadesSigner;
import org.vellum.seal.TimeStamp;
import org.vellum.seal.TrustAnchors;
import org.vellum.timestamp.TimeStampAuthority;
import org.vellum.timestamp.TimeStampClient;

/**
 * The signing set-up of the appliance for tests: an embedded PKI in {@code dir}, the built-in TSA behind a real HTTP
 * front end, the RFC 3161 client that validates its answers, and a CAdES signer with the seal key.
 */
public final class TestSigning implements AutoCloseable {
    public final EmbeddedPki pki;
    public final TsaFrontEnd tsa;
    public final TrustAnchors trust;
    public final Function<byte[], TimeStamp> stamper;
    public final CadesSigner signer;

    public TestSigning(Path dir, String applianceId) throws Exception {
        pki = EmbeddedPki.loadOrCreate(dir, applianceId, Clock.systemUTC(), new BouncyCastleProvider());
        tsa = new TsaFrontEnd(
                new TimeStampAuthority(pki.tsa().key(), pki.tsa().certificate(), Clock.systemUTC())::respond);
        trust = TrustAnchors.of(List.of(pki.root().certificate()), List.of());
        TimeStampClient client = new TimeStampClient(
                List.of(new TimeStampClient.Endpoint(tsa.uri(), TimeStampAuthority.POLICY, null, null)),
                trust,
                new TimeStampClient.Limits(Duration.ofSeconds(2), Duration.ofSeconds(10), 1, Duration.ZERO));
        stamper = client::stamp;
        signer =
                new CadesSigner(pki.sealSigner().key(), List.of(pki.sealSigner().certificate()));
    }

    @Override
    public void close() {
        tsa.close();
    }
}
