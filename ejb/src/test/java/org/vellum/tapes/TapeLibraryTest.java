package org.vellum.tapes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vellum.archive.ArchiveReport;
import org.vellum.archive.ArchiveVerifier;
import org.vellum.ledger.Hashes;
import org.vellum.problem.VellumException;
import org.vellum.tape.Cartridges;
import org.vellum.tape.SimhTapeImage;
import org.vellum.tape.TapeExporter;
import org.vellum.testing.Tool;
import org.vellum.worm.StorageHarness;

/**
 * The tape-export job's work on real signed archives and a real H2 database migrated like the server's, to SIMH tape
 * images: what is recorded when, what a restart after a crash keeps, the cartridges it refuses, and archives extracted
 * from the image with GNU tar that verify.
 */
class TapeLibraryTest {
    private static final int RECORD = 64 * 1024;

    @TempDir
    Path tmp;

    private StorageHarness h;
    private Path tapes;

    @BeforeEach
    void setUp() throws Exception {
        h = new StorageHarness(tmp.resolve("h"), null, 4);
        tapes = tmp.resolve("tapes");
    }

    @AfterEach
    void tearDown() {
        h.close();
    }

    private String device() {
        return "simh:" + tapes + "/{barcode}.tap";
    }

    private TapeLibrary library(int recordSize) {
        return library(h, recordSize);
    }

    private TapeLibrary library(StorageHarness h, int recordSize) {
        return new TapeLibrary(
                new TapeTable(h.dataSource),
                h.archives,
                "storage-test",
                new Cartridges.Settings(recordSize, "mt", Duration.ofMinutes(1), Clock.systemUTC()),
                List.of(device()),
                Clock.systemUTC());
    }

    private static Map<String, String> params(String... kv) {
        java.util.LinkedHashMap<String, String> m = new java.util.LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    @Test
    void archivesAreRecordedExportedOnlyAfterReadBackAndExtractedByGnuTarTheyVerify() throws Exception {
        TapeLibrary library = library(RECORD);
        TapeRun run = library.export(library.check(params("device", device(), "barcode", "VLM001L9")), 7L);
        assertEquals(List.of("VLM001L9"), run.cartridges());
        assertEquals(List.of(1L, 2L, 3L, 4L), run.exported());
        assertEquals(List.of(), run.left());

        CartridgeRecord c = library.table().cartridge("VLM001L9").orElseThrow();
        assertEquals(CartridgeRecord.VERIFIED, c.state());
        assertEquals("intact", c.verifyResult());
        assertEquals(7L, c.jobInstance());
        List<TapeExporter.Entry> files = library.table().files("VLM001L9");
        assertEquals(
                List.of(1, 2, 3, 4),
                files.stream().map(TapeExporter.Entry::tapeFile).toList());
        assertEquals(Set.of(1L, 2L, 3L, 4L), library.table().exported());

        // tape file 3 off the image, through GNU tar with the record size, then the verifier on what came out
        Path tar = tmp.resolve("file-3.tar");
        try (OutputStream out = Files.newOutputStream(tar)) {
            SimhTapeImage.copyTapeFile(tapes.resolve("VLM001L9.tap"), 3, RECORD, out);
        }
        Path out = Files.createDirectories(tmp.resolve("restored"));
        Tool.ok("tar", "tar", "-C", out.toString(), "-b", String.valueOf(RECORD / 512), "-xf", tar.toString());
        Path asice = out.resolve(
                h.archives.file(h.archives.byNumber(3)).getFileName().toString());
        Path pdf = out.resolve(
                h.archives.attestationFile(h.archives.byNumber(3)).getFileName().toString());
        assertEquals(files.get(2).members().get(0).sha256(), Hashes.hex(Hashes.sha256(asice)), "as the catalog says");
        ArchiveReport report = ArchiveVerifier.verify(asice, pdf, h.fixture.trust);
        assertTrue(report.intact(), report.toString());

        TapeRun again = library.export(library.check(params("device", device(), "barcode", "VLM002L9")), 8L);
        assertEquals(List.of(), again.exported(), "nothing is exported twice unless asked");
        assertTrue(library.table().cartridge("VLM002L9").isEmpty(), "and no cartridge is begun for nothing");
        TapeRun second = library.export(
                library.check(params(
                        "device", device(), "barcode", "VLM002L9", "archives", "2-3", "includeExported", "true")),
                9L);
        assertEquals(List.of(2L, 3L), second.exported(), "a second set, asked for");
        assertEquals(List.of("VLM001L9", "VLM002L9"), library.table().exportedTo(2));
    }

    @Test
    void aPeriodSelectsBySealDay() throws Exception {
        h.archives.sealedAt.put(1L, Instant.parse("2026-10-31T23:59:59Z"));
        h.archives.sealedAt.put(2L, Instant.parse("2026-11-01T00:00:00Z"));
        h.archives.sealedAt.put(3L, Instant.parse("2026-11-30T23:00:00Z"));
        h.archives.sealedAt.put(4L, Instant.parse("2026-12-01T00:00:00Z"));
        TapeLibrary library = library(RECORD);
        TapeRun run = library.export(
                library.check(params("device", device(), "barcode", "VLM003L9", "period", "2026-11-01/2026-11-30")),
                1L);
        assertEquals(List.of(2L, 3L), run.exported());
    }

    /**
     * An archive of about 360 KB (its attestation 80 KB) against cartridges of 200 KB in 4 KiB records: it spans, in
     * parts on successive cartridges that join to its bytes, and is recorded exported, on every cartridge holding a
     * part, once its last part verified.
     */
    @Test
    void overSeveralCartridgesAnArchiveLargerThanOneSpansAndIsExportedWithItsLastPart() throws Exception {
        try (StorageHarness big = new StorageHarness(tmp.resolve("big"), null, 1, 1000)) {
            Path archive = big.archives.file(big.archives.byNumber(1));
            long size = Files.size(archive);
            assertTrue(size > 300_000, "the archive is " + size + " bytes");
            TapeLibrary library = library(big, 4096);
            String barcodes = "S01,S02,S03,S04,S05,S06";
            TapeRun run = library.export(
                    library.check(params("device", device() + "?capacity=200000", "barcode", barcodes)), 3L);
            assertEquals(List.of(1L), run.exported());
            assertTrue(run.cartridges().size() >= 2, run.toString());
            assertEquals(run.cartridges(), library.table().exportedTo(1));
            long joined = 0;
            for (int i = 0; i < run.cartridges().size(); i++) {
                TapeExporter.Entry part =
                        library.table().files(run.cartridges().get(i)).get(0);
                assertEquals(i + 1, part.span().part());
                assertEquals(joined, part.span().offset());
                assertEquals(Hashes.hex(Hashes.sha256(archive)), part.span().sha256());
                joined += part.span().length();
            }
            assertEquals(size, joined);
        }
    }

    /**
     * A drive takes one cartridge a run: an archive larger than a cartridge goes on, part after part, in one run after
     * another, each continuing where the verified parts end, and is exported with its last part.
     */
    @Test
    void anArchiveThatSpansContinuesOverRunsOfOneCartridgeEach() throws Exception {
        try (StorageHarness big = new StorageHarness(tmp.resolve("big"), null, 1, 1000)) {
            Path archive = big.archives.file(big.archives.byNumber(1));
            TapeLibrary library = library(big, 4096);
            List<String> used = new java.util.ArrayList<>();
            TapeRun run;
            int n = 0;
            do {
                String barcode = "D0" + (++n);
                assertTrue(n < 8, "the archive ends on tape");
                run = library.export(
                        library.check(params("device", device() + "?capacity=200000", "barcode", barcode)), (long) n);
                used.add(barcode);
                assertEquals(run.exported().isEmpty(), !run.left().isEmpty(), run.toString());
            } while (!run.left().isEmpty());
            assertTrue(used.size() >= 2, used.toString());
            assertEquals(List.of(1L), run.exported());
            assertEquals(used, library.table().exportedTo(1));
            long joined = 0;
            for (int i = 0; i < used.size(); i++) {
                TapeExporter.Entry part = library.table().files(used.get(i)).get(0);
                assertEquals(i + 1, part.span().part());
                assertEquals(joined, part.span().offset());
                joined += part.span().length();
            }
            assertEquals(Files.size(archive), joined);
        }
    }

    @Test
    void whenTheCartridgesRunOutTheRestIsLeftForTheNextRun() throws Exception {
        TapeLibrary library = library(RECORD);
        long capacity = 6L * (RECORD + 8); // the label, about two archives and the catalog
        TapeRun run = library.export(
                library.check(params("device", device() + "?capacity=" + capacity, "barcode", "F01")), 1L);
        assertTrue(!run.left().isEmpty() && !run.exported().isEmpty(), run.toString());
        assertTrue(library.table().cartridge("F01").orElseThrow().full());
        TapeRun next = library.export(library.check(params("device", device(), "barcode", "F02")), 2L);
        assertEquals(run.left(), next.exported());
    }

    /**
     * A crash while cartridge 2 was being written: its record says WRITING and its image ends mid-file. The restart of
     * the same job instance leaves cartridge 1 alone (verified already), resumes cartridge 2 keeping the tape files
     * whole on it, reads it back and records the rest.
     */
    @Test
    void aRestartAfterACrashKeepsWhatIsVerifiedAndResumesTheCartridgeBeingWritten() throws Exception {
        TapeLibrary library = library(RECORD);
        long capacity = 6L * (RECORD + 8);
        TapeRequest request =
                library.check(params("device", device() + "?capacity=" + capacity, "barcode", "R01,R02,R03"));
        TapeRun full = library.export(request, 5L);
        assertTrue(full.cartridges().size() >= 2, full.toString());
        String second = full.cartridges().get(1);
        CartridgeRecord before = library.table().cartridge(second).orElseThrow();

        // back to how a crash before read-back would have left it: WRITING, nothing on it exported, the image cut
        try (var c = h.dataSource.getConnection();
                var s = c.createStatement()) {
            s.executeUpdate("UPDATE tape_cartridge SET state = 'WRITING', verified_at = NULL, verify_result = NULL"
                    + " WHERE barcode = '" + second + "'");
            s.executeUpdate("DELETE FROM tape_export WHERE barcode = '" + second + "'");
            for (String later : full.cartridges().subList(2, full.cartridges().size())) {
                s.executeUpdate("DELETE FROM tape_export WHERE barcode = '" + later + "'");
                s.executeUpdate("DELETE FROM tape_cartridge WHERE barcode = '" + later + "'");
                Files.delete(tapes.resolve(later + ".tap"));
            }
        }
        Path image = tapes.resolve(second + ".tap");
        long cut = 2L * (RECORD + 8) + 2 * 4 + (RECORD + 8) + 4 + 500; // inside tape file 2
        try (RandomAccessFile f = new RandomAccessFile(image.toFile(), "rw")) {
            assertTrue(f.length() > cut);
            f.setLength(cut);
        }
        TapeRun restarted = library.export(request, 5L);
        assertEquals(1, restarted.kept(), "tape file 1 of the cartridge being written was whole and kept");
        assertEquals(full.cartridges(), restarted.cartridges());
        assertEquals(full.exported(), restarted.exported().stream().sorted().toList());
        CartridgeRecord after = library.table().cartridge(second).orElseThrow();
        assertEquals(CartridgeRecord.VERIFIED, after.state());
        assertEquals(before.startedAt(), after.startedAt(), "the same cartridge, resumed");
        assertEquals(Set.copyOf(full.exported()), library.table().exported());
    }

    @Test
    void aWrongCartridgeAWrittenOneAndADeviceNotAllowedAreRefusedAndNothingIsRecorded() throws Exception {
        TapeLibrary library = library(RECORD);
        library.export(library.check(params("device", device(), "barcode", "W01", "archives", "1")), 1L);

        VellumException written = assertThrows(
                VellumException.class,
                () -> library.export(library.check(params("device", device(), "barcode", "W01")), 2L));
        assertEquals("cartridge-written", written.code());

        // cartridge W02 is loaded, but what is in the drive is W01's tape
        Files.copy(tapes.resolve("W01.tap"), tapes.resolve("W02.tap"));
        VellumException wrong = assertThrows(
                VellumException.class,
                () -> library.export(library.check(params("device", device(), "barcode", "W02")), 3L));
        assertEquals("wrong-cartridge", wrong.code());
        assertTrue(wrong.getMessage().contains("labelled W01"), wrong.getMessage());
        assertTrue(library.table().cartridge("W02").isEmpty());
        assertEquals(Set.of(1L), library.table().exported());

        VellumException device = assertThrows(
                VellumException.class,
                () -> library.check(params("device", "simh:/tmp/elsewhere/{barcode}.tap", "barcode", "W03")));
        assertEquals("device-not-allowed", device.code());
        VellumException barcode =
                assertThrows(VellumException.class, () -> library.check(params("device", device(), "barcode", "../x")));
        assertEquals("bad-device", barcode.code());
        VellumException missing = assertThrows(
                VellumException.class,
                () -> library.check(params("device", device(), "barcode", "W04", "archives", "9")));
        assertEquals("archive-not-ready", missing.code());
    }
}
