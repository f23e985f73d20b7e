package org.vellum.archive;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentNameDictionary;
import org.apache.pdfbox.pdmodel.PDEmbeddedFilesNameTreeNode;
import org.apache.pdfbox.pdmodel.common.filespecification.PDComplexFileSpecification;
import org.apache.pdfbox.pdmodel.common.filespecification.PDEmbeddedFile;
import org.apache.pdfbox.pdmodel.interactive.digitalsignature.PDSignature;
import org.vellum.ledger.Hashes;
import org.vellum.seal.Seal;
import org.vellum.seal.SealException;
import org.vellum.seal.SealSignature;
import org.vellum.seal.TrustAnchors;

/**
 * Checks an attestation PDF (docs/FORMAT.md §9.5): signed exactly once, PAdES-BASELINE-T (sub-filter
 * ETSI.CAdES.detached, the CAdES checks of {@link SealSignature} over the signed byte ranges), the signature covering
 * the whole file so that nothing was appended after signing, and its embedded {@code attestation.json} and manifest
 * naming this archive.
 */
final class AttestationCheck {
    static final String SUB_FILTER = "ETSI.CAdES.detached";

    private AttestationCheck() {}

    static void verify(
            Path pdf,
            Path archive,
            byte[] manifest,
            byte[] summarySha256,
            Seal seal,
            TrustAnchors trust,
            ArchiveReport report)
            throws IOException {
        String name = pdf.getFileName().toString();
        byte[] bytes = Files.readAllBytes(pdf);
        try (PDDocument doc = Loader.loadPDF(bytes)) {
            List<PDSignature> signatures = doc.getSignatureDictionaries();
            if (signatures.size() != 1) {
                report.problem(
                        ArchiveFailure.ATTESTATION_INVALID,
                        name,
                        null,
                        "signed " + signatures.size() + " times; an attestation is signed exactly once");
                return;
            }
            PDSignature signature = signatures.get(0);
            int[] range = signature.getByteRange();
            if (range == null
                    || range.length != 4
                    || range[0] != 0
                    || range[1] < 0
                    || range[2] <= range[1]
                    || range[3] < 0
                    || (long) range[2] + range[3] > bytes.length) {
                report.problem(
                        ArchiveFailure.ATTESTATION_INVALID,
                        name,
                        null,
                        "the signature's byte range " + Arrays.toString(range) + " does not fit the file");
                return;
            }
            if (!SUB_FILTER.equals(signature.getSubFilter())) {
                report.problem(
                        ArchiveFailure.ATTESTATION_INVALID,
                        name,
                        null,
                        "sub-filter " + signature.getSubFilter() + ", PAdES-BASELINE needs " + SUB_FILTER);
                return;
            }
            long end = (long) range[2] + range[3];
            if (end != bytes.length) {
                report.problem(
                        ArchiveFailure.ATTESTATION_MODIFIED,
                        name,
                        null,
                        (bytes.length - end) + " bytes follow the signed revision (an incremental update added"
                                + " after signing); what they change is not covered by the signature");
                return;
            }
            try {
                SealSignature.Verified v = SealSignature.verify(
                        signature.getSignedContent(bytes), withoutPadding(signature.getContents(bytes)), trust);
                report.held("attestation " + name + ": PAdES-BASELINE-T signature over the whole file by "
                        + v.signer().getSubjectX500Principal().getName() + ", time-stamped "
                        + v.timeStamp().genTime() + " by " + v.timeStamp().tsaName());
            } catch (SealException e) {
                report.problem(ArchiveFailure.ATTESTATION_INVALID, name, null, e.failure() + ": " + e.getMessage());
                return;
            }
            Map<String, byte[]> embedded = embedded(doc);
            byte[] factsBytes = embedded.get(ArchiveLayout.ATTESTATION_FACTS);
            byte[] embeddedManifest = embedded.get("ASiCManifest.xml");
            if (factsBytes == null || embeddedManifest == null) {
                report.problem(
                        ArchiveFailure.ATTESTATION_MISMATCH,
                        name,
                        null,
                        "it does not embed attestation.json and ASiCManifest.xml");
                return;
            }
            AttestationFacts facts;
            try {
                facts = AttestationFacts.parse(factsBytes);
            } catch (IllegalArgumentException e) {
                report.problem(ArchiveFailure.ATTESTATION_MISMATCH, name, null, e.getMessage());
                return;
            }
            byte[] archiveSha256 = Hashes.sha256(archive);
            if (!Arrays.equals(facts.archiveSha256(), archiveSha256)) {
                report.problem(
                        ArchiveFailure.ATTESTATION_MISMATCH,
                        name,
                        null,
                        "it attests archive " + facts.archiveName() + " (seal " + facts.sealNumber() + ") with SHA-256 "
                                + Hashes.hex(facts.archiveSha256()) + "; this archive's is "
                                + Hashes.hex(archiveSha256));
            } else if (!Arrays.equals(embeddedManifest, manifest)
                    || !Arrays.equals(facts.manifestSha256(), Hashes.sha256(manifest))) {
                report.problem(
                        ArchiveFailure.ATTESTATION_MISMATCH, name, null, "its embedded manifest is not this archive's");
            } else if (facts.sealNumber() != seal.number()
                    || !facts.applianceId().equals(seal.applianceId())) {
                report.problem(
                        ArchiveFailure.ATTESTATION_MISMATCH,
                        name,
                        null,
                        "it names seal " + facts.sealNumber() + " of " + facts.applianceId());
            } else if (summarySha256 == null || !Arrays.equals(facts.summarySha256(), summarySha256)) {
                report.problem(
                        ArchiveFailure.ATTESTATION_MISMATCH,
                        name,
                        null,
                        "its figures come from another summary.json than this archive's");
            } else {
                report.held("attestation " + name + ": describes this archive (SHA-256 " + Hashes.hex(archiveSha256)
                        + ", its manifest and summary)");
            }
        } catch (IOException e) {
            report.problem(ArchiveFailure.ATTESTATION_INVALID, name, null, "not a readable PDF: " + e.getMessage());
        }
    }

    /**
     * The CMS without the zero bytes that fill the rest of the space the PDF reserved for it: the first DER object's
     * bytes exactly as written (an indefinite-length encoding is passed on whole).
     */
    static byte[] withoutPadding(byte[] contents) throws IOException {
        if (contents.length < 2 || contents[0] != 0x30) {
            throw new IOException("the signature dictionary's Contents do not start with a DER SEQUENCE");
        }
        int first = contents[1] & 0xff;
        if (first == 0x80) {
            return contents;
        }
        long length = first;
        int header = 2;
        if (first > 0x80) {
            int n = first & 0x7f;
            if (n > 4 || 2 + n > contents.length) {
                throw new IOException("the signature dictionary's Contents have a bad DER length");
            }
            length = 0;
            for (int k = 0; k < n; k++) {
                length = length << 8 | (contents[2 + k] & 0xff);
            }
            header = 2 + n;
        }
        if (header + length > contents.length) {
            throw new IOException("the CMS is longer than the space the PDF reserved for it");
        }
        return Arrays.copyOf(contents, (int) (header + length));
    }

    private static Map<String, byte[]> embedded(PDDocument doc) throws IOException {
        PDDocumentNameDictionary names = doc.getDocumentCatalog().getNames();
        PDEmbeddedFilesNameTreeNode tree = names == null ? null : names.getEmbeddedFiles();
        Map<String, PDComplexFileSpecification> specs = tree == null ? null : tree.getNames();
        Map<String, byte[]> files = new java.util.HashMap<>();
        if (specs != null) {
            for (Map.Entry<String, PDComplexFileSpecification> e : specs.entrySet()) {
                PDEmbeddedFile file = e.getValue().getEmbeddedFile();
                if (file != null) {
                    files.put(e.getKey(), file.toByteArray());
                }
            }
        }
        return files;
    }
}
