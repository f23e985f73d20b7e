package org.vellum.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.CookieManager;
import java.net.URI;
import java.net.URL;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.vellum.canonical.Json;
import org.vellum.it.support.Api;
import org.vellum.it.support.Deployments;
import org.vellum.it.support.Jobs;
import org.vellum.it.support.TestUsers;

/**
 * Every admin change is in the ledger: a schedule change is a {@code config.changed} event and a role change a
 * {@code permission.changed} event of the appliance, appended before the change takes effect; a refused change
 * appends nothing.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class AdminChangesIT {
    @Deployment(testable = false)
    static EnterpriseArchive appliance() {
        return Deployments.appliance();
    }

    @ArquillianResource
    URL url;

    private URI base() {
        return Deployments.serverRoot(url);
    }

    private long head() {
        return ((Number) Api.object(Api.as("auditor", base()).get("/ledger/head"))
                        .get("seq"))
                .longValue();
    }

    /** The appliance's entries after {@code after}, as their event bodies. */
    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> eventsAfter(long after) {
        HttpResponse<String> r = Api.as("auditor", base()).get("/ledger/export?from=" + (after + 1));
        assertEquals(200, r.statusCode(), r.body());
        return r.body()
                .lines()
                .skip(1) // the header
                .map(line -> (Map<String, Object>)
                        ((Map<String, Object>) Json.parseObject(line).get("body")).get("event"))
                .toList();
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> schedule(String job) {
        List<Map<String, Object>> items = (List<Map<String, Object>>)
                Api.object(Api.as("admin", base()).get("/jobs/schedules")).get("items");
        return items.stream().filter(s -> job.equals(s.get("job"))).findFirst().orElseThrow();
    }

    @Test
    void aScheduleChangeIsAConfigChangedEventFirst() {
        Api admin = Api.as("admin", base());
        String before = (String) schedule("verify-archives").get("cron");
        long head = head();

        HttpResponse<String> bad = admin.put("/jobs/schedules/verify-archives", "{\"cron\":\"75 4 * * *\"}");
        assertEquals(400, bad.statusCode(), bad.body());
        assertEquals("bad-schedule", Api.object(bad).get("code"));
        HttpResponse<String> never = admin.put("/jobs/schedules/verify-archives", "{\"cron\":\"0 0 31 2 *\"}");
        assertEquals(400, never.statusCode(), never.body());
        assertTrue(Api.object(never).get("detail").toString().contains("never fires"), never.body());
        assertEquals(
                404,
                admin.put("/jobs/schedules/no-such-job", "{\"enabled\":false}").statusCode());
        assertEquals(head, head(), "a refused change appends nothing");

        HttpResponse<String> r = admin.put("/jobs/schedules/verify-archives", "{\"cron\":\"15  4 * * 1-5\"}");
        assertEquals(200, r.statusCode(), r.body());
        Map<String, Object> changed = Api.object(r);
        assertEquals("15 4 * * 1-5", changed.get("cron"));
        assertEquals("admin", changed.get("changed_by"));
        assertTrue(changed.containsKey("next_run"), changed.toString());
        assertEquals(changed.get("cron"), schedule("verify-archives").get("cron"));

        List<Map<String, Object>> events = eventsAfter(head);
        assertEquals(1, events.size(), events.toString());
        Map<String, Object> e = events.get(0);
        assertEquals("config.changed", e.get("type"));
        assertTrue(((String) e.get("node")).startsWith("vellum/"), e.toString());
        assertEquals("admin", e.get("admin"));
        assertEquals("vellum.schedule.verify-archives", e.get("key"));
        assertEquals(before, e.get("value_before"));
        assertEquals("15 4 * * 1-5", e.get("value_after"));

        long afterCron = head();
        Map<String, Object> off = Api.object(admin.put("/jobs/schedules/verify-archives", "{\"enabled\":false}"));
        assertEquals(false, off.get("enabled"));
        assertFalse(off.containsKey("next_run"), "a disabled schedule has no timer: " + off);
        Map<String, Object> offEvent = eventsAfter(afterCron).get(0);
        assertEquals("vellum.schedule.verify-archives.enabled", offEvent.get("key"));
        assertEquals(true, offEvent.get("value_before"));
        assertEquals(false, offEvent.get("value_after"));

        long same = head();
        assertEquals(
                200,
                admin.put("/jobs/schedules/verify-archives", "{\"enabled\":false}")
                        .statusCode());
        assertEquals(same, head(), "setting what is in force appends nothing");
        admin.put("/jobs/schedules/verify-archives", "{\"cron\":\"" + before + "\",\"enabled\":true}");
        assertEquals(before, schedule("verify-archives").get("cron"));
        assertEquals(same + 2, head(), "putting both back is two changes");
    }

    @Test
    @SuppressWarnings("unchecked")
    void aRoleChangeIsAPermissionChangedEventAndTakesEffectAtTheNextSignIn() {
        Api admin = Api.as("admin", base());
        Api auditor = Api.as("auditor", base());
        assertEquals(403, auditor.get("/storage/targets").statusCode());
        long head = head();

        HttpResponse<String> granted =
                admin.put("/users/auditor/roles", "{\"roles\":[\"auditor\",\"archivist\"],\"reason\":\"tape week\"}");
        assertEquals(200, granted.statusCode(), granted.body());
        assertEquals(List.of("archivist", "auditor"), Api.object(granted).get("roles"));
        assertEquals(200, auditor.get("/storage/targets").statusCode(), "the new role holds at the next sign-in");

        Map<String, Object> e = eventsAfter(head).get(0);
        assertEquals("permission.changed", e.get("type"));
        assertEquals("admin", e.get("admin"));
        assertEquals("auditor", e.get("subject"));
        assertEquals("auditor", e.get("role_before"));
        assertEquals("archivist,auditor", e.get("role_after"));
        assertEquals("tape week", e.get("reason"));

        assertEquals(
                200,
                admin.put("/users/auditor/roles", "{\"roles\":[\"auditor\"]}").statusCode());
        assertEquals(403, auditor.get("/storage/targets").statusCode(), "and is gone once revoked");

        long before = head();
        HttpResponse<String> last = admin.put("/users/admin/roles", "{\"roles\":[\"auditor\"]}");
        assertEquals(409, last.statusCode(), last.body());
        assertEquals("last-admin", Api.object(last).get("code"));
        HttpResponse<String> unknown = admin.put("/users/auditor/roles", "{\"roles\":[\"root\"]}");
        assertEquals("unknown-role", Api.object(unknown).get("code"));
        assertEquals(before, head(), "refused changes append nothing");

        List<Map<String, Object>> users = (List<Map<String, Object>>)
                Api.object(admin.get("/users?limit=2")).get("items");
        assertEquals(2, users.size(), "the user list pages");
    }

    /** Starting a job is an admin action: in the ledger before the job runs; a request for nothing appends nothing. */
    @Test
    void aJobStartIsAnAdminActionInTheLedgerFirst() throws Exception {
        Api admin = Api.as("admin", base());
        long head = head();
        assertEquals(404, admin.post("/jobs/executions/999999999/stop", "").statusCode());
        assertEquals(404, admin.post("/jobs/no-such-job", "").statusCode());
        assertEquals(head, head(), "requests that name nothing append nothing");

        long execution = Jobs.start(admin, "verify-archives", "");
        Map<String, Object> action = eventsAfter(head).get(0);
        assertEquals("admin.action", action.get("type"));
        assertEquals("admin", action.get("admin"));
        assertEquals("job.start", action.get("action"));
        assertEquals("verify-archives", action.get("target"));
        assertTrue(((String) action.get("node")).startsWith("vellum/"), action.toString());
        Jobs.awaitEnd(admin, execution, 120);
    }

    /** A browser session keeps the roles it signed in with; a role change ends the account's sessions. */
    @Test
    void aRoleChangeEndsTheAccountsOpenSessions() throws Exception {
        HttpClient browser = HttpClient.newBuilder()
                .cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
        signIn(browser, "auditor");
        HttpRequest targets = HttpRequest.newBuilder(base().resolve("/vellum/api/v1/storage/targets"))
                .build();
        assertEquals(
                403, browser.send(targets, HttpResponse.BodyHandlers.ofString()).statusCode());
        Api admin = Api.as("admin", base());
        try {
            assertEquals(
                    200,
                    admin.put("/users/auditor/roles", "{\"roles\":[\"auditor\",\"archivist\"]}")
                            .statusCode());
            assertEquals(
                    401,
                    browser.send(targets, HttpResponse.BodyHandlers.ofString()).statusCode(),
                    "the session that signed in before the change is over");
            signIn(browser, "auditor");
            assertEquals(
                    200,
                    browser.send(targets, HttpResponse.BodyHandlers.ofString()).statusCode());
            assertEquals(
                    200,
                    admin.put("/users/auditor/roles", "{\"roles\":[\"auditor\"]}")
                            .statusCode());
            assertEquals(
                    401,
                    browser.send(targets, HttpResponse.BodyHandlers.ofString()).statusCode(),
                    "a revoked role does not live on in an open session");
        } finally {
            admin.put("/users/auditor/roles", "{\"roles\":[\"auditor\"]}");
        }
    }

    private void signIn(HttpClient browser, String user) throws Exception {
        browser.send(
                HttpRequest.newBuilder(base().resolve("/vellum/")).build(), HttpResponse.BodyHandlers.discarding());
        String form = "j_username=" + user + "&j_password="
                + URLEncoder.encode(TestUsers.load().getProperty(user), StandardCharsets.UTF_8);
        HttpResponse<String> r = browser.send(
                HttpRequest.newBuilder(base().resolve("/vellum/j_security_check"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(form))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertTrue(r.body().contains("Signed in as <strong>" + user + "</strong>"), r.body());
    }
}
