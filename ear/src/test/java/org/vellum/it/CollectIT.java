package org.vellum.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
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
import org.vellum.it.support.Api;
import org.vellum.it.support.Deployments;
import org.vellum.it.support.Jobs;
import org.vellum.it.support.VerifyCli;
import org.vellum.simulator.Expected;
import org.vellum.simulator.ProducerSimulator;

/**
 * The nightly collection in WildFly: a spool of several nodes with every dirty part of the producer spec is collected
 * over REST; the accounting adds up line for line, the ledger holds exactly the expected events, no personal datum
 * of the spool reaches the ledger or quarantine, and the export verifies offline.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class CollectIT {
    @Deployment(testable = false)
    static EnterpriseArchive appliance() {
        return Deployments.appliance();
    }

    @ArquillianResource
    URL url;

    @TempDir
    Path tmp;

    private URI base() {
        return Deployments.serverRoot(url);
    }

    /** The import root of the managed server: the job may only be pointed below it. */
    private static Path importDir(String name) {
        return Path.of(System.getProperty("jboss.home"), "standalone/data/vellum/import", name);
    }

    @Test
    void aSpoolOfSeveralNodesIsCollectedExactlyWithNothingPersonalLeft() throws Exception {
        String run = "it-" + UUID.randomUUID().toString().substring(0, 8);
        Path spool = importDir(run);
        Expected expected = ProducerSimulator.write(new ProducerSimulator.Options(
                spool,
                tmp.resolve("expected.json"),
                6000,
                4,
                42,
                run + "-n",
                Instant.now().minus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS),
                0.3,
                true));
        Api admin = Api.as("admin", base());
        long id = Jobs.start(
                admin, "{\"sourceDir\":\"" + spool + "\",\"sourceName\":\"" + run + "\",\"itemCount\":\"500\"}");
        Map<String, Object> execution = Jobs.awaitEnd(admin, id, 300);
        assertEquals("COMPLETED", execution.get("status"), execution.toString());

        Map<String, Object> a = Jobs.accounting(execution);
        assertEquals(expected.linesRead(), Jobs.count(a, "lines_read"), a.toString());
        assertEquals(expected.appended(), Jobs.count(a, "appended"), a.toString());
        assertEquals(expected.duplicates(), Jobs.count(a, "duplicates"), a.toString());
        assertEquals(expected.quarantined(), Jobs.count(a, "quarantined"), a.toString());
        assertEquals(expected.notAuditLines(), Jobs.count(a, "not_audit"), a.toString());
        assertEquals(Boolean.TRUE, a.get("balanced"));
        @SuppressWarnings("unchecked")
        Map<String, Object> byReason = (Map<String, Object>) a.get("quarantined_by_reason");
        expected.quarantinedByReason()
                .forEach((reason, n) -> assertEquals(n, ((Number) byReason.get(reason)).longValue(), reason));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> steps = (List<Map<String, Object>>) execution.get("steps");
        assertEquals(
                List.of("collect", "verify", "seal", "package", "attest", "verify-archive", "store"),
                steps.stream().map(s -> s.get("name")).toList());
        assertEquals("VERIFIED", steps.get(1).get("exit_status"));
        assertEquals("SEALED", steps.get(2).get("exit_status"));
        assertEquals("PACKAGED", steps.get(3).get("exit_status"));
        assertEquals("ATTESTED", steps.get(4).get("exit_status"));
        assertEquals("VERIFIED", steps.get(5).get("exit_status"));

        // The ledger: exactly the expected events from this spool, nothing personal, and it verifies offline.
        Path export = tmp.resolve("ledger.jsonl");
        assertEquals(
                200,
                Api.as("archivist", base()).download("/ledger/export", export).statusCode());
        String ledger = Files.readString(export);
        long fromThisSpool = ledger.lines()
                .filter(l -> l.contains("\"source\":\"" + run + "\""))
                .count();
        assertEquals(expected.appended(), fromThisSpool, "entries whose origin is this spool");
        VerifyCli.Run verified = VerifyCli.run("ledger", export.toString());
        assertEquals(0, verified.exitCode(), verified.output());

        HttpResponse<String> quarantine =
                Api.as("compliance-officer", base()).get("/quarantine?source=" + run + "&limit=1000");
        assertEquals(200, quarantine.statusCode(), quarantine.body());
        assertEquals(expected.quarantined(), ((Number) Api.object(quarantine).get("total")).longValue());
        // Nor in the server's log, which holds every line the appliance logged since the IT server started, this
        // collection's quarantine warnings included.
        String log = Files.readString(
                Path.of(System.getProperty("jboss.home"), "standalone/log/server.log"),
                java.nio.charset.StandardCharsets.ISO_8859_1);
        assertTrue(log.contains("VELLUM-0403 collection"), "the log read is this server's");
        for (String datum : Expected.PERSONAL_DATA) {
            assertFalse(ledger.contains(datum), "personal datum in the ledger: " + datum);
            assertFalse(quarantine.body().contains(datum), "personal datum in quarantine: " + datum);
            assertFalse(log.contains(datum), "personal datum in the server's log: " + datum);
        }

        // Run again: every file is known, nothing is read twice.
        long again = Jobs.start(admin, "{\"sourceDir\":\"" + spool + "\",\"sourceName\":\"" + run + "\"}");
        Map<String, Object> second = Jobs.awaitEnd(admin, again, 120);
        assertEquals("COMPLETED", second.get("status"), second.toString());
        assertEquals(0, Jobs.count(Jobs.accounting(second), "lines_read"));
    }

    @Test
    void theNightlyRunIsScheduledForTwoOClockServerTime() {
        HttpResponse<String> r = Api.as("admin", base()).get("/jobs/schedules");
        assertEquals(200, r.statusCode(), r.body());
        @SuppressWarnings("unchecked")
        Map<String, Object> nightly = ((List<Map<String, Object>>) Api.object(r).get("items")).get(0);
        assertEquals("nightly-archive", nightly.get("job"));
        assertEquals("0 2 * * *", nightly.get("cron"));
        ZonedDateTime next = Instant.parse((String) nightly.get("next_run")).atZone(ZoneId.systemDefault());
        assertEquals(2, next.getHour(), next.toString());
        assertEquals(0, next.getMinute(), next.toString());
        assertTrue(next.isAfter(ZonedDateTime.now())
                && next.isBefore(ZonedDateTime.now().plusDays(1).plusMinutes(1)));
    }

    @Test
    void onlyAdminsStartJobsAndOnlyComplianceOfficersSeeQuarantine() {
        assertEquals(
                403,
                Api.as("auditor", base()).post("/jobs/nightly-archive", "{}").statusCode());
        assertEquals(403, Api.as("producer", base()).get("/jobs").statusCode());
        assertEquals(403, Api.as("admin", base()).get("/quarantine").statusCode());
        assertEquals(401, Api.anonymous(base()).get("/quarantine").statusCode());
        assertEquals(200, Api.as("compliance-officer", base()).get("/jobs").statusCode());
    }

    @Test
    void badJobRequestsGetProblemDetails() {
        Api admin = Api.as("admin", base());
        HttpResponse<String> outside = admin.post("/jobs/nightly-archive", "{\"sourceDir\":\"/etc\"}");
        assertEquals(400, outside.statusCode(), outside.body());
        assertEquals("source-not-allowed", Api.object(outside).get("code"));
        HttpResponse<String> unknown = admin.post("/jobs/nightly-archive", "{\"bogus\":\"1\"}");
        assertEquals(400, unknown.statusCode());
        assertEquals("unknown-job-parameter", Api.object(unknown).get("code"));
        assertEquals(404, admin.post("/jobs/no-such-job", "{}").statusCode());
        assertEquals(404, admin.get("/jobs/executions/987654321").statusCode());
        assertTrue(admin.get("/jobs/executions/987654321").body().contains("no-such-execution"));
    }
}
