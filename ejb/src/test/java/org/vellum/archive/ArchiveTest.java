package org.vellum.archive;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vellum.ledger.Hashes;
import org.vellum.seal.SealSignature;
import org.vellum.testing.OpenSsl;

/**
 * Archives and attestations as the production code writes them, checked by {@link ArchiveVerifier} and by OpenSSL,
 * then damaged one way at a time: every damage must be found and named, with the member and the entry.
 */
class ArchiveTest {
    @TempDir
    static Path dir;

    private static ArchiveFixture fixture;
    private static ArchiveWriter.Written first;
    private static ArchiveWriter.Written second;
    private static Path firstPdf;
    private static Path secondPdf;

    @BeforeAll
    static void write() throws Exception {
        fixture = new ArchiveFixture(dir, 120, 200, 594);
        first = fixture.archive(0, 1 << 20);
        second = fixture.archive(1, 16 << 10); // small parts, so that seal 2's entries span several
        firstPdf = fixture.attestation(first, 0);
        secondPdf = fixture.attestation(second, 1);
    }

    @AfterAll
    static void close() {
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void bothArchivesVerifyWholeWithTheirAttestations() throws Exception {
        for (ArchiveWriter.Written w : List.of(first, second)) {
            Path pdf = w == first ? firstPdf : secondPdf;
            ArchiveReport report = ArchiveVerifier.verify(w.file(), pdf, fixture.trust);
            assertTrue(report.intact(), () -> "problems: " + report.problems());
            assertTrue(
                    report.held().stream()
                            .anyMatch(l -> l.startsWith("entries: " + w.header().entries() + " ")),
                    () -> String.join("\n", report.held()));
            assertTrue(report.held().stream().anyMatch(l -> l.contains("describes this archive")));
        }
        assertTrue(second.header().parts().size() >= 3, "seal 2's 394 entries fill several 16 KiB parts");
        assertEquals(
                fixture.seals.get(1).firstSeq(), second.header().parts().get(0).firstSeq());
        assertEquals(
                fixture.seals.get(1).lastSeq(),
                second.header().parts().get(second.header().parts().size() - 1).lastSeq());
    }

    @Test
    void theContainerIsAsicE() throws Exception {
        byte[] head = Arrays.head(second.file(), 38 + ArchiveLayout.MIMETYPE.length());
        assertEquals("PK\u0003\u0004", new String(head, 0, 4, StandardCharsets.ISO_8859_1));
        assertEquals(0, head[8] | head[9], "mimetype is stored");
        assertEquals(0, head[28] | head[29], "mimetype has no extra field");
        assertEquals(
                "mimetype" + ArchiveLayout.MIMETYPE, new String(head, 30, head.length - 30, StandardCharsets.US_ASCII));
        try (ZipFile zip = ZipFile.builder().setPath(second.file()).get()) {
            List<String> names = new ArrayList<>();
            zip.getEntries().asIterator().forEachRemaining(e -> names.add(e.getName()));
            assertTrue(
                    names.containsAll(List.of(
                            ArchiveLayout.MANIFEST,
                            ArchiveLayout.SIGNATURE,
                            ArchiveLayout.SEAL,
                            ArchiveLayout.SEAL_SIGNATURE,
                            ArchiveLayout.PREVIOUS_SEAL,
                            ArchiveLayout.ARCHIVE_JSON,
                            ArchiveLayout.SUMMARY,
                            ArchiveLayout.POLICY,
                            ArchiveLayout.part(1))),
                    names::toString);
            AsicManifest manifest = AsicManifest.parse(read(zip, ArchiveLayout.MANIFEST));
            assertEquals(names.size() - 3, manifest.references().size(), "every member but the container's own");
            for (AsicManifest.Reference r : manifest.references()) {
                assertArrayEquals(Hashes.sha256(read(zip, r.uri())), r.sha256(), r.uri());
            }
        }
    }

    @Test
    void openSslVerifiesTheSignatureAndItsTimeStamp() throws Exception {
        Path out = Files.createDirectories(dir.resolve("openssl"));
        Path manifest = out.resolve("ASiCManifest.xml");
        Path p7s = out.resolve("signature.p7s");
        try (ZipFile zip = ZipFile.builder().setPath(second.file()).get()) {
            Files.write(manifest, read(zip, ArchiveLayout.MANIFEST));
            Files.write(p7s, read(zip, ArchiveLayout.SIGNATURE));
        }
        Path root = fixture.rootPem();
        String cms = OpenSsl.cmsVerify(p7s, manifest, root).output();
        assertTrue(cms.contains("Verification successful"), cms);

        Path token = out.resolve("token.der");
        Files.write(token, SealSignature.timeStampToken(Files.readAllBytes(p7s)));
        Path value = out.resolve("signature-value.bin");
        Files.write(
                value,
                new org.bouncycastle.cms.CMSSignedData(Files.readAllBytes(p7s))
                        .getSignerInfos()
                        .getSigners()
                        .iterator()
                        .next()
                        .getSignature());
        String ts = OpenSsl.tsVerify(value, token, root).output();
        assertTrue(ts.contains("Verification: OK"), ts);

        String text = new String(Files.readAllBytes(manifest), StandardCharsets.UTF_8);
        int at = text.indexOf("<ds:DigestValue>") + "<ds:DigestValue>".length();
        char changed = text.charAt(at) == 'A' ? 'B' : 'A'; // always a different digest, whatever the first character
        Files.write(
                manifest, (text.substring(0, at) + changed + text.substring(at + 1)).getBytes(StandardCharsets.UTF_8));
        OpenSsl.Result tampered = OpenSsl.cmsVerify(p7s, manifest, root);
        assertFalse(tampered.ok(), "OpenSSL must refuse a changed manifest: " + tampered.output());
    }

    @Test
    void oneChangedByteInAnEntryIsNamedWithItsMemberAndSeq() throws Exception {
        String part = ArchiveLayout.part(2);
        Path bad = rewrite("changed-entry", (name, bytes) -> {
            if (!name.equals(part)) {
                return bytes;
            }
            String text = new String(bytes, StandardCharsets.UTF_8);
            int line = text.indexOf('\n', text.indexOf('\n') + 1) + 1; // the part's third line
            int at = text.indexOf("\"node\":\"anon-", line) + "\"node\":\"anon-".length();
            char digit = text.charAt(at);
            return (text.substring(0, at) + (digit == '9' ? '8' : (char) (digit + 1)) + text.substring(at + 1))
                    .getBytes(StandardCharsets.UTF_8);
        });
        ArchiveReport report = ArchiveVerifier.verify(bad, null, fixture.trust);
        long third = second.header().parts().get(1).firstSeq() + 2;
        assertProblem(report, ArchiveFailure.DIGEST_MISMATCH, part, null);
        assertProblem(report, ArchiveFailure.ENTRY_CHANGED, part, third);
    }

    @Test
    void aFlippedByteOnTheMediumIsNamed() throws Exception {
        byte[] bytes = Files.readAllBytes(second.file());
        long offset = localDataOffset(second.file(), ArchiveLayout.part(1)) + 100;
        bytes[(int) offset] ^= 0x20;
        Path bad = dir.resolve("flipped.asice");
        Files.write(bad, bytes);
        ArchiveReport report = ArchiveVerifier.verify(bad, null, fixture.trust);
        assertFalse(report.intact());
        assertTrue(
                report.has(ArchiveFailure.MEMBER_CORRUPT) || report.has(ArchiveFailure.DIGEST_MISMATCH),
                report.problems()::toString);
        assertEquals(ArchiveLayout.part(1), report.first().member(), report.problems()::toString);
    }

    @Test
    void aRemovedMemberIsNamed() throws Exception {
        String part = ArchiveLayout.part(3);
        ArchiveReport report =
                ArchiveVerifier.verify(rewrite("removed", (n, b) -> n.equals(part) ? null : b), null, fixture.trust);
        assertProblem(report, ArchiveFailure.MEMBER_MISSING, part, null);
        assertProblem(
                report,
                ArchiveFailure.ENTRY_MISSING,
                part,
                second.header().parts().get(2).firstSeq());
    }

    @Test
    void anAddedMemberIsNamed() throws Exception {
        Path bad = rewrite("added", (n, b) -> b, Map.of("entries/part-999999.jsonl", "{}\n".getBytes()));
        ArchiveReport report = ArchiveVerifier.verify(bad, null, fixture.trust);
        assertProblem(report, ArchiveFailure.MEMBER_UNLISTED, "entries/part-999999.jsonl", null);
        assertEquals(1, report.problems().size(), report.problems()::toString);
    }

    /**
     * Member names that would lead out of a folder if the container were extracted: the verifier reads members in
     * memory only, names each as not listed in the signed manifest, and writes nothing anywhere.
     */
    @Test
    void membersNamedOutOfTheContainerAreNamedAndNothingIsWritten() throws Exception {
        List<String> names = List.of(
                "../evil.jsonl",
                "/tmp/abs-evil.jsonl",
                "entries/../../up.jsonl",
                "..\\win.jsonl",
                "entries/a\u0000b.jsonl");
        Map<String, byte[]> added = new java.util.LinkedHashMap<>();
        names.forEach(n -> added.put(n, "{}\n".getBytes(StandardCharsets.UTF_8)));
        Path bad = rewrite("traversal", (n, b) -> b, added);
        List<Path> before = tree(dir);
        ArchiveReport report = ArchiveVerifier.verify(bad, null, fixture.trust);
        for (String name : names) {
            // the ZIP writer stores a backslash as the separator it is on Windows, '/'
            assertProblem(report, ArchiveFailure.MEMBER_UNLISTED, name.replace('\\', '/'), null);
        }
        assertEquals(names.size(), report.problems().size(), report.problems()::toString);
        assertEquals(before, tree(dir), "the verifier wrote nothing");
        for (Path escaped : List.of(
                dir.getParent().resolve("evil.jsonl"),
                dir.getParent().resolve("up.jsonl"),
                Path.of("/tmp/abs-evil.jsonl"),
                dir.resolve("..\\win.jsonl"))) {
            assertFalse(Files.exists(escaped), escaped::toString);
        }
    }

    /** A manifest with an external entity: refused, and the file it names shows neither in the report nor on disk. */
    @Test
    void aManifestWithAnExternalEntityIsRefusedAndTheFileShowsNowhere() throws Exception {
        String marker = "VELLUM-SECRET-" + java.util.UUID.randomUUID();
        Path secret = Files.writeString(dir.resolve("secret.txt"), marker);
        Path bad = rewrite(
                "xxe",
                (n, b) -> n.equals(ArchiveLayout.MANIFEST)
                        ? new String(b, StandardCharsets.UTF_8)
                                .replace(
                                        "<asic:ASiCManifest",
                                        "<!DOCTYPE asic:ASiCManifest [<!ENTITY xxe SYSTEM \"" + secret.toUri()
                                                + "\">]><asic:ASiCManifest")
                                .replaceFirst("<ds:DigestValue>", "<ds:DigestValue>&xxe;")
                                .getBytes(StandardCharsets.UTF_8)
                        : b);
        ArchiveReport report = ArchiveVerifier.verify(bad, null, fixture.trust);
        assertFalse(report.intact());
        assertTrue(
                report.problems().stream().anyMatch(p -> ArchiveLayout.MANIFEST.equals(p.member())),
                report.problems()::toString);
        String everything = report.problems() + " " + report.held();
        assertFalse(everything.contains(marker), everything);
    }

    private static List<Path> tree(Path root) throws IOException {
        try (var walk = Files.walk(root)) {
            return walk.filter(p -> !p.toString().endsWith("traversal.asice"))
                    .sorted()
                    .toList();
        }
    }

    @Test
    void digestsRewrittenWithoutTheKeyBreakTheSignature() throws Exception {
        String part = ArchiveLayout.part(1);
        byte[] original;
        try (ZipFile zip = ZipFile.builder().setPath(second.file()).get()) {
            original = read(zip, part);
        }
        byte[] changed = new String(original, StandardCharsets.UTF_8)
                .replaceFirst("anon-1", "anon-2")
                .getBytes(StandardCharsets.UTF_8);
        String oldDigest = java.util.Base64.getEncoder().encodeToString(Hashes.sha256(original));
        String newDigest = java.util.Base64.getEncoder().encodeToString(Hashes.sha256(changed));
        Path bad = rewrite(
                "redigested",
                (n, b) -> n.equals(part)
                        ? changed
                        : n.equals(ArchiveLayout.MANIFEST)
                                ? new String(b, StandardCharsets.UTF_8)
                                        .replace(oldDigest, newDigest)
                                        .getBytes(StandardCharsets.UTF_8)
                                : b);
        ArchiveReport report = ArchiveVerifier.verify(bad, null, fixture.trust);
        assertProblem(report, ArchiveFailure.SIGNATURE_INVALID, ArchiveLayout.SIGNATURE, null);
        assertFalse(report.has(ArchiveFailure.DIGEST_MISMATCH), "the digests were made to match");
        assertTrue(report.has(ArchiveFailure.ENTRY_CHANGED), report.problems()::toString);
    }

    @Test
    void anAttestationOfAnotherArchiveIsNamed() throws Exception {
        ArchiveReport report = ArchiveVerifier.verify(second.file(), firstPdf, fixture.trust);
        assertProblem(
                report,
                ArchiveFailure.ATTESTATION_MISMATCH,
                firstPdf.getFileName().toString(),
                null);
        assertEquals(1, report.problems().size(), report.problems()::toString);
    }

    @Test
    void anIncrementalUpdateAfterSigningIsNamed() throws Exception {
        Path updated = dir.resolve("updated.pdf");
        try (PDDocument doc = Loader.loadPDF(secondPdf.toFile());
                var out = Files.newOutputStream(updated)) {
            doc.getDocumentInformation().setTitle("Nothing happened");
            doc.getDocumentInformation().getCOSObject().setNeedToBeUpdated(true);
            doc.saveIncremental(out);
        }
        assertTrue(Files.size(updated) > Files.size(secondPdf));
        ArchiveReport report = ArchiveVerifier.verify(second.file(), updated, fixture.trust);
        assertProblem(report, ArchiveFailure.ATTESTATION_MODIFIED, "updated.pdf", null);
    }

    @Test
    void anEmptyPeriodIsArchivedAndVerifies() throws Exception {
        try (ArchiveFixture empty = new ArchiveFixture(Files.createDirectories(dir.resolve("empty")), 5, 0, 26, 26)) {
            ArchiveWriter.Written w = empty.archive(2, 1 << 20);
            assertEquals(0, w.header().entries());
            assertEquals(0, w.header().parts().size());
            ArchiveReport report = ArchiveVerifier.verify(w.file(), empty.attestation(w, 2), empty.trust);
            assertTrue(report.intact(), report.problems()::toString);
        }
    }

    // ---- helpers

    private static void assertProblem(ArchiveReport report, ArchiveFailure failure, String member, Long seq) {
        assertTrue(
                report.problems().stream()
                        .anyMatch(p -> p.failure() == failure
                                && java.util.Objects.equals(p.member(), member)
                                && (seq == null || seq.equals(p.seq()))),
                () -> "expected " + failure + " for " + member + (seq == null ? "" : " seq " + seq) + ", got "
                        + report.problems());
    }

    private static byte[] read(ZipFile zip, String name) throws IOException {
        try (InputStream in = zip.getInputStream(zip.getEntry(name))) {
            return in.readAllBytes();
        }
    }

    private static Path rewrite(String name, BiFunction<String, byte[], byte[]> change) throws IOException {
        return rewrite(name, change, Map.of());
    }

    /** A copy of seal 2's archive, each member passed through {@code change} (null drops it), members added last. */
    private static Path rewrite(String name, BiFunction<String, byte[], byte[]> change, Map<String, byte[]> added)
            throws IOException {
        Path out = dir.resolve(name + ".asice");
        try (ZipFile zip = ZipFile.builder().setPath(second.file()).get();
                ZipArchiveOutputStream z = new ZipArchiveOutputStream(out)) {
            for (Enumeration<ZipArchiveEntry> e = zip.getEntriesInPhysicalOrder(); e.hasMoreElements(); ) {
                ZipArchiveEntry entry = e.nextElement();
                byte[] bytes = change.apply(entry.getName(), read(zip, entry.getName()));
                if (bytes != null) {
                    put(z, entry.getName(), bytes, entry.getMethod());
                }
            }
            for (Map.Entry<String, byte[]> a : added.entrySet()) {
                put(z, a.getKey(), a.getValue(), ZipEntry.DEFLATED);
            }
        }
        return out;
    }

    private static void put(ZipArchiveOutputStream z, String name, byte[] bytes, int method) throws IOException {
        ZipArchiveEntry entry = new ZipArchiveEntry(name);
        entry.setMethod(method);
        if (method == ZipEntry.STORED) {
            CRC32 crc = new CRC32();
            crc.update(bytes);
            entry.setSize(bytes.length);
            entry.setCrc(crc.getValue());
        }
        z.putArchiveEntry(entry);
        z.write(bytes);
        z.closeArchiveEntry();
    }

    private static long localDataOffset(Path file, String name) throws IOException {
        try (ZipFile zip = ZipFile.builder().setPath(file).get()) {
            return zip.getEntry(name).getDataOffset();
        }
    }

    /** Reading the start of a file. */
    private static final class Arrays {
        static byte[] head(Path file, int n) throws IOException {
            try (InputStream in = new ByteArrayInputStream(Files.readAllBytes(file))) {
                return in.readNBytes(n);
            }
        }
    }
}
