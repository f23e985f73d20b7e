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
import java.util.UUID;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.OperateOnDeployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.vellum.event.SampleEvents;
import org.vellum.it.support.Api;
import org.vellum.it.support.Deployments;
import org.vellum.it.support.Probe;
import org.vellum.it.support.TestUsers;

/** Who may do what: every endpoint needs a role, programs get problem details, browsers get a login form. */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class AccessIT {

    @Deployment(name = "appliance", testable = false, order = 1)
    static EnterpriseArchive appliance() {
        return Deployments.appliance();
    }

    @Deployment(name = "probe", testable = false, order = 2)
    static WebArchive probe() {
        return Probe.deployment();
    }

    @ArquillianResource
    @OperateOnDeployment("appliance")
    URL url;

    private URI base() {
        return Deployments.serverRoot(url);
    }

    private static void assertUnauthenticated(HttpResponse<String> response) {
        assertEquals(401, response.statusCode(), response.body());
        assertTrue(response.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Basic realm=\"Vellum\""));
        assertEquals("unauthenticated", Api.object(response).get("code"));
    }

    @Test
    void withoutCredentialsTheApiAnswers401WithABasicChallenge() {
        Api anonymous = Api.anonymous(base());
        assertUnauthenticated(anonymous.get("/ledger/head"));
        assertUnauthenticated(anonymous.get("/ledger/export"));
        assertUnauthenticated(anonymous.get("/system"));
        assertUnauthenticated(anonymous.post("/events", SampleEvents.taskOpened(UUID.randomUUID())));
    }

    @Test
    void aWrongPasswordIsRefused() {
        HttpResponse<String> response = Api.as("producer", "not-the-password", base())
                .post("/events", SampleEvents.taskOpened(UUID.randomUUID()));
        assertEquals(401, response.statusCode());
        assertEquals(
                401,
                Api.as("nobody", "whatever-password", base())
                        .get("/ledger/head")
                        .statusCode());
    }

    @Test
    void eachRoleReachesItsEndpointsOnly() {
        URI b = base();
        assertForbidden(Api.as("producer", b).get("/ledger/head"));
        assertForbidden(Api.as("producer", b).get("/ledger/export"));
        assertForbidden(Api.as("auditor", b).post("/events", SampleEvents.taskOpened(UUID.randomUUID())));
        assertForbidden(Api.as("admin", b).post("/events", SampleEvents.taskOpened(UUID.randomUUID())));
        assertForbidden(Api.as("archivist", b).get("/ledger/head"));
        assertForbidden(Api.as("auditor", b).get("/system"));

        assertEquals(
                200,
                Api.as("producer", b)
                        .post("/events", SampleEvents.taskOpened(UUID.randomUUID()))
                        .statusCode());
        assertEquals(200, Api.as("auditor", b).get("/ledger/head").statusCode());
        assertEquals(200, Api.as("compliance-officer", b).get("/ledger/head").statusCode());
        assertEquals(200, Api.as("archivist", b).get("/ledger/export").statusCode());
        assertEquals(200, Api.as("admin", b).get("/system").statusCode());
    }

    private static void assertForbidden(HttpResponse<String> response) {
        assertEquals(403, response.statusCode(), response.body());
        assertEquals(
                "application/problem+json",
                response.headers().firstValue("Content-Type").orElse(""));
    }

    @Test
    void browsersSignInThroughTheLoginForm() throws Exception {
        HttpClient browser = HttpClient.newBuilder()
                .cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
        URI index = base().resolve("/vellum/");
        HttpResponse<String> loginPage =
                browser.send(HttpRequest.newBuilder(index).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, loginPage.statusCode());
        assertTrue(loginPage.body().contains("j_security_check"), loginPage.body());
        // another site can neither frame the pages nor post with the session cookie
        assertEquals("DENY", loginPage.headers().firstValue("X-Frame-Options").orElse(""));
        assertEquals(
                "frame-ancestors 'none'",
                loginPage.headers().firstValue("Content-Security-Policy").orElse(""));
        List<String> cookies = loginPage.headers().allValues("Set-Cookie");
        assertTrue(
                cookies.stream().anyMatch(c -> c.startsWith("JSESSIONID=") && c.contains("SameSite=Strict")),
                cookies.toString());

        String form = "j_username=auditor&j_password="
                + URLEncoder.encode(TestUsers.load().getProperty("auditor"), StandardCharsets.UTF_8);
        HttpResponse<String> signedIn = browser.send(
                HttpRequest.newBuilder(base().resolve("/vellum/j_security_check"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(form))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, signedIn.statusCode());
        assertTrue(signedIn.body().contains("Signed in as <strong>auditor</strong>"), signedIn.body());
        assertEquals("DENY", signedIn.headers().firstValue("X-Frame-Options").orElse(""), "the console's pages too");

        // The session now carries the identity to the API, with the auditor's rights and no more.
        HttpResponse<String> head = browser.send(
                HttpRequest.newBuilder(base().resolve("/vellum/api/v1/ledger/head"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, head.statusCode(), head.body());
    }

    @Test
    void passwordsAreStoredAsBcryptHashesOnly() {
        String hash = new Probe(base()).call("password-hash", "user", "producer");
        assertTrue(hash.startsWith("$2a$10$"), hash);
        assertEquals(60, hash.length());
        assertFalse(hash.contains(TestUsers.load().getProperty("producer")));
    }
}
