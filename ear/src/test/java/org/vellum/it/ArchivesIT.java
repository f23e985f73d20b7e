package org.vellum.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
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
import org.vellum.it.support.VerifyCli;

/**
 * Archives end to end, black box over HTTP: the nightly run packages, attests and verifies; compliance officers,
 * auditors and archivists download the .asice and the PDF; the real {@code vellum-verify archive} accepts them and
 * names a damaged copy and a PDF changed after signing.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class ArchivesIT {
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
    void theNightlyRunArchivesAndAnAuditorVerifiesOffline() throws Exception {
        Api producer = Api.as("producer", base());
        Api admin = Api.as("admin", base());
        Api officer = Api.as("compliance-officer", base());
        Api archivist = Api.as("archivist", base());
        List<String> events = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            UUID task = UUID.randomUUID();
            events.add(i % 2 == 0 ? SampleEvents.taskCreated(task) : SampleEvents.correctionApplied(task));
        }
        assertEquals(200, producer.post("/events", Api.jsonArray(events)).statusCode());

        Path spool = Path.of(System.getProperty("jboss.home"), "standalone/data/vellum/import", "archives-it");
        Files.createDirectories(spool);
        long execution = Jobs.start(admin, "{\"sourceDir\":\"" + spool + "\"}");
        Map<String, Object> ended = Jobs.awaitEnd(admin, execution, 180);
        assertEquals("COMPLETED", ended.get("status"), ended.toString());

        Map<String, Object> list = Api.object(officer.get("/archives?limit=1000"));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> items = (List<Map<String, Object>>) list.get("items");
        assertFalse(items.isEmpty());
        Map<String, Object> newest = items.get(items.size() - 1);
        long n = ((Number) newest.get("seal_number")).longValue();
        assertEquals("intact", newest.get("verify_result"), newest.toString());
        assertTrue(newest.get("attestation") instanceof Map, "attested: " + newest);
        assertTrue(((Number) newest.get("entries")).longValue() >= 40, newest.toString());

        assertEquals(403, producer.get("/archives").statusCode(), "producers do not read archives");
        assertEquals(
                403, admin.get("/archives/" + n + "/content").statusCode(), "admins schedule, they do not download");
        assertEquals(401, Api.anonymous(base()).get("/archives").statusCode());
        HttpResponse<String> missing = officer.get("/archives/999999");
        assertEquals(404, missing.statusCode());
        assertTrue(missing.body().contains("archive-not-found"), missing.body());

        String name = (String) newest.get("file_name");
        Path asice = dir.resolve(name);
        Path pdf = dir.resolve(name.replace(".asice", ".pdf"));
        Path anchors = dir.resolve("anchors.pem");
        HttpResponse<Path> got = archivist.download("/archives/" + n + "/content", asice);
        assertEquals(200, got.statusCode());
        assertEquals(
                "application/vnd.etsi.asic-e+zip",
                got.headers().firstValue("Content-Type").orElse(""));
        byte[] sha256 = MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(asice));
        assertEquals(newest.get("sha256"), HexFormat.of().formatHex(sha256));
        assertEquals(
                "sha-256=:" + Base64.getEncoder().encodeToString(sha256) + ":",
                got.headers().firstValue("Repr-Digest").orElse(""));
        assertEquals(
                200,
                officer.download("/archives/" + n + "/attestation.pdf", pdf).statusCode());
        assertTrue(Files.readString(pdf, StandardCharsets.ISO_8859_1).startsWith("%PDF-"));
        assertEquals(
                200, Api.anonymous(base()).download("/trust-anchors", anchors).statusCode());

        VerifyCli.Run ok = VerifyCli.run("archive", asice.toString(), "--trust", anchors.toString());
        assertEquals(0, ok.exitCode(), ok.output());
        assertTrue(ok.output().contains("OK archive " + name + " and attestation " + pdf.getFileName()), ok.output());
        assertTrue(ok.output().contains("describes this archive"), ok.output());

        HttpResponse<String> verified = Api.as("auditor", base()).post("/archives/" + n + "/verify", "");
        assertEquals(200, verified.statusCode(), verified.body());
        assertEquals(Boolean.TRUE, Api.object(verified).get("intact"), verified.body());

        // a copy damaged on the medium, and a PDF with bytes appended after signing, are named
        Path damaged = dir.resolve("damaged.asice");
        byte[] bytes = Files.readAllBytes(asice);
        bytes[bytes.length / 3] ^= 0x04;
        Files.write(damaged, bytes);
        VerifyCli.Run bad =
                VerifyCli.run("archive", damaged.toString(), "--trust", anchors.toString(), "--no-attestation");
        assertEquals(1, bad.exitCode(), bad.output());
        assertTrue(bad.output().contains("FAILED archive damaged.asice: "), bad.output());

        Path updated = dir.resolve("updated.pdf");
        Files.copy(pdf, updated);
        Files.write(
                updated, "\n% appended after signing\n".getBytes(StandardCharsets.US_ASCII), StandardOpenOption.APPEND);
        VerifyCli.Run changed = VerifyCli.run(
                "archive", asice.toString(), "--trust", anchors.toString(), "--attestation", updated.toString());
        assertEquals(1, changed.exitCode(), changed.output());
        assertTrue(changed.output().contains("ATTESTATION_MODIFIED"), changed.output());
    }
}
