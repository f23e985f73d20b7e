package org.vellum.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.vellum.ledger.Hashes;
import org.vellum.pki.EmbeddedPki;
import org.vellum.testing.Tool;

/**
 * The attestation judged by tools that do not know Vellum: veraPDF (PDF/A-3b), poppler's pdfsig (the signature, with
 * the embedded root trusted in an NSS database; it exits 0 even on failure, so its text is parsed), qpdf (structure),
 * and a page rendered by pdftoppm and read back by tesseract OCR for its key figures. The rendered page is kept as
 * target/attestation/page-1.png (docs/attestation-page-1.png is one such page).
 */
class AttestationTest {
    private static final Path OUT = Path.of("target", "attestation");

    private static ArchiveFixture fixture;
    private static ArchiveWriter.Written archive;
    private static Path pdf;

    @BeforeAll
    static void write() throws Exception {
        Files.createDirectories(OUT);
        fixture = new ArchiveFixture(Files.createTempDirectory(OUT, "fixture"), 120, 200, 594);
        archive = fixture.archive(1, 1 << 20);
        pdf = Files.copy(
                fixture.attestation(archive, 1),
                OUT.resolve("attestation.pdf"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    @AfterAll
    static void close() {
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void veraPdfFindsItPdfA3b() throws Exception {
        Path jar = Path.of("target", "tools", "verapdf.jar");
        assertTrue(Files.exists(jar), "the build copies veraPDF's command-line jar to " + jar);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String report = Tool.run(
                        "openjdk-17-jre-headless",
                        java,
                        "-cp",
                        jar.toString(),
                        "org.verapdf.apps.GreenfieldCliWrapper",
                        "--flavour",
                        "3b",
                        "--format",
                        "text",
                        pdf.toString())
                .output();
        assertTrue(report.contains("PASS ") && !report.contains("FAIL "), report);
    }

    @Test
    void pdfsigFindsTheSignatureValidTrustedAndCoveringTheWholeDocument() throws Exception {
        Path nss = nssDatabase();
        String out = Tool.run("poppler-utils", "pdfsig", "-nssdir", "sql:" + nss, pdf.toString())
                .output();
        assertTrue(out.contains("Signature is Valid."), out);
        assertTrue(out.contains("Certificate is Trusted."), out);
        assertTrue(out.contains("Total document signed"), out);
        assertTrue(out.contains("ETSI.CAdES.detached"), out);

        Path updated = OUT.resolve("updated.pdf");
        try (PDDocument doc = Loader.loadPDF(pdf.toFile());
                var stream = Files.newOutputStream(updated)) {
            doc.getDocumentInformation().setTitle("Changed after signing");
            doc.getDocumentInformation().getCOSObject().setNeedToBeUpdated(true);
            doc.saveIncremental(stream);
        }
        String after = Tool.run("poppler-utils", "pdfsig", "-nssdir", "sql:" + nss, updated.toString())
                .output();
        assertTrue(after.contains("Not total document signed"), after);
    }

    @Test
    void qpdfFindsTheStructureSound() throws Exception {
        Tool.Result r = Tool.run("qpdf", "qpdf", "--check", pdf.toString());
        assertEquals(0, r.exit(), r.output());
        assertTrue(r.output().contains("No syntax or stream encoding errors found"), r.output());
    }

    @Test
    void theArchiveManifestAndFactsAreEmbeddedAsAssociatedFiles() throws Exception {
        try (PDDocument doc = Loader.loadPDF(pdf.toFile())) {
            var af = doc.getDocumentCatalog().getCOSObject().getCOSArray(org.apache.pdfbox.cos.COSName.AF);
            assertEquals(2, af.size());
            Map<String, org.apache.pdfbox.pdmodel.common.filespecification.PDComplexFileSpecification> files =
                    doc.getDocumentCatalog().getNames().getEmbeddedFiles().getNames();
            assertEquals(
                    archive.manifest().length,
                    files.get("ASiCManifest.xml").getEmbeddedFile().toByteArray().length);
            assertEquals("Data", files.get("ASiCManifest.xml").getCOSObject().getNameAsString("AFRelationship"));
            AttestationFacts facts = AttestationFacts.parse(
                    files.get(ArchiveLayout.ATTESTATION_FACTS).getEmbeddedFile().toByteArray());
            assertEquals(Hashes.hex(archive.sha256()), Hashes.hex(facts.archiveSha256()));
        }
    }

    @Test
    void aRenderedPageShowsTheKeyFigures() throws Exception {
        Tool.ok(
                "poppler-utils",
                "pdftoppm",
                "-r",
                "200",
                "-png",
                "-f",
                "1",
                "-l",
                "1",
                "-singlefile",
                pdf.toString(),
                OUT.resolve("page-1").toString());
        Path png = OUT.resolve("page-1.png");
        assertTrue(Files.size(png) > 10_000, "a page with text renders to more than a blank PNG");
        String ocr = Tool.ok("tesseract-ocr", "tesseract", png.toString(), "stdout");
        String flat = ocr.replaceAll("\\s+", "");
        var seal = fixture.seals.get(1);
        assertTrue(ocr.contains("Attestation of archive: seal 2"), ocr);
        assertTrue(flat.contains(seal.treeSize() + "(seq" + seal.firstSeq() + "to" + seal.lastSeq() + ")"), ocr);
        assertTrue(hexIn(flat, Hashes.hex(archive.sha256())), "the archive's SHA-256 on the page: " + ocr);
        assertTrue(hexIn(flat, Hashes.hex(seal.merkleRoot())), "the Merkle root on the page: " + ocr);
        assertFalse(ocr.toLowerCase(Locale.ROOT).contains("kowalsk"), "no personal data on the page");

        String text = Tool.ok("poppler-utils", "pdftotext", "-layout", pdf.toString(), "-");
        assertTrue(text.contains(Hashes.hex(seal.chainHash()).substring(0, 40)), text);
        assertTrue(text.contains("task.created"), text);
        assertTrue(text.contains("Started before the period"), text);
        assertTrue(text.contains("malformed_json"), "quarantine by reason: " + text);
        assertTrue(text.contains("Art. 5(1)(f)") && text.contains("ALCOA+"), text);
        assertTrue(text.contains("Pseudonymized") && text.contains("user: "), "pseudonymized by field: " + text);
        assertFalse(
                text.contains("kowalsk")
                        || text.contains("example.com")
                        || text.contains("WX 4711K")
                        || text.contains("10.0.0."),
                "no personal data anywhere in the text");
    }

    /** Whether {@code hex} appears in OCR text, forgiving the letters OCR confuses with hex digits. */
    private static boolean hexIn(String ocr, String hex) {
        String normalized = ocr.toLowerCase(Locale.ROOT)
                .replace('o', '0')
                .replace('l', '1')
                .replace('i', '1')
                .replace('s', '5');
        String wanted = hex.replace('o', '0');
        return nearlyIn(normalized, wanted.substring(0, 32)) && nearlyIn(normalized, wanted.substring(32));
    }

    /**
     * Whether {@code part} stands in {@code text} with at most two characters read wrongly, added or dropped (edit
     * distance, any start): OCR takes a 1 for a t now and then, and reads "ffd" as "ffid" (both seen in CI). Thirty-two
     * hex digits that are not on the page do not come that close.
     */
    private static boolean nearlyIn(String text, String part) {
        int m = part.length();
        int[] previous = new int[m + 1];
        int[] current = new int[m + 1];
        for (int i = 0; i <= m; i++) {
            previous[i] = i;
        }
        for (int j = 1; j <= text.length(); j++) {
            current[0] = 0; // a match may start anywhere in the text
            for (int i = 1; i <= m; i++) {
                int substitute = previous[i - 1] + (part.charAt(i - 1) == text.charAt(j - 1) ? 0 : 1);
                current[i] = Math.min(substitute, Math.min(previous[i] + 1, current[i - 1] + 1));
            }
            if (current[m] <= 2) {
                return true;
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return false;
    }

    private static Path nssDatabase() throws Exception {
        Path nss = Files.createTempDirectory(OUT, "nss");
        Tool.ok("libnss3-tools", "certutil", "-N", "-d", "sql:" + nss, "--empty-password");
        Path root = nss.resolve("root.pem");
        Files.writeString(root, EmbeddedPki.pem(fixture.pki.root().certificate()));
        Tool.ok(
                "libnss3-tools",
                "certutil",
                "-A",
                "-d",
                "sql:" + nss,
                "-n",
                "vellum-root",
                "-t",
                "C,C,C",
                "-a",
                "-i",
                root.toString());
        return nss;
    }
}
