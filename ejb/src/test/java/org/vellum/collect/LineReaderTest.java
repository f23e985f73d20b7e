package org.vellum.collect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class LineReaderTest {
    private static LineReader reader(String text, boolean finalFile) {
        return new LineReader(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), 0, 0, finalFile);
    }

    private static String text(LineReader.Line line) {
        return new String(line.bytes(), StandardCharsets.UTF_8);
    }

    @Test
    void crlfIsReadAsLfAndOffsetsCountEveryByte() throws IOException {
        LineReader r = reader("a\r\nbb\n\nccc", true);
        LineReader.Line a = r.next();
        assertEquals("a", text(a));
        assertEquals(3, a.endOffset());
        LineReader.Line b = r.next();
        assertEquals("bb", text(b));
        assertEquals(6, b.endOffset());
        assertEquals("", text(r.next()));
        LineReader.Line c = r.next();
        assertEquals("ccc", text(c));
        assertFalse(c.terminated());
        assertEquals(4, c.number());
        assertEquals(10, c.endOffset());
        assertNull(r.next());
    }

    @Test
    void aLiveFilesUnterminatedLastLineIsLeftForLater() throws IOException {
        LineReader r = reader("one\ntw", false);
        assertEquals("one", text(r.next()));
        assertNull(r.next());
        assertEquals(4, r.offset(), "the partial line is not consumed");
    }

    @Test
    void anOverLongLineIsCutButCountedWhole() throws IOException {
        String longLine = "{" + "x".repeat(LineReader.MAX_LINE + 10);
        LineReader r = reader(longLine + "\nnext\n", true);
        LineReader.Line l = r.next();
        assertTrue(l.tooLong());
        assertEquals(longLine.length(), l.length());
        assertEquals(LineReader.KEPT_OF_LONG_LINE, l.bytes().length);
        assertEquals("next", text(r.next()));
        assertEquals(2, r.lineNo());
    }

    @Test
    void aLineOfExactlyTheLimitIsNotTooLong() throws IOException {
        LineReader r = reader("y".repeat(LineReader.MAX_LINE) + "\r\n", true);
        LineReader.Line l = r.next();
        assertFalse(l.tooLong());
        assertEquals(LineReader.MAX_LINE, l.bytes().length);
    }
}
