package org.vellum.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
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
import org.vellum.it.support.VerifyCli;

/** Many producers at once still make one total order: gap-free, no seq twice, a chain that verifies. */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class ConcurrentBurstIT {
    private static final int THREADS = 8;
    private static final int REQUESTS_PER_THREAD = 25;
    private static final int EVENTS_PER_REQUEST = 50;

    @Deployment(testable = false)
    static EnterpriseArchive appliance() {
        return Deployments.appliance();
    }

    @ArquillianResource
    URL url;

    @TempDir
    Path tmp;

    @Test
    void aConcurrentBurstYieldsAGapFreeVerifiableChain() throws Exception {
        URI base = URI.create(url.toString()).resolve("/");
        Api producer = Api.as("producer", base);
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        List<Future<List<Map<String, Object>>>> futures = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            boolean singles = t == 0;
            futures.add(pool.submit(() -> {
                List<Map<String, Object>> receipts = new ArrayList<>();
                for (int r = 0; r < REQUESTS_PER_THREAD; r++) {
                    if (singles) {
                        // One producer sends single events, interleaving with the others' batches.
                        HttpResponse<String> response =
                                producer.post("/events", SampleEvents.taskOpened(UUID.randomUUID()));
                        assertEquals(200, response.statusCode(), response.body());
                        receipts.add(Api.object(response));
                        continue;
                    }
                    List<String> batch = new ArrayList<>();
                    for (int i = 0; i < EVENTS_PER_REQUEST; i++) {
                        batch.add(
                                i % 2 == 0
                                        ? SampleEvents.anonymizationStarted(UUID.randomUUID())
                                        : SampleEvents.correctionApplied(UUID.randomUUID()));
                    }
                    HttpResponse<String> response = producer.post("/events", Api.jsonArray(batch));
                    assertEquals(200, response.statusCode(), response.body());
                    receipts.addAll(Api.array(response));
                }
                return receipts;
            }));
        }
        TreeSet<Long> seqs = new TreeSet<>();
        int total = 0;
        for (Future<List<Map<String, Object>>> f : futures) {
            for (Map<String, Object> receipt : f.get(5, TimeUnit.MINUTES)) {
                assertTrue(seqs.add(((Number) receipt.get("seq")).longValue()), "a seq was handed out twice");
                total++;
            }
        }
        pool.shutdown();
        int expected = REQUESTS_PER_THREAD + (THREADS - 1) * REQUESTS_PER_THREAD * EVENTS_PER_REQUEST;
        assertEquals(expected, total);
        assertEquals(expected, seqs.last() - seqs.first() + 1, "the burst's entries are contiguous: no gaps");

        Path export = tmp.resolve("ledger.jsonl");
        Api.as("auditor", base).download("/ledger/export", export);
        VerifyCli.Run run = VerifyCli.run("ledger", export.toString());
        assertEquals(0, run.exitCode(), run.output());
    }
}
