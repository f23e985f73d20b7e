package org.vellum.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vellum.canonical.Json;
import org.vellum.it.support.Api;
import org.vellum.it.support.Jobs;
import org.vellum.it.support.ServerProcess;
import org.vellum.it.support.VerifyCli;
import org.vellum.simulator.Expected;
import org.vellum.simulator.ProducerSimulator;

/**
 * Exactly once across a crash: the server's JVM is killed with SIGKILL in the middle of a collect step, restarted,
 * and the job execution restarted over REST. Afterwards every event of the spool is in the ledger once, the
 * accounting adds up line for line, and the chain verifies.
 */
class CollectKillIT {
    @TempDir
    Path tmp;

    @Test
    void killDashNineMidCollectThenRestartEndsExactlyOnce() throws Exception {
        Path base = Path.of(System.getProperty("jboss.home")).getParent().resolve("collect-kill-it/standalone");
        try (ServerProcess server = new ServerProcess(base, 200)) {
            Path spool = base.resolve("data/vellum/import/kill");
            Expected expected = ProducerSimulator.write(new ProducerSimulator.Options(
                    spool,
                    tmp.resolve("expected.json"),
                    120_000,
                    3,
                    99,
                    "kill-n",
                    Instant.now().minus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS),
                    0.3,
                    true));
            server.start(Duration.ofMinutes(3));
            Api admin = server.as("admin");
            long id = Jobs.start(
                    admin, "{\"sourceDir\":\"" + spool + "\",\"sourceName\":\"kill\",\"itemCount\":\"200\"}");

            // A run never overlaps a running one.
            var overlapping = admin.post("/jobs/nightly-archive", "{}");
            assertEquals(409, overlapping.statusCode(), overlapping.body());
            assertEquals("job-running", Api.object(overlapping).get("code"));

            // Kill once a good part, but not all, is committed.
            long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
            long committed = 0;
            while (System.nanoTime() < deadline) {
                Map<String, Object> e = Jobs.execution(admin, id);
                if (e.get("collection") != null) {
                    committed = Jobs.count(Jobs.accounting(e), "lines_read");
                    if (committed > expected.linesRead() / 4) {
                        break;
                    }
                }
                assertEquals("STARTED", e.get("status"), "the job must still be running when it is killed: " + e);
                Thread.sleep(50);
            }
            server.kill9();
            assertTrue(committed > 0 && committed < expected.linesRead(), "killed mid-collect at " + committed);

            server.start(Duration.ofMinutes(3));
            admin = server.as("admin");
            Map<String, Object> stale = Jobs.execution(admin, id);
            Map<String, Object> restarted = Api.object(admin.post("/jobs/executions/" + id + "/restart", ""));
            long second = ((Number) restarted.get("execution_id")).longValue();
            Map<String, Object> done = Jobs.awaitEnd(admin, second, 600);
            assertEquals("COMPLETED", done.get("status"), "after " + stale + ": " + done);

            Map<String, Object> a = Jobs.accounting(done);
            assertEquals(expected.linesRead(), Jobs.count(a, "lines_read"), a.toString());
            assertEquals(expected.appended(), Jobs.count(a, "appended"), a.toString());
            assertEquals(expected.duplicates(), Jobs.count(a, "duplicates"), a.toString());
            assertEquals(expected.quarantined(), Jobs.count(a, "quarantined"), a.toString());
            assertEquals(expected.notAuditLines(), Jobs.count(a, "not_audit"), a.toString());

            Path export = tmp.resolve("ledger.jsonl");
            assertEquals(
                    200,
                    server.as("archivist").download("/ledger/export", export).statusCode());
            Set<String> ids = new HashSet<>();
            long fromSpool = 0;
            for (String line : Files.readAllLines(export)) {
                if (line.contains("\"source\":\"kill\"")) {
                    fromSpool++;
                    assertTrue(ids.add((String) Json.parseObject(line).get("event_id")), "an event twice: " + line);
                }
            }
            assertEquals(expected.appended(), fromSpool, "every event of the spool exactly once");
            VerifyCli.Run verified = VerifyCli.run("ledger", export.toString());
            assertEquals(0, verified.exitCode(), verified.output());
        }
    }
}
