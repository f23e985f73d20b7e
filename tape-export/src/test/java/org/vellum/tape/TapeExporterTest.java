package org.vellum.tape;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.vellum.ledger.Hashes;

/**
 * A cartridge written to a SIMH tape image and judged by outside tools: simh's {@code mtdump} for record lengths and
 * filemarks, GNU tar and bsdtar for each tape file read with the stated record size; then read-back verification,
 * a damaged record, a wrong cartridge and the end of tape.
 */
class TapeExporterTest {
    private static final int RECORD = 256 * 1024;
    private static final Pattern RECORD_LINE = Pattern.compile("record \\d+, length = (\\d+)");

    @TempDir
    Path tmp;

    private List<TapeExporter.Item> items(int count) throws IOException {
        List<TapeExporter.Item> items = new ArrayList<>();
        SecureRandom random = new SecureRandom();
        for (int n = 1; n <= count; n++) {
            byte[] archive = new byte[300_000 * n + 123];
            byte[] pdf = new byte[40_000 + n];
            random.nextBytes(archive);
            random.nextBytes(pdf);
            Path a = Files.write(tmp.resolve("vellum-x-seal-00000" + n + ".asice"), archive);
            Path p = Files.write(tmp.resolve("vellum-x-seal-00000" + n + ".pdf"), pdf);
            items.add(new TapeExporter.Item(n, a, p));
        }
        return items;
    }

    /**
     * At the default record size (256 KiB) and at 64 KiB: simh 3.8.1's mtdump, the version Debian ships, stops at
     * records over 64 KiB ("Invalid record length"), so the 256 KiB image is judged by both tars and the record
     * framing by mtdump on the 64 KiB one.
     */
    @ParameterizedTest
    @ValueSource(ints = {RECORD, 64 * 1024})
    void aCartridgeIsLabelArchivesCatalogInFixedRecordsThatMtdumpAndBothTarsRead(int recordSize) throws Exception {
        List<TapeExporter.Item> items = items(3);
        Path image = tmp.resolve("VLM001L9.tap");
        TapeExporter exporter = new TapeExporter(recordSize, Clock.systemUTC());
        String blocking = String.valueOf(recordSize / 512);
        TapeExporter.Written written;
        try (SimhTapeImage tape = new SimhTapeImage(image, Long.MAX_VALUE, recordSize)) {
            written = exporter.export(tape, "VLM001L9", "appliance-1", items);
            assertEquals(List.of(), exporter.verify(tape, "VLM001L9", "appliance-1"), "read back intact");
        }
        assertEquals(3, written.entries().size());
        assertEquals(
                List.of(1, 2, 3),
                written.entries().stream().map(TapeExporter.Entry::tapeFile).toList());

        if (recordSize <= 64 * 1024) {
            String dump = Commands.ok("simh", tmp.toFile(), "mtdump", image.toString());
            assertEquals(5, count(dump, "end of tape file"), "label, three archives, catalog:\n" + dump);
            assertTrue(dump.contains("end of logical tape"), dump);
            Matcher m = RECORD_LINE.matcher(dump);
            int records = 0;
            while (m.find()) {
                assertEquals(recordSize, Integer.parseInt(m.group(1)), "every record is the stated size");
                records++;
            }
            long expected = 2
                    + written.entries().stream()
                            .mapToLong(TapeExporter.Entry::records)
                            .sum();
            assertEquals(expected, records);
        }

        try (SimhTapeImage tape = new SimhTapeImage(image, Long.MAX_VALUE, recordSize)) {
            for (int tapeFile = 0; tapeFile <= 4; tapeFile++) {
                Path tar = tmp.resolve("file-" + tapeFile + ".tar");
                RecordInputStream in = new RecordInputStream(tape);
                try (OutputStream out = Files.newOutputStream(tar)) {
                    in.transferTo(out);
                }
                String listed = Commands.ok("tar", tmp.toFile(), "tar", "-b", blocking, "-tvf", tar.toString());
                String bsd =
                        Commands.ok("libarchive-tools", tmp.toFile(), "bsdtar", "-b", blocking, "-tvf", tar.toString());
                if (tapeFile == 0) {
                    assertTrue(listed.contains(TapeExporter.LABEL), listed);
                } else if (tapeFile == 4) {
                    assertTrue(bsd.contains(TapeExporter.CATALOG), bsd);
                } else {
                    TapeExporter.Item item = items.get(tapeFile - 1);
                    Path out = Files.createDirectories(tmp.resolve("gnu-" + tapeFile));
                    Commands.ok("tar", out.toFile(), "tar", "-b", blocking, "-xf", tar.toString());
                    Path outBsd = Files.createDirectories(tmp.resolve("bsd-" + tapeFile));
                    Commands.ok("libarchive-tools", outBsd.toFile(), "bsdtar", "-b", blocking, "-xf", tar.toString());
                    for (Path original : List.of(item.archive(), item.attestation())) {
                        String name = original.getFileName().toString();
                        String sha = Hashes.hex(Hashes.sha256(original));
                        assertEquals(sha, Hashes.hex(Hashes.sha256(out.resolve(name))), "GNU tar: " + name);
                        assertEquals(sha, Hashes.hex(Hashes.sha256(outBsd.resolve(name))), "bsdtar: " + name);
                    }
                }
            }
        }
    }

    @Test
    void aDamagedRecordAndAWrongCartridgeAreNamedOnReadBack() throws Exception {
        List<TapeExporter.Item> items = items(2);
        Path image = tmp.resolve("VLM002L9.tap");
        TapeExporter exporter = new TapeExporter(RECORD, Clock.systemUTC());
        try (SimhTapeImage tape = new SimhTapeImage(image, Long.MAX_VALUE, RECORD)) {
            exporter.export(tape, "VLM002L9", "appliance-1", items);
        }
        try (SimhTapeImage tape = new SimhTapeImage(image, Long.MAX_VALUE, RECORD)) {
            List<TapeProblem> wrong = exporter.verify(tape, "VLM003L9", "appliance-1");
            assertEquals(TapeProblem.Kind.WRONG_CARTRIDGE, wrong.get(0).kind(), wrong.toString());
        }
        // one byte inside the second archive's data (tape file 2): label and file 1 take 2 + 2 records before it
        try (RandomAccessFile f = new RandomAccessFile(image.toFile(), "rw")) {
            // records 0 (label) and 1-2 (archive 1) with two filemarks before; then the length word, two 512-byte
            // headers, and 100,000 bytes into the archive's data
            long at = 3L * (RECORD + 8) + 2 * 4 + 4 + 1024 + 100_000;
            f.seek(at);
            int b = f.read();
            f.seek(at);
            f.write(b ^ 0x01);
        }
        try (SimhTapeImage tape = new SimhTapeImage(image, Long.MAX_VALUE, RECORD)) {
            List<TapeProblem> problems = exporter.verify(tape, "VLM002L9", "appliance-1");
            assertEquals(1, problems.size(), problems.toString());
            TapeProblem p = problems.get(0);
            assertEquals(TapeProblem.Kind.DIGEST_MISMATCH, p.kind());
            assertEquals(2, p.tapeFile());
            assertEquals("vellum-x-seal-000002.asice", p.member());
        }
    }

    @Test
    void aFullCartridgeTakesWhatFitsWithItsCatalogAndLeavesTheRestForTheNext() throws Exception {
        List<TapeExporter.Item> items = items(3);
        TapeExporter exporter = new TapeExporter(RECORD, Clock.systemUTC());
        long capacity =
                9L * (RECORD + 8); // label 1, archive 1 takes 2, archive 2 takes 3: 2 would not leave catalog room
        TapeExporter.Written first;
        try (SimhTapeImage tape = new SimhTapeImage(tmp.resolve("A.tap"), capacity, RECORD)) {
            first = exporter.export(tape, "VLM010L9", "appliance-1", items);
            assertEquals(List.of(), exporter.verify(tape, "VLM010L9", "appliance-1"));
        }
        assertTrue(first.entries().size() >= 1 && first.entries().size() < 3, first.toString());
        assertEquals(3, first.entries().size() + first.left().size());
        TapeExporter.Written second;
        try (SimhTapeImage tape = new SimhTapeImage(tmp.resolve("B.tap"), Long.MAX_VALUE, RECORD)) {
            second = exporter.export(tape, "VLM011L9", "appliance-1", first.left());
            assertEquals(List.of(), exporter.verify(tape, "VLM011L9", "appliance-1"));
        }
        assertEquals(first.left().size(), second.entries().size());
        assertTrue(second.left().isEmpty());
        assertTrue(Files.size(tmp.resolve("A.tap")) <= capacity, "the image stays within its capacity");
    }

    /**
     * A crash leaves the image as far as it was written, without the end marks: here cut in the middle of tape file 2.
     * The restart keeps the label and archive 1 (whole, right bytes), rewrites from archive 2 on, and the catalog.
     */
    @Test
    void aRestartAfterACrashResumesAtTheFirstArchiveNotWholeOnTheCartridge() throws Exception {
        List<TapeExporter.Item> items = items(3);
        Path image = tmp.resolve("VLM020L9.tap");
        TapeExporter exporter = new TapeExporter(RECORD, Clock.systemUTC());
        TapeExporter.Written full;
        try (SimhTapeImage tape = new SimhTapeImage(image, Long.MAX_VALUE, RECORD)) {
            full = exporter.export(tape, "VLM020L9", "appliance-1", items);
        }
        long cut = 3L * (RECORD + 8) + 2 * 4 + (RECORD + 8) + 1000; // inside the second record of tape file 2
        try (RandomAccessFile f = new RandomAccessFile(image.toFile(), "rw")) {
            f.setLength(cut);
        }
        try (SimhTapeImage tape = new SimhTapeImage(image, Long.MAX_VALUE, RECORD)) {
            List<TapeProblem> before = exporter.verify(tape, "VLM020L9", "appliance-1");
            assertTrue(before.stream().anyMatch(p -> p.kind() == TapeProblem.Kind.CATALOG_MISSING), before.toString());

            TapeExporter.Written resumed = exporter.resume(tape, "VLM020L9", "appliance-1", items);
            assertEquals(
                    full.entries().stream().map(TapeExporter.Entry::members).toList(),
                    resumed.entries().stream().map(TapeExporter.Entry::members).toList());
            assertEquals(List.of(), exporter.verify(tape, "VLM020L9", "appliance-1"), "intact after the restart");

            TapeExporter.Written again = exporter.resume(tape, "VLM020L9", "appliance-1", items);
            assertEquals(3, again.entries().size(), "a crash after the catalog: everything is kept");
            assertEquals(List.of(), exporter.verify(tape, "VLM020L9", "appliance-1"));

            IOException wrong = org.junit.jupiter.api.Assertions.assertThrows(
                    IOException.class, () -> exporter.resume(tape, "VLM099L9", "appliance-1", items));
            assertTrue(wrong.getMessage().contains("wrong cartridge"), wrong.getMessage());
        }
    }

    private static int count(String text, String what) {
        int n = 0;
        for (int at = text.indexOf(what); at >= 0; at = text.indexOf(what, at + 1)) {
            n++;
        }
        return n;
    }
}
