package org.vellum.attest;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.GregorianCalendar;
import java.util.function.Function;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDAnnotationWidget;
import org.apache.pdfbox.pdmodel.interactive.digitalsignature.ExternalSigningSupport;
import org.apache.pdfbox.pdmodel.interactive.digitalsignature.PDSignature;
import org.apache.pdfbox.pdmodel.interactive.digitalsignature.SignatureOptions;
import org.apache.pdfbox.pdmodel.interactive.form.PDField;
import org.apache.pdfbox.pdmodel.interactive.form.PDSignatureField;
import org.vellum.seal.CadesSigner;
import org.vellum.seal.TimeStamp;

/**
 * Places a PAdES-BASELINE-T signature (ETSI EN 319 142-1) into a finished PDF as an incremental update: an invisible,
 * printable signature field, sub-filter ETSI.CAdES.detached, the signing time in the dictionary's {@code M} entry.
 * The CMS itself comes from the {@link CadesSigner} it is given (the signature builder), without a signing-time
 * attribute, as PAdES asks; this class only knows where the bytes go.
 */
public final class PadesSigner {
    /** Room reserved for the CMS: signer and TSA certificates, the token; hex-encoded, so twice this in the file. */
    private static final int RESERVED = 24 * 1024;

    private final CadesSigner builder;

    public PadesSigner(CadesSigner builder) {
        this.builder = builder;
    }

    /** {@code pdf} signed, with its signature time-stamped by {@code timeStamper}. */
    public byte[] sign(byte[] pdf, Instant signingTime, String reason, Function<byte[], TimeStamp> timeStamper)
            throws IOException, GeneralSecurityException {
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            PDSignature signature = new PDSignature();
            signature.setFilter(PDSignature.FILTER_ADOBE_PPKLITE);
            signature.setSubFilter(PDSignature.SUBFILTER_ETSI_CADES_DETACHED);
            signature.setName(builder.certificate().getSubjectX500Principal().getName());
            signature.setReason(reason);
            signature.setSignDate(GregorianCalendar.from(signingTime.atZone(ZoneOffset.UTC)));
            SignatureOptions options = new SignatureOptions();
            options.setPreferredSignatureSize(RESERVED);
            doc.addSignature(signature, options);
            for (PDField field : doc.getDocumentCatalog().getAcroForm().getFields()) {
                if (field instanceof PDSignatureField s) {
                    for (PDAnnotationWidget w : s.getWidgets()) {
                        w.setPrinted(true); // PDF/A: every annotation is printable
                    }
                }
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream(pdf.length + 2 * RESERVED + 4096);
            ExternalSigningSupport external = doc.saveIncrementalForExternalSigning(out);
            byte[] content = external.getContent().readAllBytes();
            external.setSignature(builder.sign(content, null, timeStamper));
            options.close();
            return out.toByteArray();
        }
    }
}
