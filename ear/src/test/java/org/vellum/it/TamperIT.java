package org.vellum.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.OperateOnDeployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.vellum.event.MinimizationPolicy;
import org.vellum.event.SampleEvents;
import org.vellum.it.support.Api;
import org.vellum.it.support.Deployments;
import org.vellum.it.support.Probe;
import org.vellum.it.support.VerifyCli;

/**
 * An insider edits, deletes, swaps and inserts ledger rows in the database, or lines in an export; the offline
 * verifier names the entry and the kind of damage every time. Rows are put back after each test. On PostgreSQL the
 * appliance's own role cannot do any of it (the database refuses), so the insider is the schema's owner going through
 * break-glass, and each change is in the database's break-glass log as well.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class TamperIT {

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

    @TempDir
    Path tmp;

    private Probe probe;
    private long target;

    private URI base() {
        return Deployments.serverRoot(url);
    }

    @BeforeEach
    void appendAndSnapshot() {
        List<String> events = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            events.addAll(SampleEvents.everyType());
        }
        assertEquals(
                200,
                Api.as("producer", base())
                        .post("/events", Api.jsonArray(events))
                        .statusCode());
        long head = ((Number) Api.object(Api.as("auditor", base()).get("/ledger/head"))
                        .get("seq"))
                .longValue();
        target = head - 20;
        // The export waits until the database holds every receipted entry, so the snapshot below is complete.
        assertEquals(0, verifyExport().exitCode(), "the ledger is intact before tampering");
        probe = new Probe(base());
        probe.call("snapshot");
    }

    @AfterEach
    void restore() {
        probe.call("restore");
        VerifyCli.Run run = verifyExport();
        assertEquals(0, run.exitCode(), "restored: " + run.output());
    }

    private Path export() {
        Path file = tmp.resolve("export-" + UUID.randomUUID() + ".jsonl");
        assertEquals(
                200, Api.as("auditor", base()).download("/ledger/export", file).statusCode());
        return file;
    }

    private VerifyCli.Run verifyExport() {
        return VerifyCli.run("ledger", export().toString());
    }

    private void assertNamed(VerifyCli.Run run, long seq, String problem) {
        assertEquals(1, run.exitCode(), run.output());
        assertTrue(run.output().startsWith("FAILED ledger"), run.output());
        assertTrue(run.output().contains("seq " + seq + " "), "names seq " + seq + ": " + run.output());
        assertTrue(run.output().contains(": " + problem + ": "), "names " + problem + ": " + run.output());
    }

    @Test
    void editedRowIsChanged() {
        if (onPostgres()) {
            // the appliance's own role cannot: the database refuses it, and the ledger stays as it was
            // app-shadow: a table of its own in front of the ledger (vellum_batch comes first in its search path)
            for (String op : List.of("app-update", "app-delete", "app-truncate", "app-shadow")) {
                String answer = probe.call(op, "seq", target);
                assertTrue(answer.startsWith("refused 42501 "), op + ": " + answer);
            }
            assertEquals(0, verifyExport().exitCode(), "the ledger is untouched");
        }
        probe.call("edit", "seq", target);
        assertNamed(verifyExport(), target, "changed");
        if (onPostgres()) {
            String log = probe.call("break-glass-log");
            assertTrue(log.matches("[1-9][0-9]* 1 \\S+ TamperIT plays the insider.*"), log);
        }
    }

    private static boolean onPostgres() {
        return "postgresql".equals(System.getProperty("vellum.database"));
    }

    @Test
    void deletedRowIsMissing() {
        probe.call("delete", "seq", target);
        assertNamed(verifyExport(), target, "missing");
    }

    @Test
    void swappedRowsAreReordered() {
        probe.call("swap", "seq", target);
        assertNamed(verifyExport(), target, "reordered");
    }

    @Test
    void insertedRowIsInserted() {
        probe.call("insert", "seq", target);
        assertNamed(verifyExport(), target, "inserted");
    }

    private VerifyCli.Run verifyEdited(UnaryOperator<List<String>> edit) throws IOException {
        Path file = export();
        Files.write(file, edit.apply(new ArrayList<>(Files.readAllLines(file))));
        return VerifyCli.run("ledger", file.toString());
    }

    /** Line index of an entry in the export: line 0 is the header, line n is seq n. */
    private int line(long seq) {
        return (int) seq;
    }

    @Test
    void editedExportLineIsChanged() throws IOException {
        assertNamed(
                verifyEdited(lines -> {
                    lines.set(
                            line(target),
                            lines.get(line(target))
                                    .replace("\"policy\":\"" + MinimizationPolicy.VERSION + "\"", "\"policy\":\"9\""));
                    return lines;
                }),
                target,
                "changed");
    }

    @Test
    void deletedExportLineIsMissing() throws IOException {
        assertNamed(
                verifyEdited(lines -> {
                    lines.remove(line(target));
                    return lines;
                }),
                target,
                "missing");
    }

    @Test
    void swappedExportLinesAreReordered() throws IOException {
        assertNamed(
                verifyEdited(lines -> {
                    Collections.swap(lines, line(target), line(target) + 1);
                    return lines;
                }),
                target,
                "reordered");
    }

    @Test
    void insertedExportLineIsInserted() throws IOException {
        assertNamed(
                verifyEdited(lines -> {
                    lines.add(line(target) + 1, lines.get(line(target)));
                    return lines;
                }),
                target,
                "inserted");
    }

    @Test
    void truncatedExportIsMissingItsTail() throws IOException {
        assertNamed(verifyEdited(lines -> new ArrayList<>(lines.subList(0, line(target)))), target, "missing");
    }
}
