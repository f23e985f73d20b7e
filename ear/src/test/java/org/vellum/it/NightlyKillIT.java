package org.vellum.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import org.vellum.canonical.Json;
import org.vellum.it.support.Api;
import org.vellum.it.support.Jobs;
import org.vellum.it.support.ServerProcess;
import org.vellum.it.support.VerifyCli;
import org.vellum.simulator.Expected;
import org.vellum.simulator.ProducerSimulator;

/**
 * SIGKILL inside every step of nightly-archive, at the worst moment: the step's work is durable (the chunk's events
 * appended, the seal stored, the archive packaged, the attestation made, the copies stored) but the step has not
 * ended, so JBeret still records it as running. The job is held there by the fault-injection parameter
 * {@code holdAt} (tests only), the server's JVM is killed, started again and the execution restarted over REST.
 * After each restart the run completes with exactly one seal, one archive, one attestation and one stored copy per
 * target, and every event of its spool is in the ledger once; at the end the whole ledger and every archive verify.
 *
 * <p>The collect step's own crash test with a timed kill is {@link CollectKillIT}; tape-export's is {@link TapeKillIT}.
 */
@EnabledIfSystemProperty(named = "vellum.database", matches = "h2")
class NightlyKillIT {
    /** Where each step is held: the stages of {@code Faults}. {@code write} is inside the collect step's chunk. */
    private static final List<String> STAGES =
            List.of("write", "verify", "seal", "package", "attest", "verify-archive", "store");

    @TempDir
    Path tmp;

    @Test
    @SuppressWarnings("unchecked")
    void killDashNineInsideEveryStepThenRestartCompletesExactlyOnce() throws Exception {
        Path base = Path.of(System.getProperty("jboss.home")).getParent().resolve("nightly-kill-it/standalone");
        List<String> faultInjection = List.of("-Dvellum.jobs.fault-injection=true");
        try (ServerProcess server = new ServerProcess(base, 230)) {
            server.start(Duration.ofMinutes(3), faultInjection);
            Api admin = server.as("admin");
            // The IT server has no immutable attribute (ServerProcess): its folder is used as accepted.
            admin.post("/storage/targets/local/self-test", "");
            admin.post("/storage/targets/local/accept", "{\"reason\":\"IT server without chattr\"}");

            Map<String, Expected> spools = new java.util.LinkedHashMap<>();
            for (String stage : STAGES) {
                String source = "kill-" + stage;
                Path spool = base.resolve("data/vellum/import/" + source);
                Expected expected = ProducerSimulator.write(new ProducerSimulator.Options(
                        spool,
                        tmp.resolve(source + ".json"),
                        stage.equals("write") ? 3_000 : 300,
                        2,
                        STAGES.indexOf(stage) + 7,
                        source + "-n",
                        Instant.now().minus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS),
                        0.3,
                        true));
                spools.put(source, expected);

                int heldBefore = held(server, stage);
                String parameters = "{\"sourceDir\":\"" + spool + "\",\"sourceName\":\"" + source
                        + "\",\"itemCount\":\"200\",\"holdAt\":\"" + stage + "\""
                        + (stage.equals("write") ? ",\"failAfter\":\"1000\"" : "") + "}";
                long id = Jobs.start(admin, parameters);
                long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
                while (held(server, stage) == heldBefore) {
                    assertTrue(System.nanoTime() < deadline, "never held at " + stage);
                    Map<String, Object> e = Jobs.execution(admin, id);
                    assertEquals("STARTED", e.get("status"), "running until held at " + stage + ": " + e);
                    Thread.sleep(100);
                }
                server.kill9();

                server.start(Duration.ofMinutes(3), faultInjection);
                admin = server.as("admin");
                long instance = ((Number) Jobs.execution(admin, id).get("instance_id")).longValue();
                Map<String, Object> restarted =
                        Api.object(admin.post("/jobs/executions/" + id + "/restart", "{\"holdAt\":\"none\"}"));
                assertNotNull(restarted.get("execution_id"), restarted.toString());
                long second = ((Number) restarted.get("execution_id")).longValue();
                Map<String, Object> done = Jobs.awaitEnd(admin, second, 300);
                assertEquals("COMPLETED", done.get("status"), "after a kill at " + stage + ": " + done);

                Map<String, Object> a = Jobs.accounting(done);
                assertEquals(expected.linesRead(), Jobs.count(a, "lines_read"), stage + ": " + a);
                assertEquals(expected.appended(), Jobs.count(a, "appended"), stage + ": " + a);
                assertEquals(expected.quarantined(), Jobs.count(a, "quarantined"), stage + ": " + a);
                assertEquals(expected.notAuditLines(), Jobs.count(a, "not_audit"), stage + ": " + a);

                // One seal for the run, one archive of it, attested and verified, stored once on the target.
                List<Map<String, Object>> seals = items(admin.get("/seals?limit=100"));
                List<Map<String, Object>> ofRun = seals.stream()
                        .filter(s -> s.get("job_instance") != null
                                && ((Number) s.get("job_instance")).longValue() == instance)
                        .toList();
                assertEquals(1, ofRun.size(), "one seal for the run killed at " + stage + ": " + seals);
                long sealNumber = ((Number) ofRun.get(0).get("seal_number")).longValue();
                assertEquals(
                        STAGES.indexOf(stage) + 1L,
                        seals.size(),
                        "one seal per run, none lost or doubled, after a kill at " + stage);
                Map<String, Object> archive = Api.object(admin.get("/archives/" + sealNumber));
                assertEquals("intact", archive.get("verify_result"), stage + ": " + archive);
                assertNotNull(archive.get("attestation"), stage + ": " + archive);
                assertEquals(
                        STAGES.indexOf(stage) + 1L,
                        items(admin.get("/archives?limit=100")).size(),
                        "one archive per seal after a kill at " + stage);
                List<Map<String, Object>> copies = items(admin.get("/archives/" + sealNumber + "/copies"));
                assertEquals(1, copies.size(), stage + ": " + copies);
                assertEquals("STORED", copies.get(0).get("state"), stage + ": " + copies);
            }

            // Every spool's events exactly once, and the whole ledger verifies.
            Path export = tmp.resolve("ledger.jsonl");
            assertEquals(
                    200,
                    server.as("archivist").download("/ledger/export", export).statusCode());
            Map<String, Long> perSource = new java.util.HashMap<>();
            Set<String> ids = new HashSet<>();
            for (String line : Files.readAllLines(export)) {
                Map<String, Object> entry = Json.parseObject(line);
                if (entry.get("body") instanceof Map<?, ?> body
                        && body.get("origin") instanceof Map<?, ?> origin
                        && origin.get("source") instanceof String s
                        && spools.containsKey(s)) {
                    perSource.merge(s, 1L, Long::sum);
                    assertTrue(ids.add((String) entry.get("event_id")), "an event twice: " + entry.get("event_id"));
                }
            }
            for (var spool : spools.entrySet()) {
                assertEquals(
                        spool.getValue().appended(),
                        perSource.getOrDefault(spool.getKey(), 0L),
                        "every event of " + spool.getKey() + " exactly once");
            }
            VerifyCli.Run verified = VerifyCli.run("ledger", export.toString());
            assertEquals(0, verified.exitCode(), verified.output());

            // Seven dirty spools, seven crashes and restarts: no personal datum reached the server's log.
            String log = String.join("\n", server.logLines());
            for (String datum : Expected.PERSONAL_DATA) {
                assertTrue(!log.contains(datum), "personal datum in the server's log: " + datum);
            }
        }
    }

    /** How many times the server's log says the job was held at {@code stage}. */
    private static int held(ServerProcess server, String stage) throws IOException {
        String marker = "VELLUM-0440 nightly-archive held at " + stage + " ";
        return (int) server.logLines().stream().filter(l -> l.contains(marker)).count();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> items(java.net.http.HttpResponse<String> response) {
        assertEquals(200, response.statusCode(), response.body());
        return (List<Map<String, Object>>) Api.object(response).get("items");
    }
}
