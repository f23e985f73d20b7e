package org.vellum.timestamp;

import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.tsp.TSPAlgorithms;
import org.bouncycastle.tsp.TimeStampRequest;
import org.bouncycastle.tsp.TimeStampRequestGenerator;
import org.jboss.logging.Logger;
import org.vellum.seal.SealException;
import org.vellum.seal.TimeStamp;
import org.vellum.seal.TimeStampCheck;
import org.vellum.seal.TrustAnchors;

/**
 * An RFC 3161 client over HTTP: SHA-256 imprint, a random 64-bit nonce, certReq, the endpoint's policy when it has
 * one, HTTP Basic credentials when it has them. Every response is validated against its request and the trust
 * anchors ({@link TimeStampCheck}). The endpoints are tried in order: a TSA that cannot be reached (connection
 * refused, timeout, HTTP 5xx) is retried a bounded number of times, one that answers wrongly is not; when none gives a
 * valid token the call fails with {@link TimeStampUnavailableException} naming each endpoint's failure, and nothing is
 * ever done without a time-stamp.
 */
public final class TimeStampClient {
    private static final Logger LOG = Logger.getLogger(TimeStampClient.class);
    private static final int MAX_RESPONSE = 1 << 20;

    /** One TSA. {@code policy}, {@code user} and {@code password} may be null. */
    public record Endpoint(URI uri, String policy, String user, String password) {
        public Endpoint {
            Objects.requireNonNull(uri);
        }

        @Override
        public String toString() {
            return uri.toString(); // never the password
        }
    }

    /** How long to wait and how often to try. */
    public record Limits(Duration connectTimeout, Duration readTimeout, int attempts, Duration retryDelay) {}

    private final List<Endpoint> endpoints;
    private final TrustAnchors trust;
    private final Limits limits;
    private final HttpClient http;
    private final SecureRandom random = new SecureRandom();

    public TimeStampClient(List<Endpoint> endpoints, TrustAnchors trust, Limits limits) {
        if (endpoints.isEmpty()) {
            throw new IllegalArgumentException("no TSA configured");
        }
        this.endpoints = List.copyOf(endpoints);
        this.trust = trust;
        this.limits = limits;
        this.http = HttpClient.newBuilder()
                .connectTimeout(limits.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** A validated time-stamp over {@code data}, from the first TSA that gives one. */
    public TimeStamp stamp(byte[] data) {
        byte[] digest = sha256(data);
        List<String> failures = new ArrayList<>();
        for (Endpoint endpoint : endpoints) {
            for (int attempt = 1; attempt <= limits.attempts(); attempt++) {
                try {
                    return request(endpoint, digest);
                } catch (SealException e) {
                    failures.add(endpoint + ": " + e.failure() + " (" + e.getMessage() + ")");
                    LOG.warnf("VELLUM-0602 the TSA %s gave an invalid answer, not retried: %s", endpoint, e);
                    break;
                } catch (Refused e) {
                    failures.add(endpoint + ": " + e.getMessage());
                    LOG.warnf("VELLUM-0602 the TSA %s refused the request, not retried: %s", endpoint, e.getMessage());
                    break;
                } catch (IOException e) {
                    String reason = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage());
                    LOG.warnf(
                            "VELLUM-0603 the TSA %s could not be reached (attempt %d of %d): %s",
                            endpoint, attempt, limits.attempts(), reason);
                    if (attempt == limits.attempts()) {
                        failures.add(endpoint + ": unreachable after " + attempt + " attempt(s), " + reason);
                    } else {
                        pause();
                    }
                }
            }
        }
        throw new TimeStampUnavailableException("no TSA gave a valid time-stamp: " + String.join("; ", failures));
    }

    private TimeStamp request(Endpoint endpoint, byte[] digest) throws IOException, SealException, Refused {
        TimeStampRequestGenerator generator = new TimeStampRequestGenerator();
        generator.setCertReq(true);
        if (endpoint.policy() != null) {
            generator.setReqPolicy(new ASN1ObjectIdentifier(endpoint.policy()));
        }
        BigInteger nonce = new BigInteger(64, random);
        TimeStampRequest request = generator.generate(TSPAlgorithms.SHA256, digest, nonce);
        HttpRequest.Builder http = HttpRequest.newBuilder(endpoint.uri())
                .timeout(limits.readTimeout())
                .header("Content-Type", TimeStampAuthority.QUERY_TYPE)
                .header("Accept", TimeStampAuthority.REPLY_TYPE)
                .POST(HttpRequest.BodyPublishers.ofByteArray(request.getEncoded()));
        if (endpoint.user() != null) {
            http.header(
                    "Authorization",
                    "Basic "
                            + Base64.getEncoder()
                                    .encodeToString((endpoint.user() + ":" + endpoint.password())
                                            .getBytes(StandardCharsets.UTF_8)));
        }
        HttpResponse<byte[]> response;
        try {
            response = this.http.send(http.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        if (response.statusCode() >= 500) {
            throw new IOException("HTTP " + response.statusCode());
        }
        if (response.statusCode() != 200) {
            throw new Refused("HTTP " + response.statusCode());
        }
        String type = response.headers().firstValue("Content-Type").orElse("");
        if (!type.toLowerCase(java.util.Locale.ROOT).startsWith(TimeStampAuthority.REPLY_TYPE)) {
            throw new Refused("answered " + (type.isEmpty() ? "without a content type" : type) + ", not "
                    + TimeStampAuthority.REPLY_TYPE);
        }
        if (response.body().length > MAX_RESPONSE) {
            throw new Refused("answered more than " + MAX_RESPONSE + " bytes");
        }
        return TimeStampCheck.response(response.body(), digest, nonce, endpoint.policy(), trust);
    }

    private void pause() {
        try {
            Thread.sleep(limits.retryDelay().toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The TSA answered, but not with a time-stamp response (e.g. HTTP 401): trying again would not help. */
    private static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;

        Refused(String message) {
            super(message);
        }
    }
}
