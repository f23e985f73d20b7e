package org.vellum.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.vellum.it.support.Api;
import org.vellum.it.support.Jobs;
import org.vellum.it.support.ServerProcess;

/**
 * The persistent timer starts {@code nightly-archive} by itself: a server whose schedule is "every minute" collects
 * the default spool folder without anyone calling the API.
 */
class ScheduleIT {
    @Test
    void theTimerStartsTheNightlyRunOverTheConfiguredSource() throws Exception {
        Path base = Path.of(System.getProperty("jboss.home")).getParent().resolve("schedule-it/standalone");
        try (ServerProcess server = new ServerProcess(base, 500)) {
            Path node = Files.createDirectories(base.resolve("data/vellum/spool/anon-7"));
            StringBuilder lines = new StringBuilder();
            for (int i = 0; i < 25; i++) {
                lines.append("{\"ts\":\"2026-11-25T10:00:")
                        .append(String.format("%02d", i))
                        .append(".000Z\",\"type\":\"task.opened\",\"event_id\":\"")
                        .append(UUID.randomUUID())
                        .append("\",\"node\":\"anon-7\",\"task_id\":\"T-")
                        .append(i)
                        .append("\",\"user\":\"op-1\"}\n")
                        .append("plain log line ")
                        .append(i)
                        .append('\n');
            }
            Files.writeString(node.resolve("audit.log.1"), lines);
            server.start(Duration.ofMinutes(3), List.of("-Dvellum.schedule.nightly-archive=* * * * *"));
            Api admin = server.as("admin");

            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            List<?> items = List.of();
            while (items.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(1000);
                items = (List<?>) Api.object(admin.get("/jobs")).get("items");
            }
            assertTrue(!items.isEmpty(), "the timer started no run within 90 s");
            @SuppressWarnings("unchecked")
            long id = ((Number) ((Map<String, Object>) items.get(items.size() - 1)).get("execution_id")).longValue();
            Map<String, Object> run = Jobs.awaitEnd(admin, id, 120);
            assertEquals("COMPLETED", run.get("status"), run.toString());
            assertEquals(Map.of(), run.get("parameters"), "a scheduled run reads the configured sources");
            Map<String, Object> a = Jobs.accounting(run);
            assertEquals(50, Jobs.count(a, "lines_read"), a.toString());
            assertEquals(25, Jobs.count(a, "appended"), a.toString());
            assertEquals(25, Jobs.count(a, "not_audit"), a.toString());

            // An admin's change outlives a restart and wins over the configured schedule (the system property).
            HttpResponse<String> changed =
                    admin.put("/jobs/schedules/nightly-archive", "{\"cron\":\"0 3 * * *\",\"enabled\":false}");
            assertEquals(200, changed.statusCode(), changed.body());
            server.close();
            server.start(Duration.ofMinutes(3), List.of("-Dvellum.schedule.nightly-archive=* * * * *"));
            Map<String, Object> nightly = schedule(server.as("admin"), "nightly-archive");
            assertEquals("0 3 * * *", nightly.get("cron"), nightly.toString());
            assertEquals(false, nightly.get("enabled"));
            assertEquals("admin", nightly.get("changed_by"));
            assertTrue(!nightly.containsKey("next_run"), "a disabled schedule has no timer after the restart either");
            assertTrue(
                    server.logLines().stream()
                            .anyMatch(l ->
                                    l.contains("VELLUM-0407 nightly-archive is not scheduled (schedule '0 3 * * *',"
                                            + " server time, as an admin set it)")),
                    "the start names the admin's schedule");
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> schedule(Api admin, String job) {
        return ((List<Map<String, Object>>)
                        Api.object(admin.get("/jobs/schedules")).get("items"))
                .stream().filter(s -> job.equals(s.get("job"))).findFirst().orElseThrow();
    }
}
