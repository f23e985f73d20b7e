package org.vellum.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.List;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.vellum.seal.SealException;
import org.vellum.seal.TimeStamp;
import org.vellum.seal.TimeStampCheck;
import org.vellum.timestamp.TimeStampAuthority;
import org.vellum.timestamp.TimeStampClient;

/**
 * RFC 3161 time-stamps with the embedded PKI's TSA key (RSA 3072): creating a token ({@link
 * TimeStampAuthority#respond}, one query in, one signed response out), validating a response against its query and
 * the trust anchors ({@link TimeStampCheck#response}: imprint, nonce, policy, EKU, ESSCertIDv2, signature, chain), and
 * the production client's whole round trip over loopback HTTP ({@link TimeStampClient#stamp}: query, HTTP, token,
 * validation). One token per operation: tokens/s.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
public class TimeStampBenchmark {
    private Signing signing;
    private LoopbackTsa http;
    private TimeStampClient client;
    private Signing.Query query;
    private byte[] response;
    private final byte[] data = "seal 1 of the benchmark appliance".getBytes(StandardCharsets.UTF_8);

    @Setup
    public void setUp() throws IOException, GeneralSecurityException, SealException {
        signing = new Signing();
        try {
            http = new LoopbackTsa(signing.tsa);
            client = new TimeStampClient(
                    List.of(new TimeStampClient.Endpoint(http.uri(), TimeStampAuthority.POLICY, null, null)),
                    signing.trust,
                    new TimeStampClient.Limits(Duration.ofSeconds(5), Duration.ofSeconds(10), 1, Duration.ZERO));
            query = signing.query(data);
            response = signing.tsa.respond(query.der());
            validate(); // fails the run now if the set-up cannot give a valid token
        } catch (IOException | SealException | RuntimeException e) {
            tearDown(); // JMH does not tear down after a failed set-up
            throw e;
        }
    }

    @TearDown
    public void tearDown() throws IOException {
        if (http != null) {
            http.close();
        }
        signing.close();
    }

    @Benchmark
    public byte[] create() {
        return signing.tsa.respond(query.der());
    }

    @Benchmark
    public TimeStamp validate() throws SealException {
        return TimeStampCheck.response(
                response, query.digest(), query.nonce(), TimeStampAuthority.POLICY, signing.trust);
    }

    @Benchmark
    public TimeStamp roundTripHttp() {
        return client.stamp(data);
    }
}
