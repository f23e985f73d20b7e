package org.vellum.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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
import org.vellum.event.SampleEvents;
import org.vellum.it.support.Api;
import org.vellum.it.support.Deployments;
import org.vellum.it.support.Jobs;
import org.vellum.it.support.VerifyCli;
import org.vellum.tape.SimhTapeImage;

/**
 * Tape export in the appliance, over HTTP: an archivist starts {@code tape-export} to a SIMH image in the allowed
 * folder; the cartridge and its catalog are served at {@code /tapes}; a tape file taken off the image and extracted
 * by GNU tar passes the real {@code vellum-verify archive}. Other roles and devices outside the allowed list are
 * refused.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class TapeIT {
    private static final int RECORD = 256 * 1024;

    @Deployment(testable = false)
    static EnterpriseArchive appliance() {
        return Deployments.appliance();
    }

    @ArquillianResource
    URL url;

    private URI base() {
        return Deployments.serverRoot(url);
    }

    @Test
    @SuppressWarnings("unchecked")
    void anArchivistExportsToTapeAndWhatTarExtractsVerifies() throws Exception {
        Api admin = Api.as("admin", base());
        Api archivist = Api.as("archivist", base());
        Path data = Path.of(System.getProperty("jboss.home"), "standalone/data/vellum");
        String device = "simh:" + data.resolve("tapes") + "/{barcode}.tap";
        String barcode = "IT" + UUID.randomUUID().toString().substring(0, 6).toUpperCase(java.util.Locale.ROOT);
        String body = "{\"device\":\"" + device + "\",\"barcode\":\"" + barcode + "\"}";

        List<String> events = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            events.add(SampleEvents.taskCreated(UUID.randomUUID()));
        }
        assertEquals(
                200,
                Api.as("producer", base())
                        .post("/events", Api.jsonArray(events))
                        .statusCode());
        Path spool = Files.createDirectories(data.resolve("import/tape-it"));
        Map<String, Object> nightly = Jobs.awaitEnd(admin, Jobs.start(admin, "{\"sourceDir\":\"" + spool + "\"}"), 180);
        assertEquals("COMPLETED", nightly.get("status"), nightly.toString());

        assertEquals(
                403, Api.as("producer", base()).post("/jobs/tape-export", body).statusCode());
        assertEquals(
                403, Api.as("auditor", base()).post("/jobs/tape-export", body).statusCode());
        assertEquals(403, archivist.post("/jobs/nightly-archive", "{}").statusCode(), "archivists export to tape only");
        HttpResponse<String> elsewhere = archivist.post(
                "/jobs/tape-export", "{\"device\":\"simh:/tmp/x/{barcode}.tap\",\"barcode\":\"" + barcode + "\"}");
        assertEquals(400, elsewhere.statusCode(), elsewhere.body());
        assertEquals("device-not-allowed", Api.object(elsewhere).get("code"));
        HttpResponse<String> noBarcode = archivist.post("/jobs/tape-export", "{\"device\":\"" + device + "\"}");
        assertEquals(400, noBarcode.statusCode(), noBarcode.body());

        HttpResponse<String> started = archivist.post("/jobs/tape-export", body);
        assertEquals(202, started.statusCode(), started.body());
        long id = ((Number) Api.object(started).get("execution_id")).longValue();
        Map<String, Object> ended = Jobs.awaitEnd(archivist, id, 300);
        assertEquals("COMPLETED", ended.get("status"), ended.toString());
        Map<String, Object> step = ((List<Map<String, Object>>) ended.get("steps")).get(0);
        assertEquals("EXPORTED", step.get("exit_status"), ended.toString());

        HttpResponse<String> got = Api.as("auditor", base()).get("/tapes/" + barcode);
        assertEquals(200, got.statusCode(), got.body());
        Map<String, Object> cartridge = Api.object(got);
        assertEquals("VERIFIED", cartridge.get("state"));
        assertEquals("intact", cartridge.get("verify_result"));
        assertEquals(RECORD, ((Number) cartridge.get("record_size")).intValue());
        List<Map<String, Object>> files = (List<Map<String, Object>>) cartridge.get("files");
        assertTrue(!files.isEmpty(), cartridge.toString());
        Map<String, Object> last = files.get(files.size() - 1);
        List<Map<String, Object>> members = (List<Map<String, Object>>) last.get("members");
        assertEquals(2, members.size());

        Map<String, Object> list = Api.object(archivist.get("/tapes?limit=100"));
        assertTrue(
                ((List<Map<String, Object>>) list.get("items"))
                        .stream().anyMatch(c -> barcode.equals(c.get("barcode"))),
                list.toString());
        assertEquals(404, archivist.get("/tapes/NOSUCHTAPE").statusCode());
        assertEquals(403, Api.as("producer", base()).get("/tapes").statusCode());

        // the last archive tape file off the image, through GNU tar, then the auditor's verifier
        Path dir = Files.createTempDirectory("tape-it");
        Path tar = dir.resolve("file.tar");
        try (OutputStream out = Files.newOutputStream(tar)) {
            SimhTapeImage.copyTapeFile(
                    data.resolve("tapes").resolve(barcode + ".tap"),
                    ((Number) last.get("tape_file")).intValue(),
                    RECORD,
                    out);
        }
        Process p = new ProcessBuilder("tar", "-C", dir.toString(), "-b", "512", "-xf", tar.toString())
                .redirectErrorStream(true)
                .start();
        String tarSaid = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), tarSaid);
        Path asice = dir.resolve((String) members.get(0).get("name"));
        assertEquals(
                members.get(0).get("sha256"), org.vellum.ledger.Hashes.hex(org.vellum.ledger.Hashes.sha256(asice)));
        Path anchors = dir.resolve("anchors.pem");
        assertEquals(
                200, Api.anonymous(base()).download("/trust-anchors", anchors).statusCode());
        VerifyCli.Run ok = VerifyCli.run("archive", asice.toString(), "--trust", anchors.toString());
        assertEquals(0, ok.exitCode(), ok.output());
        assertTrue(ok.output().contains("OK archive " + asice.getFileName()), ok.output());

        HttpResponse<String> reused = archivist.post(
                "/jobs/tape-export",
                "{\"device\":\"" + device + "\",\"barcode\":\"" + barcode
                        + "\",\"archives\":\"1\",\"includeExported\":\"true\"}");
        assertEquals(202, reused.statusCode(), reused.body());
        Map<String, Object> refused =
                Jobs.awaitEnd(archivist, ((Number) Api.object(reused).get("execution_id")).longValue(), 120);
        assertEquals("FAILED", refused.get("status"), "a cartridge is written once: " + refused);
        Path log = Path.of(System.getProperty("jboss.home"), "standalone/log/server.log");
        assertTrue(
                Files.readAllLines(log).stream()
                        .anyMatch(l -> l.contains("cartridge " + barcode + " is VERIFIED since")),
                "the failure says why");
    }
}
