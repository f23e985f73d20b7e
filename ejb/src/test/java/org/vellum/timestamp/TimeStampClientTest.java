package org.vellum.timestamp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.function.UnaryOperator;
import org.bouncycastle.asn1.ASN1Boolean;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1GeneralizedTime;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.cmp.PKIStatus;
import org.bouncycastle.asn1.cmp.PKIStatusInfo;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.tsp.MessageImprint;
import org.bouncycastle.asn1.tsp.TSTInfo;
import org.bouncycastle.asn1.tsp.TimeStampResp;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.cms.jcajce.JcaSignerInfoGeneratorBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.bouncycastle.tsp.TSPAlgorithms;
import org.bouncycastle.tsp.TimeStampRequest;
import org.bouncycastle.tsp.TimeStampRequestGenerator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vellum.pki.EmbeddedPki;
import org.vellum.seal.TimeStamp;
import org.vellum.seal.TimeStampCheck;
import org.vellum.seal.TrustAnchors;
import org.vellum.testing.OpenSsl;
import org.vellum.testing.OpenSslTsa;
import org.vellum.testing.TestCertificates;
import org.vellum.testing.TsaFrontEnd;

/**
 * The RFC 3161 client against an independent TSA (OpenSSL's {@code ts -reply} behind a small HTTP front end) and
 * against the built-in TSA, whose tokens OpenSSL's {@code ts -verify} judges. The negative cases make OpenSSL answer a
 * doctored query, so the answers are real, just not to the question asked. Needs openssl (skipped without it, and a
 * failure under {@code CI=true}).
 */
class TimeStampClientTest {
    private static final byte[] DATA = "the signature value of a seal".getBytes();
    private static final TimeStampClient.Limits FAST =
            new TimeStampClient.Limits(Duration.ofSeconds(2), Duration.ofSeconds(20), 2, Duration.ofMillis(50));

    @TempDir
    static Path dir;

    private static OpenSslTsa openssl;
    private static EmbeddedPki pki;
    private static TimeStampAuthority builtIn;
    private static TsaFrontEnd builtInFront;

    @BeforeAll
    static void start() throws Exception {
        openssl = OpenSslTsa.create(Files.createDirectories(dir.resolve("openssl")));
        pki = EmbeddedPki.loadOrCreate(
                Files.createDirectories(dir.resolve("pki")),
                "test-appliance",
                Clock.systemUTC(),
                new BouncyCastleProvider());
        builtIn = new TimeStampAuthority(pki.tsa().key(), pki.tsa().certificate(), Clock.systemUTC());
        builtInFront = new TsaFrontEnd(builtIn::respond);
    }

    @AfterAll
    static void stop() {
        if (builtInFront != null) {
            builtInFront.close();
        }
    }

    @Test
    void getsAValidatedTokenFromOpenSsl() throws Exception {
        try (TsaFrontEnd tsa = new TsaFrontEnd(openssl::reply)) {
            Instant before = Instant.now().minusSeconds(2);
            TimeStamp stamp = client(trustOpenSsl(), endpoint(tsa.uri(), null)).stamp(DATA);
            assertTrue(stamp.tsaName().contains("CN=OpenSSL TSA"), stamp.tsaName());
            assertEquals(OpenSslTsa.DEFAULT_POLICY, stamp.policy());
            assertTrue(!stamp.genTime().isBefore(before.truncatedTo(java.time.temporal.ChronoUnit.SECONDS)));
            assertEquals(1_000_000, stamp.accuracyMicros());
            // and the token verifies offline for anyone holding data and root
            TimeStampCheck.token(stamp.token(), DATA, trustOpenSsl());
        }
    }

    @Test
    void asksForAPolicyAndGetsIt() throws Exception {
        try (TsaFrontEnd tsa = new TsaFrontEnd(openssl::reply)) {
            TimeStamp stamp = client(trustOpenSsl(), endpoint(tsa.uri(), OpenSslTsa.OTHER_POLICY))
                    .stamp(DATA);
            assertEquals(OpenSslTsa.OTHER_POLICY, stamp.policy());
        }
    }

    @Test
    void theBuiltInTsaFollowsTheProfileAndOpenSslVerifiesItsTokens() throws Exception {
        TimeStamp first = client(trustEmbedded(), endpoint(builtInFront.uri(), TimeStampAuthority.POLICY))
                .stamp(DATA);
        TimeStamp second =
                client(trustEmbedded(), endpoint(builtInFront.uri(), null)).stamp(DATA);
        assertEquals(TimeStampAuthority.POLICY, first.policy());
        assertEquals(TimeStampAuthority.POLICY, second.policy(), "its one policy when none is asked for");
        assertTrue(second.serialNumber().compareTo(first.serialNumber()) > 0, "serial numbers are never reused");
        assertEquals(1_000_000, first.accuracyMicros());
        Path data = Files.write(dir.resolve("data.bin"), DATA);
        Path token = Files.write(dir.resolve("builtin.tst"), first.token());
        Path root = Files.writeString(
                dir.resolve("embedded-root.pem"), EmbeddedPki.pem(pki.root().certificate()));
        OpenSsl.Result verified = OpenSsl.tsVerify(data, token, root);
        String out = verified.output();
        assertTrue(verified.ok(), out);
        assertTrue(out.contains("Verification: OK"), out);
        String text = OpenSsl.ok("ts", "-reply", "-in", token.toString(), "-token_in", "-token_out", "-text");
        assertTrue(text.contains("Hash Algorithm: sha256"), text);
        assertTrue(text.contains("Accuracy: 0x01 seconds"), text);
        assertTrue(text.contains("Nonce: 0x"), text);
        Path other = Files.write(dir.resolve("other.bin"), "other bytes".getBytes());
        OpenSsl.Result tampered = OpenSsl.run(
                "ts",
                "-verify",
                "-data",
                other.toString(),
                "-in",
                token.toString(),
                "-token_in",
                "-CAfile",
                root.toString());
        assertTrue(!tampered.ok() && tampered.output().contains("message imprint mismatch"), tampered.output());
    }

    @Test
    void theBuiltInTsaRejectsWhatTheProfileDoesNotAllow() throws Exception {
        TimeStampRequestGenerator g = new TimeStampRequestGenerator();
        g.setReqPolicy(new ASN1ObjectIdentifier(OpenSslTsa.DEFAULT_POLICY));
        assertRejected(
                g.generate(TSPAlgorithms.SHA256, sha256(DATA), BigInteger.ONE).getEncoded(), "unaccepted policy");
        assertRejected(
                new TimeStampRequestGenerator()
                        .generate(
                                TSPAlgorithms.SHA1,
                                MessageDigest.getInstance("SHA-1").digest(DATA),
                                BigInteger.ONE)
                        .getEncoded(),
                "SHA-1");
        assertRejected("not DER".getBytes(), "garbage");
    }

    @Test
    void aTokenForAnotherImprintIsRefused() throws Exception {
        byte[] other = sha256("other data".getBytes());
        assertRefused(query -> doctor(query, other, null, false), "IMPRINT_MISMATCH", null);
    }

    @Test
    void aTokenWithAnotherNonceIsRefused() throws Exception {
        assertRefused(query -> doctor(query, null, BigInteger.valueOf(42), false), "NONCE_MISMATCH", null);
    }

    @Test
    void aTokenUnderAnotherPolicyIsRefused() throws Exception {
        assertRefused(query -> doctor(query, null, null, true), "POLICY_MISMATCH", OpenSslTsa.OTHER_POLICY);
    }

    @Test
    void aTsaTheTrustAnchorsDoNotCoverIsRefused() throws Exception {
        try (TsaFrontEnd tsa = new TsaFrontEnd(openssl::reply)) {
            TimeStampClient client = client(trustEmbedded(), endpoint(tsa.uri(), null));
            TimeStampUnavailableException e =
                    assertThrows(TimeStampUnavailableException.class, () -> client.stamp(DATA));
            assertTrue(e.getMessage().contains("UNTRUSTED"), e.getMessage());
            assertEquals(1, tsa.requests(), "an invalid answer is not retried");
        }
    }

    @Test
    void aTsaCertificateWithANonCriticalTimeStampingEkuIsRefused() throws Exception {
        TestCertificates.Issued root = TestCertificates.root("CN=Lax Root");
        TestCertificates.Issued lax = TestCertificates.tsa(root, "CN=Lax TSA", false);
        try (TsaFrontEnd tsa = new TsaFrontEnd(query -> handMadeReply(query, lax))) {
            TimeStampUnavailableException e = assertThrows(TimeStampUnavailableException.class, () -> client(
                            TrustAnchors.of(List.of(root.certificate()), List.of()), endpoint(tsa.uri(), null))
                    .stamp(DATA));
            assertTrue(e.getMessage().contains("TSA_CERTIFICATE_INVALID"), e.getMessage());
        }
        // the same hand-made token from a certificate with a critical EKU passes: the EKU alone made the difference
        TestCertificates.Issued strict = TestCertificates.tsa(root, "CN=Strict TSA", true);
        try (TsaFrontEnd tsa = new TsaFrontEnd(query -> handMadeReply(query, strict))) {
            client(TrustAnchors.of(List.of(root.certificate()), List.of()), endpoint(tsa.uri(), null))
                    .stamp(DATA);
        }
    }

    @Test
    void failsOverToTheNextTsaAfterBoundedRetries() throws Exception {
        try (TsaFrontEnd failing = new TsaFrontEnd(openssl::reply);
                TsaFrontEnd good = new TsaFrontEnd(openssl::reply)) {
            failing.forceStatus(503);
            TimeStamp stamp = client(
                            trustOpenSsl(),
                            endpoint(deadPort(), null),
                            endpoint(failing.uri(), null),
                            endpoint(good.uri(), null))
                    .stamp(DATA);
            assertTrue(stamp.tsaName().contains("OpenSSL TSA"));
            assertEquals(
                    FAST.attempts(), failing.requests(), "an unavailable TSA is retried, a bounded number of times");
            assertEquals(1, good.requests());
        }
    }

    @Test
    void whenNoTsaAnswersNothingIsStampedAndTheFailureNamesEach() throws Exception {
        try (TsaFrontEnd failing = new TsaFrontEnd(openssl::reply)) {
            failing.forceStatus(500);
            URI dead = deadPort();
            TimeStampUnavailableException e = assertThrows(TimeStampUnavailableException.class, () -> client(
                            trustOpenSsl(), endpoint(dead, null), endpoint(failing.uri(), null))
                    .stamp(DATA));
            assertEquals("tsa-unavailable", e.code());
            assertTrue(
                    e.getMessage().contains(dead.toString())
                            && e.getMessage().contains(failing.uri().toString()),
                    e.getMessage());
            failing.forceStatus(401);
            e = assertThrows(
                    TimeStampUnavailableException.class,
                    () -> client(trustOpenSsl(), endpoint(failing.uri(), null)).stamp(DATA));
            assertTrue(e.getMessage().contains("HTTP 401"), e.getMessage());
        }
    }

    private static void assertRefused(UnaryOperator<byte[]> doctor, String failure, String policy) throws Exception {
        try (TsaFrontEnd tsa = new TsaFrontEnd(query -> openssl.reply(doctor.apply(query)))) {
            TimeStampUnavailableException e = assertThrows(
                    TimeStampUnavailableException.class,
                    () -> client(trustOpenSsl(), endpoint(tsa.uri(), policy)).stamp(DATA));
            assertTrue(e.getMessage().contains(failure), e.getMessage());
        }
    }

    private static void assertRejected(byte[] query, String why) throws Exception {
        org.bouncycastle.tsp.TimeStampResponse r = new org.bouncycastle.tsp.TimeStampResponse(builtIn.respond(query));
        assertEquals(PKIStatus.REJECTION, r.getStatus(), why);
        assertTrue(r.getFailInfo() != null, why);
    }

    /** The query with another imprint, nonce, or without its policy. */
    private static byte[] doctor(byte[] query, byte[] imprint, BigInteger nonce, boolean dropPolicy) {
        try {
            TimeStampRequest q = new TimeStampRequest(query);
            TimeStampRequestGenerator g = new TimeStampRequestGenerator();
            g.setCertReq(q.getCertReq());
            if (q.getReqPolicy() != null && !dropPolicy) {
                g.setReqPolicy(q.getReqPolicy());
            }
            return g.generate(
                            q.getMessageImprintAlgOID(),
                            imprint != null ? imprint : q.getMessageImprintDigest(),
                            nonce != null ? nonce : q.getNonce())
                    .getEncoded();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A correct token for the query, built by hand so that the TSA certificate's EKU may be anything. */
    private static byte[] handMadeReply(byte[] query, TestCertificates.Issued tsa) {
        try {
            TimeStampRequest q = new TimeStampRequest(query);
            TSTInfo info = new TSTInfo(
                    new ASN1ObjectIdentifier("1.2.3.4.9"),
                    new MessageImprint(
                            new AlgorithmIdentifier(NISTObjectIdentifiers.id_sha256), q.getMessageImprintDigest()),
                    new ASN1Integer(7),
                    new ASN1GeneralizedTime(new Date()),
                    null,
                    ASN1Boolean.FALSE,
                    new ASN1Integer(q.getNonce()),
                    null,
                    null);
            CMSSignedDataGenerator g = new CMSSignedDataGenerator();
            var essGenerator = new JcaSignerInfoGeneratorBuilder(new JcaDigestCalculatorProviderBuilder().build());
            var signingCert =
                    new org.bouncycastle.asn1.ess.SigningCertificateV2(new org.bouncycastle.asn1.ess.ESSCertIDv2[] {
                        new org.bouncycastle.asn1.ess.ESSCertIDv2(MessageDigest.getInstance("SHA-256")
                                .digest(tsa.certificate().getEncoded()))
                    });
            var attrs = new org.bouncycastle.asn1.ASN1EncodableVector();
            attrs.add(new org.bouncycastle.asn1.cms.Attribute(
                    PKCSObjectIdentifiers.id_aa_signingCertificateV2, new org.bouncycastle.asn1.DERSet(signingCert)));
            essGenerator.setSignedAttributeGenerator(new org.bouncycastle.cms.DefaultSignedAttributeTableGenerator(
                    new org.bouncycastle.asn1.cms.AttributeTable(attrs)));
            g.addSignerInfoGenerator(essGenerator.build(
                    new JcaContentSignerBuilder("SHA256withRSA")
                            .build(tsa.keys().getPrivate()),
                    tsa.certificate()));
            g.addCertificates(new JcaCertStore(List.of(tsa.certificate())));
            var signed = g.generate(
                    new CMSProcessableByteArray(PKCSObjectIdentifiers.id_ct_TSTInfo, info.getEncoded(ASN1Encoding.DER)),
                    true);
            return new TimeStampResp(new PKIStatusInfo(PKIStatus.granted), signed.toASN1Structure())
                    .getEncoded(ASN1Encoding.DER);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static TimeStampClient client(TrustAnchors trust, TimeStampClient.Endpoint... endpoints) {
        return new TimeStampClient(List.of(endpoints), trust, FAST);
    }

    private static TimeStampClient.Endpoint endpoint(URI uri, String policy) {
        return new TimeStampClient.Endpoint(uri, policy, null, null);
    }

    private static TrustAnchors trustOpenSsl() throws Exception {
        return TrustAnchors.of(openssl.roots(), List.of());
    }

    private static TrustAnchors trustEmbedded() {
        return TrustAnchors.of(List.of(pki.root().certificate()), List.of());
    }

    /** A port where nothing listens. */
    private static URI deadPort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return URI.create("http://127.0.0.1:" + s.getLocalPort() + "/tsa");
        }
    }

    private static byte[] sha256(byte[] data) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(data);
    }
}
