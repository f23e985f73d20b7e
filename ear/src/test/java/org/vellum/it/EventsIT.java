package org.vellum.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
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
import org.vellum.it.support.VerifyCli;
import org.vellum.ledger.Hashes;

/** Producers' events over REST, end to end: receipts, minimized storage, duplicates, bad input, the export. */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class EventsIT {

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

    private Api producer() {
        return Api.as("producer", base());
    }

    private Api auditor() {
        return Api.as("auditor", base());
    }

    private static long longOf(Object n) {
        return ((Number) n).longValue();
    }

    @Test
    void everyTypeIsAppendedChainedAndStoredWithoutPersonalData() {
        List<String> events = SampleEvents.everyType();
        long headBefore = longOf(Api.object(auditor().get("/ledger/head")).get("seq"));
        byte[] previous = Hashes.fromHex(
                (String) Api.object(auditor().get("/ledger/head")).get("chain_hash"), 32);

        HttpResponse<String> response = producer().post("/events", Api.jsonArray(events));
        assertEquals(200, response.statusCode(), response.body());
        List<Map<String, Object>> receipts = Api.array(response);
        assertEquals(events.size(), receipts.size());

        MessageDigest md = Hashes.sha256();
        for (int i = 0; i < receipts.size(); i++) {
            Map<String, Object> r = receipts.get(i);
            assertEquals(headBefore + 1 + i, longOf(r.get("seq")), "receipts are gap-free and in request order");
            assertEquals(false, r.get("duplicate"));
            byte[] leaf = Hashes.fromHex((String) r.get("leaf_hash"), 32);
            byte[] chain = Hashes.fromHex((String) r.get("chain_hash"), 32);
            assertArrayEquals(Hashes.chain(md, previous, leaf), chain, "chain_hash(n) = H(chain_hash(n-1) || leaf)");
            previous = chain;

            HttpResponse<String> stored = auditor().get("/events/" + r.get("event_id"));
            assertEquals(200, stored.statusCode());
            for (String personal : SampleEvents.PERSONAL_DATA) {
                assertFalse(
                        stored.body().contains(personal),
                        () -> "stored entry keeps " + personal + ": " + stored.body());
            }
            assertEquals(r.get("leaf_hash"), Api.object(stored).get("leaf_hash"));
        }

        Map<String, Object> created = body(receipts.get(0));
        @SuppressWarnings("unchecked")
        Map<String, Object> createdEvent = (Map<String, Object>) created.get("event");
        assertTrue(((String) createdEvent.get("user")).startsWith("ps:"), "e-mail identity is pseudonymized");
        assertEquals(
                Map.of("removed", List.of("client_ip", "exif", "original_filename"), "pseudonymized", List.of("user")),
                created.get("minimized"));
        Map<String, Object> unknown = body(receipts.get(receipts.size() - 1));
        @SuppressWarnings("unchecked")
        Map<String, Object> unknownEvent = (Map<String, Object>) unknown.get("event");
        assertEquals(
                List.of("event_id", "node", "task_id", "ts", "type", "user"), new ArrayList<>(unknownEvent.keySet()));
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> body(Map<String, Object> receipt) {
        return (Map<String, Object>)
                Api.object(auditor().get("/events/" + receipt.get("event_id"))).get("body");
    }

    @Test
    void aRepeatedEventIdGetsTheOriginalReceiptAndAppendsNothing() {
        String event = SampleEvents.resultApproved(UUID.randomUUID());
        Map<String, Object> first = Api.object(producer().post("/events", event));
        Map<String, Object> head = Api.object(auditor().get("/ledger/head"));
        HttpResponse<String> again = producer().post("/events", event.replace("\"ok,", "\"changed,"));
        assertEquals(200, again.statusCode());
        Map<String, Object> second = Api.object(again);
        assertEquals(true, second.get("duplicate"));
        assertEquals(first.get("seq"), second.get("seq"));
        assertEquals(first.get("chain_hash"), second.get("chain_hash"));
        assertEquals(head, Api.object(auditor().get("/ledger/head")));
    }

    @Test
    void badItemsAreNamedAndNeverBlockTheGoodOnes() {
        String good1 = SampleEvents.taskOpened(UUID.randomUUID());
        String missing = SampleEvents.taskOpened(UUID.randomUUID()).replace(",\"user\":\"u-1042\"", "");
        String badType = SampleEvents.anonymizationStarted(UUID.randomUUID()).replace("blur_all", "blur_everything");
        String noOffset = SampleEvents.resultApproved(UUID.randomUUID()).replace("14:09:00.000Z", "14:09:00.000");
        String notAudit = "{\"level\":\"INFO\",\"msg\":\"cache warmed\"}";
        String good2 = SampleEvents.configChanged(UUID.randomUUID());

        HttpResponse<String> response =
                producer().post("/events", Api.jsonArray(List.of(good1, missing, badType, noOffset, notAudit, good2)));
        assertEquals(422, response.statusCode(), response.body());
        assertEquals(
                "application/problem+json",
                response.headers().firstValue("Content-Type").orElse(""));
        Map<String, Object> problem = Api.object(response);
        assertEquals("events-rejected", problem.get("code"));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> errors = (List<Map<String, Object>>) problem.get("errors");
        assertEquals(
                List.of(1L, 2L, 3L, 4L),
                errors.stream().map(e -> longOf(e.get("index"))).toList());
        assertEquals(
                List.of("missing-field", "bad-field-type", "timestamp-without-offset", "not-an-audit-event"),
                errors.stream().map(e -> e.get("code")).toList());
        assertEquals(
                List.of("user", "operation", "ts", "type"),
                errors.stream().map(e -> e.get("field")).toList());
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> receipts = (List<Map<String, Object>>) problem.get("receipts");
        assertEquals(
                List.of(0L, 5L),
                receipts.stream().map(r -> longOf(r.get("index"))).toList());
        assertEquals(
                longOf(receipts.get(0).get("seq")) + 1, longOf(receipts.get(1).get("seq")));
        for (Map<String, Object> r : receipts) {
            assertEquals(200, auditor().get("/events/" + r.get("event_id")).statusCode());
        }
        for (Map<String, Object> e : errors.subList(0, 3)) {
            assertEquals(404, auditor().get("/events/" + e.get("event_id")).statusCode());
        }
    }

    @Test
    void unreadableBodiesAreProblems() {
        assertProblem(producer().post("/events", "{\"ts\":"), 400, "invalid-json");
        assertProblem(producer().post("/events", "42"), 400, "invalid-json");
        byte[] latin1 = "{\"type\":\"task.opened\",\"node\":\"K\u00f6ln\"}".getBytes(StandardCharsets.ISO_8859_1);
        assertProblem(producer().post("/events", latin1), 400, "invalid-utf8");
        String tooMany = Api.jsonArray(Collections.nCopies(10_001, "{}"));
        assertProblem(producer().post("/events", tooMany), 413, "too-many-events");
        assertProblem(auditor().get("/events/not-a-uuid"), 400, "invalid-event-id");
        assertProblem(auditor().get("/events/" + UUID.randomUUID()), 404, "event-not-found");
        assertProblem(auditor().get("/ledger/export?from=0"), 400, "invalid-range");
    }

    @Test
    void aFullBatchOfLargeEventsIsTakenAndAnOversizedBodyIsRefused() {
        // 10,000 events of about 1.3 KB each: 13 MB, more than the web server's default cap of 10 MB.
        String padding = "p".repeat(1_000);
        List<String> events = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            String e = SampleEvents.taskCreated(UUID.randomUUID());
            events.add(e.substring(0, e.length() - 1) + ",\"comment\":\"" + padding + "\"}");
        }
        String body = Api.jsonArray(events);
        assertTrue(body.length() > 12_000_000, "a body of " + body.length() + " bytes");
        HttpResponse<String> taken = producer().post("/events", body);
        assertEquals(
                200,
                taken.statusCode(),
                taken.body().substring(0, Math.min(500, taken.body().length())));
        assertEquals(10_000, Api.array(taken).size());

        // Over the documented limit (vellum.ingest.max-request-bytes, 64 MiB): a problem answer, nothing appended.
        long before = ((Number) Api.object(auditor().get("/ledger/head")).get("seq")).longValue();
        byte[] oversized = new byte[64 * 1024 * 1024 + 1];
        Arrays.fill(oversized, (byte) ' ');
        assertProblem(producer().post("/events", oversized), 413, "request-too-large");
        assertEquals(before, ((Number) Api.object(auditor().get("/ledger/head")).get("seq")).longValue());
    }

    private static void assertProblem(HttpResponse<String> response, int status, String code) {
        assertEquals(status, response.statusCode(), response.body());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"));
        assertEquals(code, Api.object(response).get("code"));
    }

    @Test
    void theExportVerifiesWithTheOfflineVerifier() throws Exception {
        producer().post("/events", Api.jsonArray(SampleEvents.everyType()));
        Map<String, Object> head = Api.object(auditor().get("/ledger/head"));
        Path export = tmp.resolve("ledger.jsonl");
        HttpResponse<Path> response = Api.as("archivist", base()).download("/ledger/export", export);
        assertEquals(200, response.statusCode());
        VerifyCli.Run run = VerifyCli.run("ledger", export.toString());
        assertEquals(0, run.exitCode(), run.output());
        assertTrue(run.output().contains("seq 1.." + head.get("seq")), run.output());
        assertTrue(run.output().contains((String) head.get("chain_hash")), run.output());
        assertEquals(1, run.output().strip().lines().count());

        // A partial export verifies from its stated predecessor, pinned by an anchor from an earlier head.
        long seq = longOf(head.get("seq"));
        Path tail = tmp.resolve("tail.jsonl");
        auditor().download("/ledger/export?from=" + (seq - 2) + "&to=" + seq, tail);
        assertEquals(4, Files.readAllLines(tail).size());
        VerifyCli.Run tailRun =
                VerifyCli.run("ledger", tail.toString(), "--anchor", seq + ":" + head.get("chain_hash"));
        assertEquals(0, tailRun.exitCode(), tailRun.output());
    }
}
