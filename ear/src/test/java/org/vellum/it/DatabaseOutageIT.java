package org.vellum.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import org.vellum.canonical.Json;
import org.vellum.event.SampleEvents;
import org.vellum.it.support.Api;
import org.vellum.it.support.Jobs;
import org.vellum.it.support.ServerProcess;
import org.vellum.it.support.TcpProxy;
import org.vellum.it.support.VerifyCli;
import org.vellum.simulator.Expected;
import org.vellum.simulator.ProducerSimulator;

/**
 * PostgreSQL goes away under load and comes back. The appliance reaches its database through a TCP relay that the
 * test cuts (every connection reset, new ones refused) in the middle of a nightly collection and of REST ingest, and
 * restores a little later. Requests during the outage either get their receipts (the journal holds them) or a clear
 * problem-details answer; the collection fails restartably; after the database is back, every acknowledged event is
 * in the ledger once, the restarted collection ends exactly once, and the ledger verifies.
 */
@EnabledIfSystemProperty(named = "vellum.database", matches = "postgresql")
class DatabaseOutageIT {
    @TempDir
    Path tmp;

    @Test
    void theDatabaseGoesAwayAndComesBack() throws Exception {
        Path base = Path.of(System.getProperty("jboss.home")).getParent().resolve("outage-it/standalone");
        try (TcpProxy database = new TcpProxy("127.0.0.1", 5432);
                ServerProcess server = new ServerProcess(base, 250)) {
            server.databaseSetting("vellum.db.port", Integer.toString(database.port()));
            server.start(Duration.ofMinutes(3));
            // Sessions, as producers and the console keep them: a password check per request needs the database.
            Api admin = server.session("admin");
            Api producer = server.session("producer");
            Path spool = base.resolve("data/vellum/import/outage");
            Expected expected = ProducerSimulator.write(new ProducerSimulator.Options(
                    spool,
                    tmp.resolve("expected.json"),
                    40_000,
                    2,
                    5,
                    "outage-n",
                    Instant.now().minus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS),
                    0.3,
                    true));
            Set<String> acknowledged = new HashSet<>();
            post(producer, 200, acknowledged);

            long id = Jobs.start(
                    admin, "{\"sourceDir\":\"" + spool + "\",\"sourceName\":\"outage\",\"itemCount\":\"200\"}");
            long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
            while (System.nanoTime() < deadline) {
                Map<String, Object> e = Jobs.execution(admin, id);
                if (e.get("collection") != null
                        && Jobs.count(Jobs.accounting(e), "lines_read") > expected.linesRead() / 4) {
                    break;
                }
                Thread.sleep(50);
            }

            // The outage: 20 s without a database.
            database.cut();
            List<Integer> statuses = new ArrayList<>();
            long outageEnds = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (System.nanoTime() < outageEnds) {
                statuses.add(post(producer, 50, acknowledged));
                HttpResponse<String> started = admin.post("/jobs/verify-archives", "");
                assertEquals(503, started.statusCode(), "no job starts without its repository: " + started.body());
                assertEquals("database-unavailable", Api.object(started).get("code"), started.body());
                Thread.sleep(500);
            }
            database.restore();
            System.out.println("[INFO] answers to POST /events during the outage: " + statuses);

            // The collection ended FAILED during the outage, or is recorded so once the database is back.
            Map<String, Object> failed = Jobs.awaitEnd(admin, id, 180);
            assertEquals("FAILED", failed.get("status"), failed.toString());
            post(producer, 200, acknowledged);
            Map<String, Object> restarted = Api.object(admin.post("/jobs/executions/" + id + "/restart", ""));
            long second = ((Number) restarted.get("execution_id")).longValue();
            Map<String, Object> done = Jobs.awaitEnd(admin, second, 600);
            assertEquals("COMPLETED", done.get("status"), done.toString());
            Map<String, Object> a = Jobs.accounting(done);
            assertEquals(expected.linesRead(), Jobs.count(a, "lines_read"), a.toString());
            assertEquals(expected.appended(), Jobs.count(a, "appended"), a.toString());
            assertEquals(expected.quarantined(), Jobs.count(a, "quarantined"), a.toString());

            Path export = tmp.resolve("ledger.jsonl");
            assertEquals(
                    200,
                    server.as("archivist").download("/ledger/export", export).statusCode());
            Set<String> ids = new HashSet<>();
            long fromSpool = 0;
            for (String line : Files.readAllLines(export)) {
                Map<String, Object> entry = Json.parseObject(line);
                String eventId = (String) entry.get("event_id");
                assertTrue(ids.add(eventId), "an event twice: " + eventId);
                if (line.contains("\"source\":\"outage\"")) {
                    fromSpool++;
                }
            }
            assertEquals(expected.appended(), fromSpool, "every event of the spool exactly once");
            for (String eventId : acknowledged) {
                assertTrue(ids.contains(eventId), "an acknowledged event is missing: " + eventId);
            }
            VerifyCli.Run verified = VerifyCli.run("ledger", export.toString());
            assertEquals(0, verified.exitCode(), verified.output());
        }
    }

    /** Posts {@code count} new events; remembers them if acknowledged; the status. */
    private static int post(Api producer, int count, Set<String> acknowledged) {
        List<String> events = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            UUID id = UUID.randomUUID();
            ids.add(id.toString());
            events.add(SampleEvents.taskCreated(id));
        }
        HttpResponse<String> r = producer.post("/events", Api.jsonArray(events));
        if (r.statusCode() == 200) {
            acknowledged.addAll(ids);
        } else {
            assertEquals(
                    "application/problem+json",
                    r.headers().firstValue("Content-Type").orElse(""),
                    r.statusCode() + " " + r.body());
        }
        return r.statusCode();
    }
}
