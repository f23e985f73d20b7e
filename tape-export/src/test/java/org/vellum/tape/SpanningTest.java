package org.vellum.tape;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
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
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vellum.ledger.Hashes;

/**
 * The end of a cartridge: found by a write that fails where the drive cannot tell its capacity, and planned where it
 * can, with an archive larger than a whole cartridge written in parts across cartridges (each part its own tape file,
 * joined by {@code cat} after GNU tar extracts them). Also what the exporter makes of a cartridge before writing: blank,
 * a Vellum label, or something else.
 */
class SpanningTest {
    private static final int RECORD = 64 * 1024;

    @TempDir
    Path tmp;

    private TapeExporter.Item item(long seal, int archiveBytes) throws IOException {
        SecureRandom random = new SecureRandom();
        byte[] archive = new byte[archiveBytes];
        byte[] pdf = new byte[30_000 + (int) seal];
        random.nextBytes(archive);
        random.nextBytes(pdf);
        Path a = Files.write(tmp.resolve("vellum-x-seal-" + String.format("%06d", seal) + ".asice"), archive);
        Path p = Files.write(tmp.resolve("vellum-x-seal-" + String.format("%06d", seal) + ".pdf"), pdf);
        return new TapeExporter.Item(seal, a, p);
    }

    /** A drive that cannot tell how much is left (as through {@code st} without a stated capacity). */
    private static TapeDevice unknownCapacity(SimhTapeImage image) {
        return new TapeDevice() {
            @Override
            public void writeRecord(byte[] data, int offset, int length) throws IOException {
                image.writeRecord(data, offset, length);
            }

            @Override
            public void writeFilemark() throws IOException {
                image.writeFilemark();
            }

            @Override
            public void rewind() throws IOException {
                image.rewind();
            }

            @Override
            public int readRecord(byte[] buffer) throws IOException {
                return image.readRecord(buffer);
            }

            @Override
            public long tell() throws IOException {
                return image.tell();
            }

            @Override
            public void seek(long position) throws IOException {
                image.seek(position);
            }

            @Override
            public int maxRecord() {
                return image.maxRecord();
            }

            @Override
            public void close() throws IOException {
                image.close();
            }
        };
    }

    @Test
    void whereTheDriveCannotTellItsCapacityTheArchiveCutByTheEndOfTapeGoesToTheNextCartridge() throws Exception {
        List<TapeExporter.Item> items = List.of(item(1, 500_000), item(2, 2_000_000), item(3, 100_000));
        TapeExporter exporter = new TapeExporter(RECORD, Clock.systemUTC());
        long capacity = 30L * (RECORD + 8); // label 1, archive 1 about 9 records, archive 2 about 32: cut
        TapeExporter.Written first;
        try (TapeDevice tape = unknownCapacity(new SimhTapeImage(tmp.resolve("A.tap"), capacity, RECORD))) {
            first = exporter.export(tape, "VLM030L9", "appliance-1", items);
            assertEquals(List.of(), exporter.verify(tape, "VLM030L9", "appliance-1"), "the catalog follows archive 1");
        }
        assertEquals(
                List.of(1L),
                first.entries().stream().map(TapeExporter.Entry::sealNumber).toList());
        assertEquals(
                List.of(2L, 3L),
                first.left().stream().map(TapeExporter.Item::sealNumber).toList());
    }

    @Test
    void anArchiveLargerThanACartridgeSpansInPartsThatCatRejoinsAndTheCatalogSaysSo() throws Exception {
        TapeExporter.Item big = item(7, 5_000_000);
        TapeExporter.Item after = item(8, 200_000);
        TapeExporter exporter = new TapeExporter(RECORD, Clock.systemUTC());
        long capacity = 40L * (RECORD + 8); // about 2.6 MB a cartridge: the archive takes parts on two or three
        List<TapeExporter.Item> queue = List.of(big, after);
        List<TapeExporter.Entry> parts = new ArrayList<>();
        List<Path> images = new ArrayList<>();
        for (int cartridge = 0; !queue.isEmpty(); cartridge++) {
            assertTrue(cartridge < 5, "the export ends");
            String barcode = "VLM04" + cartridge + "L9";
            Path image = tmp.resolve(barcode + ".tap");
            images.add(image);
            try (SimhTapeImage tape = new SimhTapeImage(image, capacity, RECORD)) {
                TapeExporter.Written w = exporter.export(tape, barcode, "appliance-1", queue);
                assertEquals(List.of(), exporter.verify(tape, barcode, "appliance-1"));
                assertTrue(!w.entries().isEmpty(), "every cartridge takes something");
                w.entries().stream().filter(e -> e.span() != null).forEach(parts::add);
                queue = w.left();
            }
            assertTrue(Files.size(image) <= capacity);
        }
        assertTrue(parts.size() >= 2, parts.toString());
        for (int i = 0; i < parts.size(); i++) {
            TapeExporter.Span span = parts.get(i).span();
            assertEquals(i + 1, span.part());
            assertEquals(i == parts.size() - 1, span.last());
            assertEquals(Hashes.hex(Hashes.sha256(big.archive())), span.sha256());
        }

        // restore as docs/tape.md says: each part's tape file through GNU tar, then cat the parts in name order
        Path restore = Files.createDirectories(tmp.resolve("restore"));
        for (int cartridge = 0; cartridge < images.size(); cartridge++) {
            try (SimhTapeImage tape = new SimhTapeImage(images.get(cartridge), capacity, RECORD)) {
                for (int tapeFile = 0; ; tapeFile++) {
                    Path tar = tmp.resolve("c" + cartridge + "-f" + tapeFile + ".tar");
                    RecordInputStream in = new RecordInputStream(tape);
                    try (OutputStream out = Files.newOutputStream(tar)) {
                        in.transferTo(out);
                    }
                    if (in.records() == 0) {
                        break;
                    }
                    Commands.ok(
                            "tar", restore.toFile(), "tar", "-b", String.valueOf(RECORD / 512), "-xf", tar.toString());
                }
            }
        }
        String name = big.archive().getFileName().toString();
        Commands.ok("coreutils", restore.toFile(), "sh", "-c", "cat " + name + ".part-* > " + name);
        assertEquals(
                Hashes.hex(Hashes.sha256(big.archive())), Hashes.hex(Hashes.sha256(restore.resolve(name))), "rejoined");
        String pdf = big.attestation().getFileName().toString();
        assertEquals(Hashes.hex(Hashes.sha256(big.attestation())), Hashes.hex(Hashes.sha256(restore.resolve(pdf))));
        assertTrue(Files.exists(restore.resolve(after.archive().getFileName())), "the next archive follows whole");

        String catalog = Files.readString(restore.resolve(TapeExporter.CATALOG));
        assertTrue(catalog.contains("\"span\":{\"last\":"), catalog);
    }

    /** A crash cut the catalog after the last part: the restart keeps the part whole on the cartridge. */
    @Test
    void aRestartInsideASpanKeepsTheWholePartsOnTheCartridge() throws Exception {
        TapeExporter.Item big = item(9, 3_000_000);
        TapeExporter exporter = new TapeExporter(RECORD, Clock.systemUTC());
        long capacity = 40L * (RECORD + 8);
        TapeExporter.Written a;
        try (SimhTapeImage tape = new SimhTapeImage(tmp.resolve("A.tap"), capacity, RECORD)) {
            a = exporter.export(tape, "VLM050L9", "appliance-1", List.of(big));
        }
        TapeExporter.Item continuation = a.left().get(0);
        assertEquals(2, continuation.part());
        Path image = tmp.resolve("B.tap");
        TapeExporter.Written b;
        try (SimhTapeImage tape = new SimhTapeImage(image, capacity, RECORD)) {
            b = exporter.export(tape, "VLM051L9", "appliance-1", a.left());
        }
        assertTrue(b.left().isEmpty());
        // the end of the image: the catalog's one record, its filemark, and the closing marks: cut inside the catalog
        long cut = Files.size(image) - 12 - 4 - RECORD;
        try (RandomAccessFile f = new RandomAccessFile(image.toFile(), "rw")) {
            f.setLength(cut);
        }
        try (SimhTapeImage tape = new SimhTapeImage(image, capacity, RECORD)) {
            TapeExporter.Written resumed = exporter.resume(tape, "VLM051L9", "appliance-1", a.left());
            assertEquals(1, resumed.kept(), "part 2 was whole and stays");
            assertEquals(
                    b.entries().stream().map(TapeExporter.Entry::members).toList(),
                    resumed.entries().stream().map(TapeExporter.Entry::members).toList());
            assertEquals(List.of(), exporter.verify(tape, "VLM051L9", "appliance-1"));
        }
    }

    /**
     * Where the device cannot tell its capacity, the end of the tape may come inside an archive or inside the catalog:
     * at every capacity from 6 to 40 records, in steps of a third of a record, the cartridge ends with a catalog that
     * verifies, within the capacity, and every archive is on it or left for the next.
     */
    @Test
    void atAnyCapacityTheCatalogFindsRoomByGivingUpArchivesOnADriveThatCannotTellItsCapacity() throws Exception {
        List<TapeExporter.Item> items =
                List.of(item(1, 150_000), item(2, 90_000), item(3, 400_000), item(4, 20_000), item(5, 700_000));
        TapeExporter exporter = new TapeExporter(RECORD, Clock.systemUTC());
        for (long capacity = 6L * (RECORD + 8); capacity <= 40L * (RECORD + 8); capacity += (RECORD + 8) / 3) {
            Path image = tmp.resolve("cap-" + capacity + ".tap");
            TapeExporter.Written w;
            try (TapeDevice tape = unknownCapacity(new SimhTapeImage(image, capacity, RECORD))) {
                w = exporter.export(tape, "VLM070L9", "appliance-1", items);
                assertEquals(List.of(), exporter.verify(tape, "VLM070L9", "appliance-1"), "capacity " + capacity);
            }
            assertEquals(items.size(), w.entries().size() + w.left().size(), "capacity " + capacity);
            assertTrue(Files.size(image) <= capacity, "capacity " + capacity);
            Files.delete(image);
        }
    }

    /**
     * With the capacity known, archives of every size from a few blocks to several cartridges, at a small record size
     * where the label takes two records: each cartridge takes something, never more than it holds, until all is on
     * tape; an archive spans only when it would not fit on a cartridge holding nothing but the label.
     */
    @Test
    void withAKnownCapacityEveryCartridgeTakesSomethingAndAllEndsOnTape() throws Exception {
        int record = 2048;
        long capacity = 120L * (record + 8);
        java.util.Random random = new java.util.Random(7);
        TapeExporter exporter = new TapeExporter(record, Clock.systemUTC());
        for (int round = 0; round < 12; round++) {
            List<TapeExporter.Item> queue = new ArrayList<>();
            for (int n = 1; n <= 4; n++) {
                queue.add(item(round * 10L + n, 1 + random.nextInt(600_000)));
            }
            int cartridges = 0;
            while (!queue.isEmpty()) {
                assertTrue(++cartridges < 40, "round " + round + " ends");
                Path image = tmp.resolve("r" + round + "-" + cartridges + ".tap");
                try (SimhTapeImage tape = new SimhTapeImage(image, capacity, record)) {
                    TapeExporter.Written w = exporter.export(tape, "C" + cartridges, "appliance-1", queue);
                    assertEquals(List.of(), exporter.verify(tape, "C" + cartridges, "appliance-1"));
                    assertTrue(!w.entries().isEmpty(), "round " + round + ", cartridge " + cartridges + ": " + queue);
                    queue = w.left();
                }
                assertTrue(Files.size(image) <= capacity);
                Files.delete(image);
            }
        }
    }

    /** A crash inside part 2, before its filemark: the restart keeps nothing of it and writes it again whole. */
    @Test
    void aRestartInsideAPartWritesThatPartAgain() throws Exception {
        TapeExporter.Item big = item(10, 3_000_000);
        TapeExporter exporter = new TapeExporter(RECORD, Clock.systemUTC());
        long capacity = 25L * (RECORD + 8);
        TapeExporter.Written a;
        try (SimhTapeImage tape = new SimhTapeImage(tmp.resolve("A.tap"), capacity, RECORD)) {
            a = exporter.export(tape, "VLM080L9", "appliance-1", List.of(big));
        }
        Path image = tmp.resolve("B.tap");
        TapeExporter.Written b;
        try (SimhTapeImage tape = new SimhTapeImage(image, capacity, RECORD)) {
            b = exporter.export(tape, "VLM081L9", "appliance-1", a.left());
        }
        long cut = 2L * (RECORD + 8) + 4 + 5L * (RECORD + 8) + 100; // the label's record and filemark, 5 records in
        try (RandomAccessFile f = new RandomAccessFile(image.toFile(), "rw")) {
            f.setLength(cut);
        }
        try (SimhTapeImage tape = new SimhTapeImage(image, capacity, RECORD)) {
            TapeExporter.Written resumed = exporter.resume(tape, "VLM081L9", "appliance-1", a.left());
            assertEquals(0, resumed.kept());
            assertEquals(
                    b.entries().stream().map(TapeExporter.Entry::span).toList(),
                    resumed.entries().stream().map(TapeExporter.Entry::span).toList());
            assertEquals(List.of(), exporter.verify(tape, "VLM081L9", "appliance-1"));
        }
    }

    /** The label's record is whole but the crash came before its filemark: still this cartridge, written afresh. */
    @Test
    void aLabelCutBeforeItsFilemarkIsStillReadAndTheResumeStartsAfresh() throws Exception {
        TapeExporter exporter = new TapeExporter(RECORD, Clock.systemUTC());
        Path image = tmp.resolve("torn.tap");
        try (SimhTapeImage tape = new SimhTapeImage(image, Long.MAX_VALUE, RECORD)) {
            exporter.export(tape, "VLM090L9", "appliance-1", List.of(item(1, 1000)));
        }
        try (RandomAccessFile f = new RandomAccessFile(image.toFile(), "rw")) {
            f.setLength(RECORD + 8); // the label's record, nothing after it
        }
        try (SimhTapeImage tape = new SimhTapeImage(image, Long.MAX_VALUE, RECORD)) {
            assertEquals("VLM090L9", exporter.label(tape).get("barcode"));
            TapeExporter.Written w = exporter.resume(tape, "VLM090L9", "appliance-1", List.of(item(2, 5000)));
            assertEquals(1, w.entries().size());
            assertEquals(List.of(), exporter.verify(tape, "VLM090L9", "appliance-1"));
        }
    }

    @Test
    void beforeWritingACartridgeIsBlankAVellumTapeOrSomethingElseThatIsNeverOverwritten() throws Exception {
        TapeExporter exporter = new TapeExporter(RECORD, Clock.systemUTC());
        try (SimhTapeImage tape = new SimhTapeImage(tmp.resolve("blank.tap"), Long.MAX_VALUE, RECORD)) {
            assertNull(exporter.label(tape), "blank");
            exporter.export(tape, "VLM060L9", "appliance-1", List.of(item(1, 1000)));
            Map<String, Object> label = exporter.label(tape);
            assertEquals("VLM060L9", label.get("barcode"));
            assertEquals(TapeExporter.FORMAT, label.get("format"));
        }
        try (SimhTapeImage tape = new SimhTapeImage(tmp.resolve("other.tap"), Long.MAX_VALUE, RECORD)) {
            byte[] record = new byte[RECORD];
            new SecureRandom().nextBytes(record);
            tape.writeRecord(record, 0, RECORD);
            tape.writeFilemark();
            IOException e = assertThrows(IOException.class, () -> exporter.label(tape));
            assertTrue(e.getMessage().contains("something other than a Vellum tape"), e.getMessage());
        }
        // a Vellum tape written with 256 KiB records, read by an exporter set to 64 KiB: unreadable, not blank
        Path big = tmp.resolve("big-records.tap");
        try (SimhTapeImage tape = new SimhTapeImage(big, Long.MAX_VALUE, 256 * 1024)) {
            new TapeExporter(256 * 1024, Clock.systemUTC()).export(tape, "OTHER1", "other", List.of(item(3, 1000)));
        }
        try (SimhTapeImage tape = new SimhTapeImage(big, Long.MAX_VALUE, RECORD)) {
            IOException e = assertThrows(IOException.class, () -> exporter.label(tape));
            assertTrue(e.getMessage().contains("cannot be read"), e.getMessage());
        }
    }
}
