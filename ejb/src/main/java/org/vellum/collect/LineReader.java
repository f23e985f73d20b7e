package org.vellum.collect;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Splits a stream into lines without decoding them, tracking the byte offset after each line so that a later run can
 * resume there. A CR before the LF is dropped. A line longer than the limit is not held: its first bytes are kept for
 * the quarantine excerpt, the rest is skipped.
 */
public final class LineReader implements AutoCloseable {
    /** The line limit of the producer spec, section 5: 1 MiB. */
    public static final int MAX_LINE = 1 << 20;
    /** How much of an over-long line is kept. */
    public static final int KEPT_OF_LONG_LINE = 4096;

    private final InputStream in;
    private final boolean finalFile;
    private final byte[] buffer = new byte[1 << 16];
    private int pos;
    private int limit;
    private boolean eof;
    private long offset;
    private long lineNo;
    private byte[] line = new byte[8192];

    /**
     * @param in the content, positioned at {@code offset}
     * @param offset bytes of the content before the stream's position
     * @param lineNo lines before the stream's position
     * @param finalFile whether an unterminated last line counts (it does only in a file that no longer grows)
     */
    public LineReader(InputStream in, long offset, long lineNo, boolean finalFile) {
        this.in = in;
        this.offset = offset;
        this.lineNo = lineNo;
        this.finalFile = finalFile;
    }

    /** The next line, or null at the end (or at an unterminated last line of a live file, which is left unread). */
    public Line next() throws IOException {
        int length = 0;
        long total = 0;
        boolean sawCr = false;
        while (true) {
            if (pos == limit && !fill()) {
                if (total == 0 || !finalFile) {
                    return null;
                }
                return finish(length, total, total, sawCr, false);
            }
            int start = pos;
            int end = start;
            while (end < limit && buffer[end] != '\n') {
                end++;
            }
            int n = end - start;
            if (n > 0) {
                int keep = (int) Math.max(0, Math.min(n, (long) MAX_LINE + 1 - total));
                if (keep > 0) {
                    ensure(length + keep);
                    System.arraycopy(buffer, start, line, length, keep);
                    length += keep;
                }
                total += n;
                sawCr = buffer[end - 1] == '\r';
            }
            if (end < limit) {
                pos = end + 1;
                return finish(length, total, total + 1, sawCr, true);
            }
            pos = limit;
        }
    }

    private Line finish(int length, long total, long consumed, boolean sawCr, boolean terminated) {
        long content = sawCr ? total - 1 : total;
        offset += consumed;
        lineNo++;
        if (content > MAX_LINE) {
            byte[] kept = Arrays.copyOf(line, Math.min(length, KEPT_OF_LONG_LINE));
            return new Line(lineNo, offset, kept, content, terminated);
        }
        return new Line(lineNo, offset, Arrays.copyOf(line, (int) content), content, terminated);
    }

    private boolean fill() throws IOException {
        if (eof) {
            return false;
        }
        int n = in.readNBytes(buffer, 0, buffer.length);
        if (n <= 0) {
            eof = true;
            return false;
        }
        pos = 0;
        limit = n;
        return true;
    }

    private void ensure(int capacity) {
        if (capacity > line.length) {
            line = Arrays.copyOf(line, Math.max(capacity, Math.min(line.length * 2, MAX_LINE + 1)));
        }
    }

    /** Bytes of the content consumed so far, i.e. the offset after the last line returned. */
    public long offset() {
        return offset;
    }

    public long lineNo() {
        return lineNo;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    /**
     * One line.
     *
     * @param number 1-based line number
     * @param endOffset the content offset just after the line and its LF
     * @param bytes the line without CR/LF; for an over-long line only its first bytes
     * @param length the line's full length without CR/LF
     * @param terminated whether a LF ended it
     */
    public record Line(long number, long endOffset, byte[] bytes, long length, boolean terminated) {
        public boolean tooLong() {
            return length > MAX_LINE;
        }
    }
}
