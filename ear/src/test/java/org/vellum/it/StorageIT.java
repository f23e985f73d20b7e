package org.vellum.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.RandomAccessFile;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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
import org.vellum.event.SampleEvents;
import org.vellum.it.support.Api;
import org.vellum.it.support.Deployments;
import org.vellum.it.support.Jobs;

/**
 * WORM storage in the appliance, over HTTP: the embedded default's target and its self-test verdict, an admin's
 * acceptance of it (the IT server runs it without the immutable attribute, so that a copy can be damaged here, and the
 * self-test rightly finds it not write-once), the nightly run storing copies, verify-archives naming a copy with one
 * byte flipped on disk and raising an alert, and legal holds.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class StorageIT {
    @Deployment(testable = false)
    static EnterpriseArchive appliance() {
        return Deployments.appliance();
    }

    @ArquillianResource
    URL url;

    private URI base() {
        return Deployments.serverRoot(url);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> items(HttpResponse<String> r) {
        assertEquals(200, r.statusCode(), r.body());
        return (List<Map<String, Object>>) Api.object(r).get("items");
    }

    @Test
    void copiesAreStoredVerifiedAndADamagedOneIsNamedWithAnAlert() throws Exception {
        Api admin = Api.as("admin", base());
        Api archivist = Api.as("archivist", base());
        Api officer = Api.as("compliance-officer", base());

        assertEquals(403, Api.as("producer", base()).get("/storage/targets").statusCode());
        assertEquals(403, Api.as("auditor", base()).get("/storage/targets").statusCode());
        assertEquals(401, Api.anonymous(base()).get("/storage/targets").statusCode());
        HttpResponse<String> tested = archivist.post("/storage/targets/local/self-test", "");
        assertEquals(200, tested.statusCode(), tested.body());
        Map<String, Object> local = Api.object(tested);
        assertEquals("filesystem", local.get("type"));
        assertTrue(((String) local.get("location")).endsWith("/standalone/data/vellum/worm"), local.toString());
        assertEquals(Boolean.FALSE, local.get("worm"), "no immutable attribute on the IT server: " + local);
        assertNotNull(local.get("self_test_at"));
        assertTrue(((List<?>) local.get("findings")).contains("delete was NOT refused"), local.toString());
        assertEquals(
                local.get("name"), items(admin.get("/storage/targets")).get(0).get("name"));

        assertEquals(403, archivist.post("/storage/targets/local/accept", "{}").statusCode(), "admins only");
        HttpResponse<String> accepted =
                admin.post("/storage/targets/local/accept", "{\"reason\":\"IT server without chattr\"}");
        if (accepted.statusCode() == 200) {
            @SuppressWarnings("unchecked")
            Map<String, Object> by = (Map<String, Object>) Api.object(accepted).get("accepted_non_worm");
            assertEquals("admin", by.get("by"));
            assertTrue(((Number) by.get("ledger_seq")).longValue() > 0, "the acceptance is in the ledger");
        } else {
            assertEquals(409, accepted.statusCode(), accepted.body()); // accepted by an earlier run of this class
        }
        assertEquals(409, admin.post("/storage/targets/local/accept", "{}").statusCode());

        List<String> events = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            events.add(SampleEvents.taskCreated(UUID.randomUUID()));
        }
        assertEquals(
                200,
                Api.as("producer", base())
                        .post("/events", Api.jsonArray(events))
                        .statusCode());
        Path spool = Path.of(System.getProperty("jboss.home"), "standalone/data/vellum/import", "storage-it");
        Files.createDirectories(spool);
        Map<String, Object> nightly = Jobs.awaitEnd(admin, Jobs.start(admin, "{\"sourceDir\":\"" + spool + "\"}"), 180);
        assertEquals("COMPLETED", nightly.get("status"), nightly.toString());

        List<Map<String, Object>> archives = items(officer.get("/archives?limit=1000"));
        Map<String, Object> newest = archives.get(archives.size() - 1);
        long n = ((Number) newest.get("seal_number")).longValue();
        HttpResponse<String> copiesResponse = Api.as("auditor", base()).get("/archives/" + n + "/copies");
        List<Map<String, Object>> copies = items(copiesResponse);
        assertEquals(1, copies.size(), copiesResponse.body());
        Map<String, Object> copy = copies.get(0);
        assertEquals("local", copy.get("target"));
        assertEquals("STORED", copy.get("state"));
        assertEquals(newest.get("sha256"), copy.get("archive_sha256"));
        assertNotNull(copy.get("retain_until"));
        Path stored = Path.of((String) copy.get("archive_location"));
        assertTrue(Files.exists(stored));

        long clean = Jobs.start(admin, "verify-archives", "");
        assertEquals("COMPLETED", Jobs.awaitEnd(admin, clean, 180).get("status"));
        Map<String, Object> verified = Api.object(officer.get("/storage/verifications/latest"));
        assertEquals("100.00", verified.get("integrity_verification_rate"), verified.toString());

        long alertsBefore = ((Number) Api.object(officer.get("/alerts")).get("total")).longValue();
        stored.toFile().setWritable(true);
        try (RandomAccessFile f = new RandomAccessFile(stored.toFile(), "rw")) {
            long at = f.length() / 2;
            f.seek(at);
            int b = f.read();
            f.seek(at);
            f.write(b ^ 0x01);
            try {
                long run = Jobs.start(admin, "verify-archives", "");
                Map<String, Object> ended = Jobs.awaitEnd(admin, run, 180);
                assertEquals("FAILED", ended.get("status"), ended.toString());
                assertEquals("DAMAGED", ended.get("exit_status"), ended.toString());
                Map<String, Object> damaged = Api.object(archivist.get("/storage/verifications/latest"));
                assertFalse("100.00".equals(damaged.get("integrity_verification_rate")), damaged.toString());
                String failures = damaged.get("failures").toString();
                assertTrue(
                        failures.contains(
                                "archive " + n + " on target local: COPY_DIGEST_MISMATCH: " + newest.get("file_name")),
                        failures);
                Map<String, Object> alerts = Api.object(admin.get("/alerts"));
                assertEquals(alertsBefore + 1, ((Number) alerts.get("total")).longValue(), alerts.toString());
                @SuppressWarnings("unchecked")
                Map<String, Object> alert = ((List<Map<String, Object>>) alerts.get("items")).get(0);
                assertEquals("copy-damaged", alert.get("kind"));
                assertEquals(n, ((Number) alert.get("seal_number")).longValue());
                assertEquals(403, Api.as("auditor", base()).get("/alerts").statusCode());
            } finally {
                f.seek(at);
                f.write(b);
            }
        }
    }

    @Test
    void aLegalHoldIsSetAndReleasedByComplianceOfficersOnly() throws Exception {
        Api admin = Api.as("admin", base());
        Api officer = Api.as("compliance-officer", base());
        List<Map<String, Object>> archives = items(officer.get("/archives?limit=1000"));
        if (archives.isEmpty()) {
            Path spool = Path.of(System.getProperty("jboss.home"), "standalone/data/vellum/import", "storage-it");
            Files.createDirectories(spool);
            Jobs.awaitEnd(admin, Jobs.start(admin, "{\"sourceDir\":\"" + spool + "\"}"), 180);
            archives = items(officer.get("/archives?limit=1000"));
        }
        long n = ((Number) archives.get(0).get("seal_number")).longValue();
        assertEquals(
                403,
                Api.as("auditor", base())
                        .put("/archives/" + n + "/legal-hold", "{}")
                        .statusCode());
        assertEquals(
                403,
                Api.as("archivist", base())
                        .put("/archives/" + n + "/legal-hold", "{}")
                        .statusCode());

        HttpResponse<String> set = officer.put("/archives/" + n + "/legal-hold", "{\"reason\":\"case 2026-17\"}");
        assertEquals(200, set.statusCode(), set.body());
        assertEquals("compliance-officer", Api.object(set).get("by"));
        assertEquals(409, officer.put("/archives/" + n + "/legal-hold", "{}").statusCode());
        @SuppressWarnings("unchecked")
        Map<String, Object> hold = (Map<String, Object>)
                Api.object(officer.get("/archives/" + n + "/copies")).get("legal_hold");
        assertEquals("case 2026-17", hold.get("reason"));
        assertTrue(((Number) hold.get("ledger_seq")).longValue() > 0);

        assertEquals(
                204,
                officer.delete("/archives/" + n + "/legal-hold?reason=closed").statusCode());
        assertEquals(404, officer.delete("/archives/" + n + "/legal-hold").statusCode());
        assertEquals(
                org.vellum.canonical.JsonNull.INSTANCE,
                Api.object(officer.get("/archives/" + n + "/copies")).get("legal_hold"),
                "released");
    }
}
