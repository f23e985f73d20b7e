package org.vellum.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.vellum.canonical.Json;
import org.vellum.event.SampleEvents;
import org.vellum.it.support.Api;
import org.vellum.it.support.ServerProcess;
import org.vellum.it.support.VerifyCli;

/**
 * A receipt means durable: producers post under load, the server's JVM is killed with SIGKILL mid-stream, and after a
 * restart every receipted event is there with the seq and chain hash of its receipt, no request is half appended, and
 * the chain verifies. (SIGKILL keeps the operating system's page cache; power loss is not simulated here.)
 */
class DurabilityIT {
    private static final int PRODUCERS = 4;
    private static final int BATCH = 200;

    @Test
    void receiptedEventsSurviveKillDashNine() throws Exception {
        Path base = Path.of(System.getProperty("jboss.home")).getParent().resolve("durability-it/standalone");
        try (ServerProcess server = new ServerProcess(base, 100)) {
            server.start(Duration.ofMinutes(3));
            Map<String, Map<String, Object>> receipts = new ConcurrentHashMap<>();
            List<List<String>> unreceipted = new CopyOnWriteArrayList<>();
            AtomicBoolean stop = new AtomicBoolean();
            ExecutorService pool = Executors.newFixedThreadPool(PRODUCERS);
            for (int p = 0; p < PRODUCERS; p++) {
                pool.submit(() -> {
                    Api producer = server.as("producer");
                    while (!stop.get()) {
                        List<String> ids = new ArrayList<>();
                        List<String> events = new ArrayList<>();
                        for (int i = 0; i < BATCH; i++) {
                            UUID id = UUID.randomUUID();
                            ids.add(id.toString());
                            events.add(SampleEvents.anonymizationCompleted(id));
                        }
                        try {
                            HttpResponse<String> response = producer.post("/events", Api.jsonArray(events));
                            if (response.statusCode() != 200) {
                                unreceipted.add(ids);
                                continue;
                            }
                            for (Map<String, Object> r : Api.array(response)) {
                                receipts.put((String) r.get("event_id"), r);
                            }
                        } catch (RuntimeException connectionLost) {
                            unreceipted.add(ids);
                            return;
                        }
                    }
                });
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            while (receipts.size() < 6000 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            server.kill9();
            stop.set(true);
            pool.shutdown();
            assertTrue(pool.awaitTermination(2, TimeUnit.MINUTES));
            int receipted = receipts.size();
            assertTrue(receipted >= 1000, "load ran before the kill: " + receipted);

            server.start(Duration.ofMinutes(3));
            Path export = base.resolve("export.jsonl");
            assertEquals(
                    200, server.as("auditor").download("/ledger/export", export).statusCode());
            Map<String, Map<String, Object>> stored = new ConcurrentHashMap<>();
            for (String line : Files.readAllLines(export)
                    .subList(1, Files.readAllLines(export).size())) {
                Map<String, Object> entry = Json.parseObject(line);
                stored.put((String) entry.get("event_id"), entry);
            }
            for (Map.Entry<String, Map<String, Object>> r : receipts.entrySet()) {
                Map<String, Object> entry = stored.get(r.getKey());
                assertTrue(
                        entry != null,
                        "receipted event lost: seq " + r.getValue().get("seq"));
                assertEquals(((Number) r.getValue().get("seq")).longValue(), ((Number) entry.get("seq")).longValue());
                assertEquals(r.getValue().get("chain_hash"), entry.get("chain_hash"));
            }
            int replayedBatches = 0;
            for (List<String> batch : unreceipted) {
                long present = batch.stream().filter(stored::containsKey).count();
                assertTrue(present == 0 || present == batch.size(), "a request was half appended: " + present);
                replayedBatches += present > 0 ? 1 : 0;
            }
            VerifyCli.Run run = VerifyCli.run("ledger", export.toString());
            assertEquals(0, run.exitCode(), run.output());
            String replayed = server.logLines().stream()
                    .filter(l -> l.contains("VELLUM-0102"))
                    .findFirst()
                    .orElse("no journal replay was needed");
            System.out.printf(
                    "DurabilityIT: %d receipted events before SIGKILL, all present after restart; %d of %d"
                            + " unreceipted requests had been appended whole; %s%n",
                    receipted, replayedBatches, unreceipted.size(), replayed);
        }
    }
}
