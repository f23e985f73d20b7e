package org.vellum.attest;

import java.awt.color.ColorSpace;
import java.awt.color.ICC_Profile;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.GregorianCalendar;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.pdfbox.cos.COSArray;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentCatalog;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.PDDocumentNameDictionary;
import org.apache.pdfbox.pdmodel.PDEmbeddedFilesNameTreeNode;
import org.apache.pdfbox.pdmodel.common.PDMetadata;
import org.apache.pdfbox.pdmodel.common.filespecification.PDComplexFileSpecification;
import org.apache.pdfbox.pdmodel.common.filespecification.PDEmbeddedFile;
import org.apache.pdfbox.pdmodel.font.PDType0Font;
import org.apache.pdfbox.pdmodel.graphics.color.PDOutputIntent;
import org.vellum.archive.ArchiveLayout;
import org.vellum.archive.ArchiveWriter;
import org.vellum.archive.AttestationFacts;
import org.vellum.ledger.Hashes;
import org.vellum.seal.Seal;

/**
 * The attestation of one archive (docs/FORMAT.md §9.5): a PDF/A-3b document a compliance officer can read, with the
 * archive's manifest and {@code attestation.json} embedded as associated files, fonts embedded, and sRGB output
 * intent. It is written unsigned; {@link PadesSigner} signs it as an incremental update.
 */
public final class AttestationPdf {
    static final String FONT = "/org/apache/pdfbox/resources/ttf/LiberationSans-Regular.ttf";
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    /**
     * What the attestation states.
     *
     * @param summary {@code summary.json} as written into the archive
     * @param sealSigner the certificate that signed the seal
     * @param genTime the seal signature's time-stamp time
     * @param tsa the name of the TSA that issued it
     */
    public record Facts(
            Seal seal,
            ArchiveWriter.Written archive,
            Map<String, Object> summary,
            X509Certificate sealSigner,
            Instant genTime,
            String tsa,
            AttestationFacts machine) {}

    private AttestationPdf() {}

    /** The unsigned PDF/A-3b document. */
    public static byte[] write(Facts f) throws IOException {
        try (PDDocument doc = new PDDocument()) {
            PDType0Font font;
            try (InputStream in = AttestationPdf.class.getResourceAsStream(FONT)) {
                font = PDType0Font.load(doc, in, true);
            }
            Seal seal = f.seal();
            String title = "Vellum archive attestation, seal " + seal.number() + " of " + seal.applianceId();
            PdfText t = new PdfText(
                    doc,
                    font,
                    "Vellum attestation of seal " + seal.number() + ", archive SHA-256 "
                            + Hashes.hex(f.archive().sha256()));
            content(t, f);
            t.finish();
            conformance(doc, title, f);
            ByteArrayOutputStream out = new ByteArrayOutputStream(64 << 10);
            doc.save(out);
            return out.toByteArray();
        }
    }

    @SuppressWarnings("unchecked")
    private static void content(PdfText t, Facts f) throws IOException {
        Seal seal = f.seal();
        ArchiveWriter.Written a = f.archive();
        Map<String, Object> entries = (Map<String, Object>) f.summary().get("entries");
        Map<String, Object> stated = (Map<String, Object>) f.summary().get("appliance");
        t.title("Attestation of archive: seal " + seal.number());
        t.paragraph(
                "Vellum audit-log archive of appliance " + seal.applianceId() + ". This page describes one signed"
                        + " archive and what it evidences. Every figure marked (R) can be recomputed from the archive itself;"
                        + " the others are the appliance's own statement.",
                9.5f);

        t.heading("Key figures");
        t.row("Seal number", String.valueOf(seal.number()), 11);
        t.row("Period", WHEN.format(seal.periodFrom()) + " to " + WHEN.format(seal.sealedAt()), 11);
        t.row(
                "Entries (R)",
                number(entries.get("entries")) + " (seq " + seal.firstSeq() + " to " + seal.lastSeq() + ")",
                11);
        t.row("Archive file", a.file().getFileName().toString(), 11);
        t.row("Archive SHA-256", Hashes.hex(a.sha256()), 11);
        t.row("Archive size", a.size() + " bytes in " + a.header().parts().size() + " entry part(s)", 11);
        t.row("Merkle root (R)", Hashes.hex(seal.merkleRoot()), 11);
        t.row("Chain head (R)", Hashes.hex(seal.chainHash()), 11);

        t.heading("What this attestation evidences");
        t.paragraph("Integrity and confidentiality, GDPR Art. 5(1)(f) and Art. 32(1)(b), (d): the archive holds the"
                + " audit entries the appliance recorded in the period, each hashed when it was received, chained to the"
                + " one before, and committed to by the seal's Merkle root. The seal and the archive's manifest are"
                + " signed (CAdES-BASELINE-T) and time-stamped by a time-stamping authority, so any change to any"
                + " entry, member or count after " + WHEN.format(f.genTime()) + " is detectable offline, without"
                + " trusting Vellum. Personal data named by the minimization policy was removed or pseudonymized"
                + " before anything was written; only counts of what was removed appear here, never values.");
        t.paragraph("Accountability, GDPR Art. 5(2) and Art. 24: the entries record who did what to which file,"
                + " when, with which detection model and settings, and whether an operator corrected the result, as"
                + " the platform reported it. They are evidence a controller can show; they do not by themselves show"
                + " that the processing was lawful or that the platform reported every action.");
        t.paragraph("ALCOA+: Attributable (each entry names its producer node and a pseudonymized user; resolving a"
                + " pseudonym needs the controller's key); Legible (documented JSON, docs/FORMAT.md); Contemporaneous"
                + " (the receipt time is recorded on arrival; producer clocks that disagree are flagged below);"
                + " Original (the bytes hashed on arrival, after minimization, not the raw log lines); Accurate"
                + " (every hash recomputed when packaging); Complete (seq numbers without gaps; every collected line"
                + " counted as appended, duplicate, quarantined or not audit); Consistent (hash chain and seal chain);"
                + " Enduring and Available (retention below; verifiable offline from a published format).");
        t.paragraph("Not evidenced here: that producers logged every action, that producer clocks were right (only"
                + " disagreements are flagged), anything about the removed personal data, or the storage medium the"
                + " archive is kept on.");

        t.heading("Entries by event type (R)");
        Map<String, Object> byType = (Map<String, Object>) entries.get("entries_by_type");
        if (byType.isEmpty()) {
            t.paragraph("No entries: nothing was recorded in this period, and the seal proves that too.");
        }
        for (Map.Entry<String, Object> e : byType.entrySet()) {
            t.row(e.getKey(), number(e.getValue()));
        }

        t.heading("Minimization: what was removed or pseudonymized (R, counts by rule)");
        Map<String, Object> min = (Map<String, Object>) entries.get("minimization");
        t.row("Entries minimized", number(min.get("entries_minimized")));
        counts(t, "Removed", (Map<String, Object>) min.get("removed"));
        counts(t, "Pseudonymized", (Map<String, Object>) min.get("pseudonymized"));
        counts(t, "Redacted in free text", (Map<String, Object>) min.get("redacted"));

        t.heading("Quarantine by reason");
        Object quarantine = stated.get("quarantine");
        if (quarantine instanceof Map<?, ?> q && !q.isEmpty()) {
            Map<String, Object> reasons = (Map<String, Object>) q;
            for (Map.Entry<String, Object> e : new TreeMap<>(reasons).entrySet()) {
                t.row(e.getKey(), number(e.getValue()));
            }
        } else if (quarantine instanceof Map<?, ?>) {
            t.paragraph("The collection run of this period quarantined no line.");
        } else {
            t.paragraph("No collection run belongs to this period (an on-demand seal): nothing was quarantined in it.");
        }

        t.heading("Clock-skew flags by node (R)");
        Map<String, Object> flags = (Map<String, Object>) entries.get("clock_skew_flags_by_node");
        if (flags.isEmpty()) {
            t.paragraph("No entry was flagged: every producer clock stayed within the allowed skew.");
        }
        for (Map.Entry<String, Object> e : flags.entrySet()) {
            List<String> parts = new ArrayList<>();
            ((Map<String, Object>) e.getValue()).forEach((k, v) -> parts.add(k + " " + number(v)));
            t.row(e.getKey(), String.join(", ", parts));
        }
        List<Object> sealFlags = (List<Object>) stated.getOrDefault("seal_clock_flags", List.of());
        for (Object flag : sealFlags) {
            t.row("Seal time-stamp", String.valueOf(flag));
        }

        t.heading("Task lifecycle coverage (R)");
        Map<String, Object> life = (Map<String, Object>) entries.get("lifecycle");
        t.row("Tasks with entries", number(life.get("tasks")));
        t.row(
                "Complete in the period",
                number(life.get("complete")) + " (created, anonymized, completed, approved and exported)");
        t.row("Incomplete", number(life.get("incomplete")) + " (created in the period, not yet exported)");
        t.row("Started before the period", number(life.get("started_before_period")));
        t.row("Corrected by an operator", number(life.get("corrected")));

        t.heading("Operations");
        t.row("Retention until", String.valueOf(stated.get("retention_until")));
        Object latency = stated.get("write_latency");
        if (latency instanceof Map<?, ?> l && l.get("samples") instanceof BigDecimal n && n.signum() > 0) {
            t.row(
                    "Write latency",
                    "p50 " + l.get("p50_ms") + " ms, p99 " + l.get("p99_ms") + " ms over " + number(l.get("samples"))
                            + " durable REST appends (" + l.get("since") + " to " + l.get("until") + ")");
        } else {
            t.row("Write latency", "no REST appends were measured in this period");
        }
        Object rpo = stated.get("rpo_seconds");
        t.row(
                "RPO",
                (rpo == null ? "no entries" : "entries waited at most " + rpo + " s for their seal")
                        + "; a REST event is acknowledged only once it is durable on the appliance");
        Map<String, Object> integrity = (Map<String, Object>) stated.get("integrity");
        t.row(
                "Integrity verification",
                "passed: " + number(integrity.get("entries_rehashed"))
                        + " entries rehashed while packaging; chain head and Merkle root equal the seal's");

        t.heading("Seal, signatures and time-stamp");
        t.row("Seal", seal.number() + ", sealed " + WHEN.format(seal.sealedAt()) + " (" + seal.trigger() + ")", 9);
        t.row("Ledger root", Hashes.hex(seal.ledgerRoot()) + " over " + seal.lastSeq() + " entries", 9);
        t.row("Previous seal", Hashes.hex(seal.previousSeal()), 9);
        t.row("Policy", "minimization policy " + seal.policyVersion() + ", SHA-256 " + seal.policySha256(), 9);
        X509Certificate cert = f.sealSigner();
        t.row(
                "Signing certificate",
                cert.getSubjectX500Principal().getName() + ", serial "
                        + cert.getSerialNumber().toString(16) + ", issued by "
                        + cert.getIssuerX500Principal().getName(),
                9);
        t.row("Certificate SHA-256", fingerprint(cert), 9);
        t.row("Time-stamp", WHEN.format(f.genTime()) + " by " + f.tsa(), 9);
        t.row("Manifest SHA-256", Hashes.hex(f.machine().manifestSha256()), 9);

        t.heading("How to verify, step by step");
        String file = a.file().getFileName().toString();
        t.step(
                1,
                "Get the archive (" + file + "), this PDF, and the appliance's trust anchors (GET"
                        + " /vellum/api/v1/trust-anchors) or your own copy of its root CA certificate.");
        t.step(2, "Check the archive's SHA-256 (sha256sum " + file + ") against the one above.");
        t.step(
                3,
                "Run: java -jar vellum-verify.jar archive " + file + " --trust ca.pem --attestation this.pdf."
                        + " It checks the container, every member's digest, the CAdES signature and its time-stamp, the seal,"
                        + " every entry's hashes, the chain, the Merkle root, the counts on this page, and this PDF's"
                        + " signature, and exits 0 only when all hold.");
        t.step(
                4,
                "Without Vellum's tool: openssl cms -verify -binary -inform DER -in META-INF/signature.p7s"
                        + " -content META-INF/ASiCManifest.xml -CAfile ca.pem -purpose any; compare each member's SHA-256"
                        + " with the manifest; recompute the hashes as docs/FORMAT.md sections 3 and 9 describe.");
        t.step(5, "Check this PDF's signature in any PDF reader or with pdfsig; it must cover the whole document.");
    }

    private static void counts(PdfText t, String label, Map<String, Object> counts) throws IOException {
        if (counts.isEmpty()) {
            t.row(label, "none");
            return;
        }
        List<String> parts = new ArrayList<>();
        counts.forEach((k, v) -> parts.add(k + ": " + number(v)));
        t.row(label, String.join(", ", parts));
    }

    private static String number(Object n) {
        return n instanceof BigDecimal b ? b.toPlainString() : String.valueOf(n);
    }

    static String fingerprint(X509Certificate cert) {
        try {
            return Hashes.hex(MessageDigest.getInstance("SHA-256").digest(cert.getEncoded()));
        } catch (CertificateEncodingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** PDF/A-3b: XMP identification, sRGB output intent, and the associated files. */
    private static void conformance(PDDocument doc, String title, Facts f) throws IOException {
        PDDocumentCatalog catalog = doc.getDocumentCatalog();
        PDDocumentInformation info = doc.getDocumentInformation();
        info.setTitle(title);
        info.setCreator("Vellum");
        PDMetadata metadata = new PDMetadata(doc);
        metadata.importXMPMetadata(xmp(title).getBytes(StandardCharsets.UTF_8));
        catalog.setMetadata(metadata);

        byte[] icc = ICC_Profile.getInstance(ColorSpace.CS_sRGB).getData();
        PDOutputIntent intent = new PDOutputIntent(doc, new ByteArrayInputStream(icc));
        intent.setInfo("sRGB IEC61966-2.1");
        intent.setOutputCondition("sRGB IEC61966-2.1");
        intent.setOutputConditionIdentifier("sRGB IEC61966-2.1");
        intent.setRegistryName("http://www.color.org");
        catalog.addOutputIntent(intent);

        GregorianCalendar when = GregorianCalendar.from(f.seal().sealedAt().atZone(ZoneOffset.UTC));
        PDComplexFileSpecification manifest = associated(
                doc,
                "ASiCManifest.xml",
                "application/xml",
                "The archive's signed ASiC manifest: the SHA-256 of every member",
                f.archive().manifest(),
                when);
        PDComplexFileSpecification facts = associated(
                doc,
                ArchiveLayout.ATTESTATION_FACTS,
                "application/json",
                "Which archive this attestation describes, for machines",
                f.machine().canonicalBytes(),
                when);
        PDEmbeddedFilesNameTreeNode tree = new PDEmbeddedFilesNameTreeNode();
        Map<String, PDComplexFileSpecification> names = new TreeMap<>();
        names.put("ASiCManifest.xml", manifest);
        names.put(ArchiveLayout.ATTESTATION_FACTS, facts);
        tree.setNames(names);
        PDDocumentNameDictionary dictionary = new PDDocumentNameDictionary(catalog);
        dictionary.setEmbeddedFiles(tree);
        catalog.setNames(dictionary);
        COSArray af = new COSArray();
        af.add(manifest);
        af.add(facts);
        catalog.getCOSObject().setItem(COSName.AF, af);
    }

    private static PDComplexFileSpecification associated(
            PDDocument doc, String name, String type, String description, byte[] content, GregorianCalendar when)
            throws IOException {
        PDEmbeddedFile file = new PDEmbeddedFile(doc, new ByteArrayInputStream(content));
        file.setSubtype(type);
        file.setSize(content.length);
        file.setModDate(when);
        PDComplexFileSpecification spec = new PDComplexFileSpecification();
        spec.setFile(name);
        spec.setFileUnicode(name);
        spec.setFileDescription(description);
        spec.setEmbeddedFile(file);
        spec.setEmbeddedFileUnicode(file);
        spec.getCOSObject().setName(COSName.getPDFName("AFRelationship"), "Data");
        return spec;
    }

    private static String xmp(String title) {
        String escaped = title.replace("&", "&amp;").replace("<", "&lt;");
        return "<?xpacket begin=\"\uFEFF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n"
                + "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n"
                + " <rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n"
                + "  <rdf:Description rdf:about=\"\" xmlns:pdfaid=\"http://www.aiim.org/pdfa/ns/id/\">\n"
                + "   <pdfaid:part>3</pdfaid:part>\n"
                + "   <pdfaid:conformance>B</pdfaid:conformance>\n"
                + "  </rdf:Description>\n"
                + "  <rdf:Description rdf:about=\"\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n"
                + "   <dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">" + escaped + "</rdf:li></rdf:Alt></dc:title>\n"
                + "  </rdf:Description>\n"
                + "  <rdf:Description rdf:about=\"\" xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\">\n"
                + "   <xmp:CreatorTool>Vellum</xmp:CreatorTool>\n"
                + "  </rdf:Description>\n"
                + " </rdf:RDF>\n"
                + "</x:xmpmeta>\n"
                + "<?xpacket end=\"w\"?>";
    }
}
