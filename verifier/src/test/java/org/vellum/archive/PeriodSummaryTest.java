package org.vellum.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.vellum.canonical.CanonicalJson;

class PeriodSummaryTest {
    private static byte[] body(String type, String task, String node, String extra) {
        return ("{\"event\":{\"node\":\"" + node + "\",\"task_id\":\"" + task + "\",\"type\":\"" + type + "\"}" + extra
                        + ",\"policy\":\"1\",\"received_at\":\"2026-11-25T08:00:00.000Z\"}")
                .getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void countsLifecycleMinimizationAndFlags() {
        PeriodSummary s = new PeriodSummary();
        for (String type : new String[] {
            "task.created",
            "anonymization.started",
            "anonymization.completed",
            "correction.applied",
            "result.approved",
            "result.exported"
        }) {
            s.add(body(type, "T-1", "anon-1", ""));
        }
        s.add(body(
                "task.created",
                "T-2",
                "anon-1",
                ",\"minimized\":{\"pseudonymized\":[\"user\"],\"removed\":[\"client_ip\"]}"));
        s.add(body(
                "result.approved",
                "T-3",
                "anon-2",
                ",\"flags\":[\"clock_skew_ahead\"],\"minimized\":{\"redacted\":{\"email\":2}}"));
        Map<String, Object> json = s.toJson();
        assertEquals(8L, json.get("entries"));
        assertEquals(
                "{\"complete\":1,\"corrected\":1,\"incomplete\":1,\"started_before_period\":1,\"tasks\":3}",
                CanonicalJson.string(json.get("lifecycle")));
        assertEquals(
                "{\"entries_minimized\":2,\"pseudonymized\":{\"user\":1},\"redacted\":{\"email\":2},\"removed\":{\"client_ip\":1}}",
                CanonicalJson.string(json.get("minimization")));
        assertEquals(
                "{\"anon-2\":{\"clock_skew_ahead\":1}}", CanonicalJson.string(json.get("clock_skew_flags_by_node")));
    }

    @Test
    void manyTasksGrowTheTableWithoutLosingAny() {
        PeriodSummary s = new PeriodSummary();
        for (int i = 0; i < 50_000; i++) {
            s.add(body("task.created", "T-" + i, "n", ""));
        }
        assertEquals(
                "{\"complete\":0,\"corrected\":0,\"incomplete\":50000,\"started_before_period\":0,\"tasks\":50000}",
                CanonicalJson.string(s.toJson().get("lifecycle")));
    }
}
