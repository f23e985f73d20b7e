package org.vellum.tape;

import java.io.IOException;
import java.io.InputStream;

/** One tape file as a byte stream: its records in order, up to the filemark, which it passes. */
final class RecordInputStream extends InputStream {
    private final TapeDevice device;
    private final byte[] record;
    private int length;
    private int at;
    private boolean ended;
    private long records;
    private boolean atFilemark;

    RecordInputStream(TapeDevice device) {
        this.device = device;
        this.record = new byte[device.maxRecord()];
    }

    private boolean fill() throws IOException {
        while (!ended && at == length) {
            int n = device.readRecord(record);
            if (n < 0) {
                ended = true;
                atFilemark = n == -1;
                return false;
            }
            records++;
            length = n;
            at = 0;
        }
        return !ended || at < length;
    }

    @Override
    public int read() throws IOException {
        return fill() && at < length ? record[at++] & 0xFF : -1;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (!fill() || at >= length) {
            return -1;
        }
        int n = Math.min(len, length - at);
        System.arraycopy(record, at, b, off, n);
        at += n;
        return n;
    }

    /** Reads to the filemark, whatever the reader above left. */
    void drain() throws IOException {
        while (fill()) {
            at = length;
        }
    }

    /** Whether the tape file ended with its filemark (and not with the end of the written data: cut short). */
    boolean endedAtFilemark() {
        return atFilemark;
    }

    long records() {
        return records;
    }
}
