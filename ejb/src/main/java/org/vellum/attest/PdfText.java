package org.vellum.attest;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType0Font;

/**
 * A small flowing-text layout for the attestation: headings, wrapped paragraphs, two-column rows and numbered steps
 * on A4 pages, with a footer on each page. Characters the embedded font cannot show are replaced by '?', so that data
 * can never make the document unwritable.
 */
final class PdfText {
    static final float MARGIN = 56;
    private static final float WIDTH = PDRectangle.A4.getWidth() - 2 * MARGIN;
    private static final float TOP = PDRectangle.A4.getHeight() - MARGIN;
    private static final float BOTTOM = MARGIN + 24;

    private final PDDocument doc;
    private final PDType0Font font;
    private final String footer;
    private final List<PDPage> pages = new ArrayList<>();
    private PDPageContentStream out;
    private float y;

    PdfText(PDDocument doc, PDType0Font font, String footer) {
        this.doc = doc;
        this.font = font;
        this.footer = footer;
    }

    void title(String text) throws IOException {
        line(text, 17, 0, 24);
    }

    void heading(String text) throws IOException {
        space(8);
        need(40);
        line(text, 12, 0, 17);
        space(2);
    }

    void paragraph(String text, float size) throws IOException {
        for (String l : wrap(text, size, WIDTH)) {
            line(l, size, 0, size * 1.38f);
        }
        space(3);
    }

    void paragraph(String text) throws IOException {
        paragraph(text, 9.5f);
    }

    /** A label and its value, the value wrapped in the right column. */
    void row(String label, String value) throws IOException {
        row(label, value, 9.5f);
    }

    void row(String label, String value, float size) throws IOException {
        float labelWidth = 150;
        List<String> lines = wrap(value, size, WIDTH - labelWidth);
        need(lines.size() * size * 1.35f);
        List<String> labels = wrap(label, size, labelWidth - 8);
        for (int i = 0; i < Math.max(lines.size(), labels.size()); i++) {
            ensure(size * 1.35f);
            if (i < labels.size()) {
                text(labels.get(i), size, MARGIN, y);
            }
            if (i < lines.size()) {
                text(lines.get(i), size, MARGIN + labelWidth, y);
            }
            y -= size * 1.35f;
        }
    }

    /** A numbered step with a hanging indent. */
    void step(int n, String text) throws IOException {
        List<String> lines = wrap(text, 9.5f, WIDTH - 18);
        for (int i = 0; i < lines.size(); i++) {
            ensure(13);
            if (i == 0) {
                text(n + ".", 9.5f, MARGIN, y);
            }
            text(lines.get(i), 9.5f, MARGIN + 18, y);
            y -= 13;
        }
        space(2);
    }

    void space(float points) {
        y -= points;
    }

    private void need(float height) throws IOException {
        if (out == null || y - height < BOTTOM) {
            newPage();
        }
    }

    private void ensure(float height) throws IOException {
        need(height);
    }

    private void line(String text, float size, float indent, float leading) throws IOException {
        ensure(leading);
        text(safe(text), size, MARGIN + indent, y - size + leading * 0.5f);
        y -= leading;
    }

    private void text(String text, float size, float x, float atY) throws IOException {
        out.beginText();
        out.setFont(font, size);
        out.newLineAtOffset(x, atY);
        out.showText(text);
        out.endText();
    }

    private void newPage() throws IOException {
        if (out != null) {
            out.close();
        }
        PDPage page = new PDPage(PDRectangle.A4);
        doc.addPage(page);
        pages.add(page);
        out = new PDPageContentStream(doc, page);
        y = TOP;
    }

    /** Closes the last page and writes "page i of n" with the footer on every page. */
    void finish() throws IOException {
        if (out != null) {
            out.close();
            out = null;
        }
        for (int i = 0; i < pages.size(); i++) {
            try (PDPageContentStream s =
                    new PDPageContentStream(doc, pages.get(i), PDPageContentStream.AppendMode.APPEND, true)) {
                s.beginText();
                s.setFont(font, 7.5f);
                s.newLineAtOffset(MARGIN, MARGIN - 10);
                s.showText(safe(footer + "   -   page " + (i + 1) + " of " + pages.size()));
                s.endText();
            }
        }
    }

    /** Splits {@code text} into lines no wider than {@code width}; long words (hashes) are broken anywhere. */
    List<String> wrap(String text, float size, float width) throws IOException {
        List<String> lines = new ArrayList<>();
        for (String paragraph : safe(text).split("\n", -1)) {
            StringBuilder current = new StringBuilder();
            for (String word : paragraph.split(" ")) {
                String candidate = current.isEmpty() ? word : current + " " + word;
                if (width(candidate, size) <= width) {
                    current.setLength(0);
                    current.append(candidate);
                    continue;
                }
                if (!current.isEmpty()) {
                    lines.add(current.toString());
                    current.setLength(0);
                }
                while (width(word, size) > width) {
                    int cut = word.length() - 1;
                    while (cut > 1 && width(word.substring(0, cut), size) > width) {
                        cut--;
                    }
                    lines.add(word.substring(0, cut));
                    word = word.substring(cut);
                }
                current.append(word);
            }
            lines.add(current.toString());
        }
        return lines;
    }

    private float width(String s, float size) throws IOException {
        return font.getStringWidth(s) / 1000 * size;
    }

    /** Replaces what the font cannot draw (and control characters) by '?'. */
    String safe(String text) {
        StringBuilder s = new StringBuilder(text.length());
        text.codePoints().forEach(cp -> {
            if (cp == '\n') {
                s.append('\n');
                return;
            }
            if (Character.isISOControl(cp)) {
                s.append('?');
                return;
            }
            try {
                font.encode(new String(Character.toChars(cp)));
                s.appendCodePoint(cp);
            } catch (IOException | IllegalArgumentException e) {
                s.append('?');
            }
        });
        return s.toString();
    }
}
