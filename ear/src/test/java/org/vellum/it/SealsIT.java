package org.vellum.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.bouncycastle.cms.CMSSignedData;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.vellum.event.SampleEvents;
import org.vellum.it.support.Api;
import org.vellum.it.support.Deployments;
import org.vellum.it.support.Jobs;
import org.vellum.it.support.OpenSslCli;
import org.vellum.it.support.VerifyCli;
import org.vellum.ledger.Hashes;
import org.vellum.merkle.MerkleProofs;
import org.vellum.seal.Seal;

/**
 * Seals end to end, black box over HTTP: made on demand and by the nightly run, time-stamped by the built-in TSA over
 * its real RFC 3161 endpoint, handed out byte for byte, judged by OpenSSL and by {@code vellum-verify}, with proofs
 * for single events, consistency between seals, and tampered copies named.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class SealsIT {
    @Deployment(testable = false)
    static EnterpriseArchive appliance() {
        return Deployments.appliance();
    }

    @ArquillianResource
    URL url;

    @TempDir
    Path dir;

    private URI base() {
        return Deployments.serverRoot(url);
    }

    @Test
    void sealsAreSignedTimeStampedProvableAndVerifiedOffline() throws Exception {
        Api producer = Api.as("producer", base());
        Api admin = Api.as("admin", base());
        Api auditor = Api.as("auditor", base());
        List<String> events = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            events.add(SampleEvents.resultApproved(UUID.randomUUID()));
        }
        HttpResponse<String> appended = producer.post("/events", Api.jsonArray(events));
        assertEquals(200, appended.statusCode(), appended.body());
        String eventId = (String) Api.array(appended).get(7).get("event_id");

        assertEquals(403, auditor.post("/seals", "").statusCode(), "sealing on demand is for admins");
        HttpResponse<String> made = admin.post("/seals", "");
        assertEquals(201, made.statusCode(), made.body());
        Map<String, Object> summary = Api.object(made);
        long n = ((Number) summary.get("seal_number")).longValue();
        assertTrue(made.headers().firstValue("Location").orElse("").endsWith("/seals/" + n));
        assertEquals("on-demand", summary.get("trigger"));
        assertEquals(List.of(), summary.get("clock_flags"));

        // the seal's bytes exactly as signed, its signature, its time-stamp
        Path sealFile = dir.resolve("seal.json");
        Path sigFile = dir.resolve("seal.p7s");
        Path tokenFile = dir.resolve("seal.tst");
        Path anchors = dir.resolve("anchors.pem");
        assertEquals(200, auditor.download("/seals/" + n, sealFile).statusCode());
        assertEquals(
                200, auditor.download("/seals/" + n + "/signature", sigFile).statusCode());
        assertEquals(
                200, auditor.download("/seals/" + n + "/timestamp", tokenFile).statusCode());
        assertEquals(
                200, Api.anonymous(base()).download("/trust-anchors", anchors).statusCode());
        Seal seal = Seal.parse(Files.readAllBytes(sealFile));
        assertArrayEquals(seal.canonicalBytes(), Files.readAllBytes(sealFile), "canonical, byte for byte");
        assertTrue(seal.treeSize() >= 25, "covers what was appended before it");

        VerifyCli.Run verified =
                VerifyCli.run("seal", sealFile.toString(), sigFile.toString(), "--trust", anchors.toString());
        assertEquals(0, verified.exitCode(), verified.output());
        assertTrue(verified.output().contains("OK seal " + n), verified.output());
        assertTrue(verified.output().contains("Vellum Time-Stamping Authority"), verified.output());

        // OpenSSL, independently: the CMS signature over the seal, and the time-stamp over the signature value
        Path root = Files.writeString(dir.resolve("root.pem"), firstCertificate(Files.readString(anchors)));
        OpenSslCli.Result cms = OpenSslCli.run(
                "cms",
                "-verify",
                "-binary",
                "-inform",
                "DER",
                "-in",
                sigFile.toString(),
                "-content",
                sealFile.toString(),
                "-CAfile",
                root.toString(),
                "-purpose",
                "any",
                "-out",
                "/dev/null");
        assertEquals(0, cms.exit(), cms.output());
        byte[] value = new CMSSignedData(Files.readAllBytes(sigFile))
                .getSignerInfos()
                .getSigners()
                .iterator()
                .next()
                .getSignature();
        Path valueFile = Files.write(dir.resolve("seal.sigvalue"), value);
        OpenSslCli.Result ts = OpenSslCli.run(
                "ts",
                "-verify",
                "-data",
                valueFile.toString(),
                "-in",
                tokenFile.toString(),
                "-token_in",
                "-CAfile",
                root.toString());
        assertTrue(ts.exit() == 0 && ts.output().contains("Verification: OK"), ts.output());

        // a tampered seal is named
        Files.writeString(sealFile, Files.readString(sealFile).replace("\"on-demand\"", "\"on-dEmand\""));
        VerifyCli.Run tampered =
                VerifyCli.run("seal", sealFile.toString(), sigFile.toString(), "--trust", anchors.toString());
        assertEquals(1, tampered.exitCode(), tampered.output());
        assertTrue(tampered.output().contains("CONTENT_MISMATCH"), tampered.output());

        // the proof of one event, offline, and a tampered one
        HttpResponse<String> proof = auditor.get("/events/" + eventId + "/proof");
        assertEquals(200, proof.statusCode(), proof.body());
        Path proofFile = Files.writeString(dir.resolve("proof.json"), proof.body());
        VerifyCli.Run proven = VerifyCli.run("proof", proofFile.toString(), "--trust", anchors.toString());
        assertEquals(0, proven.exitCode(), proven.output());
        assertTrue(proven.output().contains("event " + eventId), proven.output());
        Map<String, Object> proofJson = Api.object(proof);
        @SuppressWarnings("unchecked")
        String firstHash = ((List<String>) proofJson.get("audit_path")).get(0);
        Files.writeString(proofFile, proof.body().replace(firstHash, flipLastHexDigit(firstHash)));
        VerifyCli.Run badProof = VerifyCli.run("proof", proofFile.toString(), "--trust", anchors.toString());
        assertEquals(1, badProof.exitCode(), badProof.output());
        assertTrue(badProof.output().contains("PROOF_INVALID"), badProof.output());

        // an event after the last seal has no proof yet
        String later = SampleEvents.resultApproved(UUID.randomUUID());
        HttpResponse<String> laterReceipt = producer.post("/events", later);
        assertEquals(200, laterReceipt.statusCode(), laterReceipt.body());
        String laterId = (String) Api.object(laterReceipt).get("event_id");
        HttpResponse<String> notYet = auditor.get("/events/" + laterId + "/proof");
        assertEquals(404, notYet.statusCode(), notYet.body());
        assertTrue(notYet.body().contains("not-sealed-yet"), notYet.body());

        // the nightly run seals too, then a seal on demand covers only the admin.action entry that asked for it
        Path spool = Path.of(System.getProperty("jboss.home"), "standalone/data/vellum/import", "seals-" + n);
        Files.createDirectories(spool);
        long execution = Jobs.start(admin, "{\"sourceDir\":\"" + spool + "\"}");
        Map<String, Object> ended = Jobs.awaitEnd(admin, execution, 120);
        assertEquals("COMPLETED", ended.get("status"), ended.toString());
        HttpResponse<String> empty = admin.post("/seals", "");
        assertEquals(201, empty.statusCode(), empty.body());
        long last = ((Number) Api.object(empty).get("seal_number")).longValue();
        Map<String, Object> onDemand = Api.object(empty);
        assertEquals(1L, ((Number) onDemand.get("tree_size")).longValue(), "nothing but its own request: " + onDemand);
        long requestSeq = ((Number) onDemand.get("first_seq")).longValue();
        String request = auditor.get("/ledger/export?from=" + requestSeq + "&to=" + requestSeq)
                .body()
                .lines()
                .skip(1)
                .findFirst()
                .orElseThrow();
        assertTrue(
                request.contains("\"type\":\"admin.action\"") && request.contains("\"action\":\"seal.now\""),
                "the admin's request is in the seal it asked for: " + request);
        Map<String, Object> nightly = Api.object(auditor.get("/seals/" + (last - 1)));
        assertEquals("nightly-archive", nightly.get("trigger"));
        assertEquals(200, auditor.get("/events/" + laterId + "/proof").statusCode(), "now sealed");

        // consistency between the first and the last seal, checked here with the verifier's code
        Map<String, Object> consistency = Api.object(auditor.get("/seals/1/consistency/" + last));
        List<byte[]> hashes = new ArrayList<>();
        for (Object h : (List<?>) consistency.get("proof")) {
            hashes.add(Hashes.fromHex((String) h, 32));
        }
        MerkleProofs.verifyConsistency(
                ((Number) consistency.get("tree_size_1")).longValue(),
                ((Number) consistency.get("tree_size_2")).longValue(),
                Hashes.fromHex((String) consistency.get("root_1"), 32),
                Hashes.fromHex((String) consistency.get("root_2"), 32),
                hashes);

        // the whole chain against the whole ledger, then a removed seal and a truncated ledger
        Path seals = dir.resolve("seals.jsonl");
        Path ledger = dir.resolve("ledger.jsonl");
        assertEquals(200, auditor.download("/seals/export", seals).statusCode());
        assertEquals(200, auditor.download("/ledger/export", ledger).statusCode());
        VerifyCli.Run chain =
                VerifyCli.run("seals", seals.toString(), "--trust", anchors.toString(), "--ledger", ledger.toString());
        assertEquals(0, chain.exitCode(), chain.output());
        assertTrue(chain.output().contains("OK seals seals.jsonl: " + last + " seal(s)"), chain.output());

        List<String> lines = Files.readAllLines(seals);
        List<String> removed = new ArrayList<>(lines);
        removed.remove(lines.size() / 2);
        Path gap = Files.write(dir.resolve("gap.jsonl"), removed);
        VerifyCli.Run missing = VerifyCli.run("seals", gap.toString(), "--trust", anchors.toString());
        assertEquals(1, missing.exitCode(), missing.output());
        assertTrue(missing.output().contains("SEAL_MISSING"), missing.output());

        long lastSealedSeq = Seal.parse(auditor.get("/seals/" + last).body().getBytes(StandardCharsets.UTF_8))
                .lastSeq();
        Path shortLedger = dir.resolve("short.jsonl");
        assertEquals(
                200,
                auditor.download("/ledger/export?to=" + (lastSealedSeq - 1), shortLedger)
                        .statusCode());
        VerifyCli.Run truncated = VerifyCli.run(
                "seals", seals.toString(), "--trust", anchors.toString(), "--ledger", shortLedger.toString());
        assertEquals(1, truncated.exitCode(), truncated.output());
        assertTrue(truncated.output().contains("LEDGER_TRUNCATED"), truncated.output());
    }

    @Test
    void theBuiltInTsaIsARealEndpointForItsRoleOnly() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        URI tsa = base().resolve("/vellum/tsa");
        HttpResponse<String> anonymous = http.send(
                HttpRequest.newBuilder(tsa)
                        .header("Content-Type", "application/timestamp-query")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[] {0x30, 0x00}))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(401, anonymous.statusCode());
        String auditor = java.util.Base64.getEncoder()
                .encodeToString(
                        ("auditor:" + org.vellum.it.support.TestUsers.load().getProperty("auditor"))
                                .getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> wrongRole = http.send(
                HttpRequest.newBuilder(tsa)
                        .header("Authorization", "Basic " + auditor)
                        .header("Content-Type", "application/timestamp-query")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[] {0x30, 0x00}))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(403, wrongRole.statusCode());
        HttpResponse<String> get = http.send(
                HttpRequest.newBuilder(tsa)
                        .header("Authorization", "Basic " + auditor)
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(403, get.statusCode(), "only POST is served");
    }

    private static String firstCertificate(String pem) {
        int end = pem.indexOf("-----END CERTIFICATE-----") + "-----END CERTIFICATE-----".length();
        return pem.substring(0, end) + "\n";
    }

    private static String flipLastHexDigit(String hex) {
        char c = hex.charAt(hex.length() - 1);
        return hex.substring(0, hex.length() - 1) + (c == '0' ? '1' : '0');
    }
}
