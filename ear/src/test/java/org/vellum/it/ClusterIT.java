package org.vellum.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
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
 * Two nodes of a cluster (two WildFly servers with port offsets, the shared ledger writer, one PostgreSQL database):
 * producers send to both at once; one node is killed with SIGKILL in the middle of that ingest and in the middle of a
 * nightly collection. Afterwards every acknowledged event is in the ledger exactly once, the chain verifies, and the
 * surviving node has taken the job over and finished it from its checkpoint, every spool line accounted for. Runs in
 * the IT suite's PostgreSQL pass (a cluster shares PostgreSQL, never H2).
 */
@EnabledIfSystemProperty(named = "vellum.database", matches = "postgresql")
class ClusterIT {
    private static final int PRODUCERS_PER_NODE = 3;
    private static final int EVENTS_PER_REQUEST = 40;

    @TempDir
    Path tmp;

    /** What both nodes share besides the database: keys, archives and the collection's spool (a shared mount). */
    private static List<String> nodeProperties(Path shared, String node) {
        return List.of(
                "-Djboss.node.name=" + node,
                "-Dvellum.ledger.writer=shared",
                "-Dvellum.cluster.node-timeout=PT10S",
                "-Dvellum.pki.dir=" + shared.resolve("keys"),
                "-Dvellum.pseudonym.key-file=" + shared.resolve("keys/pseudonym.key"),
                "-Dvellum.archive.dir=" + shared.resolve("archives"),
                "-Dvellum.collect.import-roots=" + shared.resolve("import"));
    }

    @Test
    void concurrentIngestAndAJobSurviveKillDashNineOfOneNode() throws Exception {
        Path dir = Path.of(System.getProperty("jboss.home")).getParent().resolve("cluster-it");
        Path shared = dir.resolve("shared");
        if (Files.exists(shared)) {
            try (var files = Files.walk(shared)) {
                for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        try (ServerProcess a = new ServerProcess(dir.resolve("node-a/standalone"), 300);
                ServerProcess b = new ServerProcess(dir.resolve("node-b/standalone"), 400, a)) {
            Files.createDirectories(shared.resolve("import"));
            Path spool = shared.resolve("import/cluster");
            Expected expected = ProducerSimulator.write(new ProducerSimulator.Options(
                    spool,
                    tmp.resolve("expected.json"),
                    60_000,
                    3,
                    7,
                    "cluster-n",
                    Instant.now().minus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS),
                    0.3,
                    true));
            // The first node creates the keys and the ledger; the second takes them up.
            a.start(Duration.ofMinutes(3), nodeProperties(shared, "node-a"));
            b.start(Duration.ofMinutes(3), nodeProperties(shared, "node-b"));

            Map<String, Integer> acknowledged = new ConcurrentHashMap<>();
            AtomicBoolean producing = new AtomicBoolean(true);
            ExecutorService producers = Executors.newFixedThreadPool(2 * PRODUCERS_PER_NODE);
            for (int i = 0; i < 2 * PRODUCERS_PER_NODE; i++) {
                ServerProcess target = i % 2 == 0 ? a : b;
                String node = "anon-" + i;
                ServerProcess other = i % 2 == 0 ? b : a;
                producers.submit(
                        () -> produce(target.as("producer"), other.as("producer"), node, producing, acknowledged));
            }

            // A nightly collection on node b, killed once a good part of the spool is committed.
            Api adminB = b.as("admin");
            long killed = Jobs.start(
                    adminB, "{\"sourceDir\":\"" + spool + "\",\"sourceName\":\"cluster\",\"itemCount\":\"100\"}");
            long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
            long committed = 0;
            while (System.nanoTime() < deadline && committed <= expected.linesRead() / 4) {
                Map<String, Object> e = Jobs.execution(adminB, killed);
                assertEquals("STARTED", e.get("status"), "the job must still run when its node dies: " + e);
                if (e.get("collection") != null) {
                    committed = Jobs.count(Jobs.accounting(e), "lines_read");
                }
                Thread.sleep(50);
            }
            int beforeKill = acknowledged.size();
            b.kill9();
            assertTrue(committed > 0 && committed < expected.linesRead(), "killed mid-collect at " + committed);
            assertTrue(beforeKill > 0, "the producers were acknowledged before the kill");

            // Node a goes on taking events, and takes the job over once node b has been silent for 10 s.
            Api adminA = a.as("admin");
            long takenOver = awaitTakeOver(adminA, killed);
            Map<String, Object> done = Jobs.awaitEnd(adminA, takenOver, 600);
            producing.set(false);
            producers.shutdown();
            assertTrue(producers.awaitTermination(1, TimeUnit.MINUTES));
            assertEquals("COMPLETED", done.get("status"), done.toString());
            assertTrue(acknowledged.size() > beforeKill, "node a went on acknowledging after the kill");

            Map<String, Object> accounting = Jobs.accounting(done);
            assertEquals(expected.linesRead(), Jobs.count(accounting, "lines_read"), accounting.toString());
            assertEquals(expected.appended(), Jobs.count(accounting, "appended"), accounting.toString());
            assertEquals(expected.quarantined(), Jobs.count(accounting, "quarantined"), accounting.toString());

            Path export = tmp.resolve("ledger.jsonl");
            assertEquals(
                    200, a.as("archivist").download("/ledger/export", export).statusCode());
            Map<String, Integer> inLedger = new HashMap<>();
            long fromSpool = 0;
            long seq = 0;
            for (String line : Files.readAllLines(export)) {
                Map<String, Object> entry = Json.parseObject(line);
                if (entry.get("seq") == null) {
                    continue; // the header
                }
                assertEquals(++seq, ((Number) entry.get("seq")).longValue(), "one gap-free order");
                inLedger.merge((String) entry.get("event_id"), 1, Integer::sum);
                if (line.contains("\"source\":\"cluster\"")) {
                    fromSpool++;
                }
            }
            inLedger.forEach((id, n) -> assertEquals(1, n, "event " + id + " is in the ledger " + n + " times"));
            for (String id : acknowledged.keySet()) {
                assertTrue(inLedger.containsKey(id), "acknowledged event " + id + " is in the ledger");
            }
            assertEquals(expected.appended(), fromSpool, "every event of the spool exactly once");
            System.out.printf(
                    "ClusterIT: node b killed with %d events acknowledged and %d spool lines committed; %d acknowledged"
                            + " in all; %d entries in the ledger; execution %d taken over as %d%n",
                    beforeKill, committed, acknowledged.size(), seq, killed, takenOver);
            VerifyCli.Run verified = VerifyCli.run("ledger", export.toString());
            assertEquals(0, verified.exitCode(), verified.output());
            assertTrue(
                    a.logLines().stream().anyMatch(l -> l.contains("VELLUM-0433") && l.contains("node-b")),
                    "node a logged the take-over");
        }
    }

    /**
     * A producer: requests of fresh events to one node until told to stop; records what was acknowledged. When its node
     * is gone it does what a real producer does: sends the unacknowledged request again, to the other node (the events
     * the dead node committed but never acknowledged must then come back as duplicates, not be appended twice).
     */
    private static void produce(
            Api producer, Api fallback, String node, AtomicBoolean producing, Map<String, Integer> acked) {
        Api target = producer;
        List<String> events = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        while (producing.get() || !events.isEmpty()) {
            if (events.isEmpty()) {
                for (int i = 0; i < EVENTS_PER_REQUEST; i++) {
                    String id = UUID.randomUUID().toString();
                    ids.add(id);
                    events.add("{\"ts\":\"" + Instant.now() + "\",\"type\":\"task.opened\",\"event_id\":\"" + id
                            + "\",\"node\":\"" + node + "\",\"task_id\":\"T-" + i + "\",\"user\":\"u-1\"}");
                }
            }
            try {
                HttpResponse<String> r = target.post("/events", Api.jsonArray(events));
                if (r.statusCode() == 200) {
                    ids.forEach(id -> acked.put(id, 1));
                    events.clear();
                    ids.clear();
                }
            } catch (UncheckedIOException | IllegalStateException nodeDown) {
                target = target == producer ? fallback : producer; // the same request again, to the other node
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** The execution that node a restarted in place of {@code killed}: the same job instance, a later execution. */
    private static long awaitTakeOver(Api admin, long killed) throws InterruptedException {
        long instance = ((Number) Jobs.execution(admin, killed).get("instance_id")).longValue();
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (System.nanoTime() < deadline) {
            for (Map<String, Object> e : items(admin.get("/jobs?limit=20"))) {
                long id = ((Number) e.get("execution_id")).longValue();
                if (id != killed && ((Number) e.get("instance_id")).longValue() == instance) {
                    return id;
                }
            }
            Thread.sleep(500);
        }
        throw new AssertionError("no node took execution " + killed + " over within 2 minutes");
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> items(HttpResponse<String> page) {
        assertEquals(200, page.statusCode(), page.body());
        return (List<Map<String, Object>>) Api.object(page).get("items");
    }
}
