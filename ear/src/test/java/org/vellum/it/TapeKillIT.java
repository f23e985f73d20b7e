package org.vellum.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vellum.event.SampleEvents;
import org.vellum.it.support.Api;
import org.vellum.it.support.Jobs;
import org.vellum.it.support.ServerProcess;
import org.vellum.it.support.VerifyCli;
import org.vellum.ledger.Hashes;
import org.vellum.tape.SimhTapeImage;

/**
 * A crash in the middle of a cartridge: the server's JVM is killed with SIGKILL while tape-export is inside tape file
 * 2 (held there by the test's fault injection, {@code pauseAt}, so that the kill lands mid-file every time), then
 * restarted, and the execution restarted over REST. The restart keeps the label and tape file 1, writes on from
 * tape file 2, reads the cartridge back and records every archive exported exactly once; what GNU tar extracts
 * verifies.
 */
class TapeKillIT {
    private static final int RECORD = 256 * 1024;

    @TempDir
    Path tmp;

    @Test
    @SuppressWarnings("unchecked")
    void killDashNineMidCartridgeThenRestartResumesAndRecordsEachArchiveOnce() throws Exception {
        Path base = Path.of(System.getProperty("jboss.home")).getParent().resolve("tape-kill-it/standalone");
        try (ServerProcess server = new ServerProcess(base, 210)) {
            server.start(Duration.ofMinutes(3), List.of("-Dvellum.jobs.fault-injection=true"));
            Api admin = server.as("admin");
            Api archivist = server.as("archivist");
            List<String> events = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                events.add(SampleEvents.taskCreated(UUID.randomUUID()));
            }
            assertEquals(
                    200,
                    server.as("producer").post("/events", Api.jsonArray(events)).statusCode());
            Path spool = Files.createDirectories(base.resolve("data/vellum/import/tape-kill"));
            for (int run = 0; run < 3; run++) { // three seals, three archives (the later two of empty periods)
                Map<String, Object> nightly =
                        Jobs.awaitEnd(admin, Jobs.start(admin, "{\"sourceDir\":\"" + spool + "\"}"), 180);
                assertEquals("COMPLETED", nightly.get("status"), nightly.toString());
            }

            Path tapes = base.resolve("data/vellum/tapes");
            String device = "simh:" + tapes + "/{barcode}.tap";
            HttpResponse<String> started = archivist.post(
                    "/jobs/tape-export", "{\"device\":\"" + device + "\",\"barcode\":\"KILL01\",\"pauseAt\":\"2\"}");
            assertEquals(202, started.statusCode(), started.body());
            long id = ((Number) Api.object(started).get("execution_id")).longValue();

            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            Map<String, Object> progress = null;
            while (System.nanoTime() < deadline) {
                HttpResponse<String> r = archivist.get("/tapes/KILL01");
                if (r.statusCode() == 200) {
                    progress = (Map<String, Object>) Api.object(r).get("progress");
                    if (progress != null && ((Number) progress.get("tape_file")).intValue() == 2) {
                        break;
                    }
                }
                Thread.sleep(50);
            }
            assertTrue(progress != null && ((Number) progress.get("tape_file")).intValue() == 2, "paused in file 2");
            server.kill9();
            long cutAt = Files.size(tapes.resolve("KILL01.tap"));

            server.start(Duration.ofMinutes(3), List.of("-Dvellum.jobs.fault-injection=true"));
            archivist = server.as("archivist");
            Map<String, Object> stale = Api.object(archivist.get("/tapes/KILL01"));
            assertEquals("WRITING", stale.get("state"), stale.toString());
            HttpResponse<String> restarted =
                    archivist.post("/jobs/executions/" + id + "/restart", "{\"pauseAt\":\"none\"}");
            assertEquals(202, restarted.statusCode(), restarted.body());
            long second = ((Number) Api.object(restarted).get("execution_id")).longValue();
            Map<String, Object> done = Jobs.awaitEnd(archivist, second, 300);
            assertEquals("COMPLETED", done.get("status"), done.toString());
            assertEquals(
                    "EXPORTED",
                    ((List<Map<String, Object>>) done.get("steps")).get(0).get("exit_status"));

            Map<String, Object> cartridge = Api.object(archivist.get("/tapes/KILL01"));
            assertEquals("VERIFIED", cartridge.get("state"), cartridge.toString());
            List<Map<String, Object>> files = (List<Map<String, Object>>) cartridge.get("files");
            assertEquals(3, files.size(), cartridge.toString());
            Set<Object> seals = new HashSet<>();
            for (Map<String, Object> f : files) {
                assertTrue(seals.add(f.get("seal_number")), "each archive once: " + files);
            }
            assertTrue(
                    server.logLines().stream()
                            .anyMatch(l -> l.contains("VELLUM-1002 resumed cartridge KILL01")
                                    && l.contains(": 1 tape files were whole and kept")),
                    "the restart kept tape file 1 (the image was cut at " + cutAt + " bytes)");

            Map<String, Object> last = files.get(2);
            List<Map<String, Object>> members = (List<Map<String, Object>>) last.get("members");
            Path tar = tmp.resolve("file.tar");
            try (OutputStream out = Files.newOutputStream(tar)) {
                SimhTapeImage.copyTapeFile(tapes.resolve("KILL01.tap"), 3, RECORD, out);
            }
            Process p = new ProcessBuilder("tar", "-C", tmp.toString(), "-b", "512", "-xf", tar.toString())
                    .redirectErrorStream(true)
                    .start();
            String said = new String(p.getInputStream().readAllBytes());
            assertEquals(0, p.waitFor(), said);
            Path asice = tmp.resolve((String) members.get(0).get("name"));
            assertEquals(members.get(0).get("sha256"), Hashes.hex(Hashes.sha256(asice)));
            Path anchors = tmp.resolve("anchors.pem");
            assertEquals(
                    200,
                    Api.anonymous(server.base())
                            .download("/trust-anchors", anchors)
                            .statusCode());
            VerifyCli.Run ok = VerifyCli.run("archive", asice.toString(), "--trust", anchors.toString());
            assertEquals(0, ok.exitCode(), ok.output());
        }
    }
}
