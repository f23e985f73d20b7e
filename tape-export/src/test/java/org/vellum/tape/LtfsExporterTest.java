package org.vellum.tape;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vellum.canonical.CanonicalJson;
import org.vellum.canonical.Json;
import org.vellum.ledger.Hashes;

/**
 * Export to an LTFS-mounted cartridge, on a plain folder here (no LTFS drive on these machines; LTFS presents a POSIX
 * file system, so the folder exercises the same calls): files in place and read back, a restart that keeps what is
 * whole, a damaged file named, a wrong cartridge refused.
 */
class LtfsExporterTest {
    @TempDir
    Path tmp;

    private List<TapeExporter.Item> items(int count) throws IOException {
        List<TapeExporter.Item> items = new ArrayList<>();
        SecureRandom random = new SecureRandom();
        for (int n = 1; n <= count; n++) {
            byte[] a = new byte[100_000 * n];
            byte[] p = new byte[5_000 + n];
            random.nextBytes(a);
            random.nextBytes(p);
            items.add(new TapeExporter.Item(
                    n,
                    Files.write(tmp.resolve("vellum-x-seal-00000" + n + ".asice"), a),
                    Files.write(tmp.resolve("vellum-x-seal-00000" + n + ".pdf"), p)));
        }
        return items;
    }

    @Test
    void anExportIsReadBackAndAResumeKeepsWhatIsWhole() throws Exception {
        List<TapeExporter.Item> items = items(3);
        Path mount = Files.createDirectories(tmp.resolve("ltfs"));
        LtfsExporter ltfs = new LtfsExporter(Clock.systemUTC());

        // a crash after archive 1 and halfway through archive 2's copy
        ltfs.export(mount, "VLM030L9", "appliance-1", items.subList(0, 1));
        Files.write(
                mount.resolve(LtfsExporter.ARCHIVES).resolve(".vellum-x-seal-000002.asice.cut.partial"),
                new byte[1000]);

        TapeExporter.Written w = ltfs.export(mount, "VLM030L9", "appliance-1", items);
        assertEquals(3, w.entries().size());
        assertEquals(List.of(), ltfs.verify(mount, "VLM030L9", "appliance-1"));
        try (Stream<Path> files = Files.list(mount.resolve(LtfsExporter.ARCHIVES))) {
            assertEquals(6, files.count(), "three archives with their attestations; the cut copy's leftover is gone");
        }

        Path two = mount.resolve(LtfsExporter.ARCHIVES).resolve("vellum-x-seal-000002.asice");
        try (RandomAccessFile f = new RandomAccessFile(two.toFile(), "rw")) {
            f.seek(5000);
            int b = f.read();
            f.seek(5000);
            f.write(b ^ 0x01);
        }
        List<TapeProblem> problems = ltfs.verify(mount, "VLM030L9", "appliance-1");
        assertEquals(1, problems.size(), problems.toString());
        assertEquals(TapeProblem.Kind.DIGEST_MISMATCH, problems.get(0).kind());
        assertEquals("archives/vellum-x-seal-000002.asice", problems.get(0).member());

        assertEquals(
                TapeProblem.Kind.WRONG_CARTRIDGE,
                ltfs.verify(mount, "VLM031L9", "appliance-1").get(0).kind());
        IOException wrong = assertThrows(IOException.class, () -> ltfs.export(mount, "VLM031L9", "appliance-1", items));
        assertTrue(wrong.getMessage().contains("wrong cartridge"), wrong.getMessage());
        assertThrows(
                java.nio.file.FileAlreadyExistsException.class,
                () -> ltfs.export(mount, "VLM030L9", "appliance-1", items),
                "a damaged file is not silently replaced");
    }

    /**
     * A catalog is read from the volume, which may come from anywhere: a member name that leads off the volume (../,
     * absolute, a/../../b, a backslash, NUL, a link out) is named as not on the volume; nothing off it is read or
     * vouched for, and no exception escapes.
     */
    @Test
    void memberNamesLeadingOffTheVolumeAreNamedNotOnIt() throws Exception {
        List<TapeExporter.Item> items = items(1);
        Path mount = Files.createDirectories(tmp.resolve("ltfs-names"));
        LtfsExporter ltfs = new LtfsExporter(Clock.systemUTC());
        ltfs.export(mount, "VLM040L9", "appliance-1", items);
        Path outside = Files.write(tmp.resolve("outside.bin"), new byte[] {1, 2, 3});
        String outsideSha256 = Hashes.hex(Hashes.sha256(outside));
        Files.createSymbolicLink(mount.resolve(LtfsExporter.ARCHIVES).resolve("link.bin"), outside);
        List<String> names = List.of(
                "../outside.bin",
                outside.toString(),
                LtfsExporter.ARCHIVES + "/../../outside.bin",
                "..\\outside.bin",
                "archives/a\u0000b",
                LtfsExporter.ARCHIVES + "/link.bin");
        Path catalogFile = mount.resolve(TapeExporter.CATALOG);
        Map<String, Object> catalog = new LinkedHashMap<>(Json.parseObject(Files.readString(catalogFile)));
        List<Object> files = new ArrayList<>((List<?>) catalog.get("files"));
        files.add(Map.of(
                "seal_number",
                99,
                "members",
                names.stream()
                        .map(n -> Map.of("name", n, "size", 3, "sha256", outsideSha256))
                        .toList()));
        catalog.put("files", files);
        Files.write(catalogFile, CanonicalJson.bytes(catalog));

        List<TapeProblem> problems = ltfs.verify(mount, "VLM040L9", "appliance-1");
        assertEquals(names, problems.stream().map(TapeProblem::member).toList(), problems::toString);
        problems.forEach(p -> assertEquals(TapeProblem.Kind.MEMBER_MISMATCH, p.kind(), p::toString));
    }
}
