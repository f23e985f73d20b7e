package org.vellum.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.Stream;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.vellum.canonical.Json;
import org.vellum.event.SampleEvents;
import org.vellum.it.support.Api;
import org.vellum.it.support.Browser;
import org.vellum.it.support.Deployments;
import org.vellum.it.support.TestUsers;

/**
 * The admin console in real headless Chromium: each role signs in and sees only its pages; an admin starts the
 * nightly run and watches it finish; a compliance officer downloads an attestation whose bytes are the archive's; an
 * admin edits a schedule and an auditor finds the change in the ledger through the event lookup. Screenshots of the
 * dashboard and the archive page go to {@code target/screenshots}.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BrowserIT {
    /** The console's pages by role: the navigation each role must see, and nothing more. */
    private static final Map<String, List<String>> PAGES = new LinkedHashMap<>();

    static {
        PAGES.put("admin", List.of("dashboard", "schedules", "jobs", "archives", "tapes", "users"));
        PAGES.put("producer", List.of());
        PAGES.put(
                "compliance-officer",
                List.of("dashboard", "schedules", "jobs", "archives", "events", "quarantine", "tapes"));
        PAGES.put("archivist", List.of("dashboard", "jobs", "archives", "tapes"));
        PAGES.put("auditor", List.of("dashboard", "archives", "events", "tapes"));
    }

    private static final List<String> ALL =
            List.of("dashboard", "schedules", "jobs", "archives", "events", "quarantine", "tapes", "users");

    @Deployment(testable = false)
    static EnterpriseArchive appliance() {
        return Deployments.appliance();
    }

    @ArquillianResource
    URL url;

    @TempDir
    Path home;

    private static Properties passwords;

    @BeforeAll
    static void installed() {
        Browser.requireInstalled();
        passwords = TestUsers.load();
    }

    private URI base() {
        return Deployments.serverRoot(url);
    }

    private Browser signedIn(String role) {
        Browser b = new Browser(base(), home.resolve(role + "-" + UUID.randomUUID()));
        b.signIn(role, passwords.getProperty(role));
        return b;
    }

    @Test
    @Order(1)
    void eachRoleSeesOnlyItsPagesAndIsRefusedTheOthers() {
        for (var role : PAGES.entrySet()) {
            try (Browser b = signedIn(role.getKey())) {
                assertEquals(role.getKey(), b.text(By.id("signed-in")));
                List<String> nav = b.all(By.cssSelector("header nav a")).stream()
                        .map(a -> a.getAttribute("id").replace("nav-", ""))
                        .toList();
                assertEquals(role.getValue(), nav, role.getKey() + "'s navigation");
                for (String page : ALL) {
                    b.open("/vellum/console/" + page + ".xhtml");
                    boolean shown = !b.all(By.id("signed-in")).isEmpty();
                    assertEquals(
                            role.getValue().contains(page),
                            shown,
                            role.getKey() + " on " + page + ": " + b.text(By.tagName("body")));
                }
                if (role.getValue().isEmpty()) {
                    b.open("/vellum/");
                    assertTrue(b.text(By.id("no-pages")).contains("no page for its role"));
                }
            }
        }
    }

    @Test
    @Order(2)
    void anAdminStartsTheNightlyRunAndWatchesItFinish() {
        Api producer = Api.as("producer", base());
        List<String> events = Stream.generate(UUID::randomUUID)
                .limit(20)
                .map(SampleEvents::taskOpened)
                .toList();
        assertEquals(200, producer.post("/events", Api.jsonArray(events)).statusCode());

        try (Browser b = signedIn("admin")) {
            b.open("/vellum/console/jobs.xhtml");
            b.driver()
                    .findElement(By.cssSelector("input.start-nightly-archive"))
                    .click();
            b.await(Duration.ofSeconds(30), () -> !b.all(By.cssSelector(".messages .info"))
                    .isEmpty());
            String started = b.text(By.cssSelector(".messages .info"));
            assertTrue(started.startsWith("nightly-archive started: execution "), started);
            String id = started.substring(started.lastIndexOf(' ') + 1);
            // the page refreshes itself while a run is on; nobody reloads it here
            boolean[] sawProgress = {false};
            b.await(Duration.ofSeconds(240), () -> rowOf(b, id)
                    .map(r -> {
                        sawProgress[0] |=
                                !r.findElements(By.tagName("progress")).isEmpty();
                        return r.findElement(By.cssSelector(".status"))
                                .getText()
                                .equals("COMPLETED");
                    })
                    .orElse(false));
            b.open("/vellum/console/jobs.xhtml"); // nothing runs now: the page stays put while it is read
            String row = rowOf(b, id).orElseThrow().getText();
            for (String step : List.of("collect", "verify", "seal", "package", "attest", "verify-archive", "store")) {
                assertTrue(row.contains(step + " COMPLETED"), step + " in " + row);
            }
            assertTrue(row.contains("commit "), "the steps' counts are shown: " + row);
            assertTrue(
                    rowOf(b, id)
                            .orElseThrow()
                            .findElements(By.tagName("progress"))
                            .isEmpty(),
                    "no bar once done");
            if (!sawProgress[0]) {
                System.err.println("BrowserIT: the run ended before the page showed it running; progress bar not seen");
            }
        }
    }

    private static java.util.Optional<WebElement> rowOf(Browser b, String executionId) {
        return b.all(By.cssSelector("tr.execution")).stream()
                .filter(r ->
                        r.findElement(By.cssSelector(".execution-id")).getText().equals(executionId))
                .findFirst();
    }

    @Test
    @Order(3)
    void aComplianceOfficerDownloadsAnAttestationWhoseBytesAreTheArchivesOwn() throws Exception {
        try (Browser b = signedIn("compliance-officer")) {
            b.open("/vellum/console/archives.xhtml");
            WebElement newest = b.all(By.cssSelector("tr.archive")).get(0);
            String seal = newest.findElement(By.cssSelector(".seal")).getText();
            newest.findElement(By.cssSelector("a.download-attestation")).click();
            b.await(Duration.ofSeconds(60), () -> pdfs(b).size() == 1);
            Path pdf = pdfs(b).get(0);
            byte[] bytes = Files.readAllBytes(pdf);
            assertArrayEquals("%PDF-".getBytes(), java.util.Arrays.copyOf(bytes, 5));

            Map<String, Object> archive = Api.object(Api.as("auditor", base()).get("/archives/" + seal));
            @SuppressWarnings("unchecked")
            Map<String, Object> attestation = (Map<String, Object>) archive.get("attestation");
            assertEquals(((Number) attestation.get("size")).longValue(), bytes.length);
            assertEquals(
                    attestation.get("sha256"),
                    HexFormat.of()
                            .formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)),
                    "the downloaded attestation is the one the archive records");

            b.open("/vellum/console/archives.xhtml");
            b.all(By.cssSelector("tr.archive"))
                    .get(0)
                    .findElement(By.cssSelector("input.verify"))
                    .click();
            b.await(Duration.ofSeconds(60), () -> !b.all(By.cssSelector(".messages li"))
                    .isEmpty());
            assertTrue(b.text(By.cssSelector(".messages")).contains("archive " + seal + " is intact"));
        }
    }

    private static List<Path> pdfs(Browser b) {
        try (Stream<Path> files = Files.list(b.downloads())) {
            return files.filter(f -> f.toString().endsWith(".pdf")).toList();
        } catch (java.io.IOException e) {
            return List.of();
        }
    }

    @Test
    @Order(4)
    void anAdminEditsAScheduleAndAnAuditorFindsTheChangeInTheLedger() {
        long head;
        try (Browser b = signedIn("admin")) {
            b.open("/vellum/console/schedules.xhtml");
            WebElement row = b.all(By.cssSelector("#schedules\\:table tbody tr")).stream()
                    .filter(r -> r.findElement(By.cssSelector(".job")).getText().equals("retention-purge"))
                    .findFirst()
                    .orElseThrow();
            WebElement cron = row.findElement(By.cssSelector("input[type=text]"));
            cron.clear();
            cron.sendKeys("45 5 * * 0");
            head = ((Number) Api.object(Api.as("auditor", base()).get("/ledger/head"))
                            .get("seq"))
                    .longValue();
            row.findElement(By.cssSelector("input[type=submit]")).click();
            b.await(Duration.ofSeconds(30), () -> !b.all(By.cssSelector(".messages li"))
                    .isEmpty());
            assertTrue(b.text(By.cssSelector(".messages")).contains("retention-purge: '45 5 * * 0', enabled"));
        }
        HttpResponse<String> export = Api.as("auditor", base()).get("/ledger/export?from=" + (head + 1));
        String line = export.body().lines().skip(1).findFirst().orElseThrow();
        String eventId = (String) Json.parseObject(line).get("event_id");

        try (Browser b = signedIn("auditor")) {
            b.open("/vellum/console/events.xhtml?q=" + eventId);
            String found = b.text(By.id("hits"));
            assertTrue(found.contains("config.changed"), found);
            assertTrue(found.contains("\"key\":\"vellum.schedule.retention-purge\""), found);
            assertTrue(found.contains("\"value_after\":\"45 5 * * 0\""), found);
            assertTrue(found.contains("\"admin\":\"admin\""), found);
        }
    }

    @Test
    @Order(5)
    void anAdminGrantsARoleOnTheUsersPageAndTheLedgerHasItFirst() {
        Api auditorApi = Api.as("auditor", base());
        long head = ((Number) Api.object(auditorApi.get("/ledger/head")).get("seq")).longValue();
        try (Browser b = signedIn("admin")) {
            b.open("/vellum/console/users.xhtml");
            WebElement row = b.all(By.cssSelector("tr.user")).stream()
                    .filter(r ->
                            r.findElement(By.cssSelector(".name")).getText().equals("auditor"))
                    .findFirst()
                    .orElseThrow();
            row.findElement(By.cssSelector("input[type=checkbox][value=archivist]"))
                    .click();
            row.findElement(By.cssSelector("input[type=text]")).sendKeys("tape week");
            row.findElement(By.cssSelector("input[type=submit]")).click();
            b.await(Duration.ofSeconds(30), () -> !b.all(By.cssSelector(".messages li"))
                    .isEmpty());
            assertTrue(b.text(By.cssSelector(".messages")).contains("auditor now has archivist, auditor"));
        }
        try {
            String line = auditorApi
                    .get("/ledger/export?from=" + (head + 1))
                    .body()
                    .lines()
                    .skip(1)
                    .findFirst()
                    .orElseThrow();
            @SuppressWarnings("unchecked")
            Map<String, Object> event = (Map<String, Object>)
                    ((Map<String, Object>) Json.parseObject(line).get("body")).get("event");
            assertEquals("permission.changed", event.get("type"));
            assertEquals("auditor", event.get("role_before"));
            assertEquals("archivist,auditor", event.get("role_after"));
            assertEquals("tape week", event.get("reason"));
            assertEquals(
                    200, auditorApi.get("/storage/targets").statusCode(), "the granted role holds at the next sign-in");
        } finally {
            Api.as("admin", base()).put("/users/auditor/roles", "{\"roles\":[\"auditor\"]}");
        }
    }

    @Test
    @Order(6)
    void screenshotsOfTheDashboardAndTheArchivePage() throws Exception {
        Path dir = Path.of("target/screenshots");
        try (Browser b = signedIn("compliance-officer")) {
            b.open("/vellum/console/dashboard.xhtml");
            assertTrue(b.text(By.id("kpi-nightly")).contains("COMPLETED"), b.text(By.id("kpi-nightly")));
            assertTrue(b.all(By.cssSelector("#chart-coverage svg")).size() == 1, "the coverage chart is drawn");
            b.screenshot(dir.resolve("dashboard.png"));
            b.open("/vellum/console/archives.xhtml");
            b.screenshot(dir.resolve("archives.png"));
        }
        assertTrue(Files.size(dir.resolve("dashboard.png")) > 10_000);
    }
}
