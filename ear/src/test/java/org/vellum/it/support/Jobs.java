package org.vellum.it.support;

import java.net.http.HttpResponse;
import java.util.Map;
import java.util.Set;

/** Waits for job executions over REST: a bounded poll that fails on timeout. */
public final class Jobs {
    private static final Set<String> ENDED = Set.of("COMPLETED", "FAILED", "STOPPED", "ABANDONED");

    private Jobs() {}

    public static long start(Api admin, String body) {
        return start(admin, "nightly-archive", body);
    }

    public static long start(Api admin, String job, String body) {
        HttpResponse<String> r = admin.post("/jobs/" + job, body);
        if (r.statusCode() != 202) {
            throw new AssertionError("starting the job answered " + r.statusCode() + ": " + r.body());
        }
        return ((Number) Api.object(r).get("execution_id")).longValue();
    }

    public static Map<String, Object> execution(Api admin, long id) {
        HttpResponse<String> r = admin.get("/jobs/executions/" + id);
        if (r.statusCode() != 200) {
            throw new AssertionError("GET execution " + id + " answered " + r.statusCode() + ": " + r.body());
        }
        return Api.object(r);
    }

    public static Map<String, Object> awaitEnd(Api admin, long id, long timeoutSeconds) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutSeconds * 1_000_000_000L;
        while (System.nanoTime() < deadline) {
            Map<String, Object> e = execution(admin, id);
            if (ENDED.contains((String) e.get("status"))) {
                return e;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("execution " + id + " did not end within " + timeoutSeconds + " s");
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> accounting(Map<String, Object> execution) {
        return (Map<String, Object>) ((Map<String, Object>) execution.get("collection")).get("accounting");
    }

    public static long count(Map<String, Object> accounting, String name) {
        return ((Number) accounting.get(name)).longValue();
    }
}
