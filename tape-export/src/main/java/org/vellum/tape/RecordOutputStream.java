package org.vellum.tape;

import java.io.IOException;
import java.io.OutputStream;

/** Cuts a byte stream into fixed-size tape records; the last one is padded with zeros (tar pads anyway). */
final class RecordOutputStream extends OutputStream {
    private final TapeDevice device;
    private final byte[] record;
    private final TapeExporter.Progress progress;
    private final int tapeFile;
    private int filled;
    private long records;

    RecordOutputStream(TapeDevice device, int recordSize, TapeExporter.Progress progress, int tapeFile) {
        this.device = device;
        this.record = new byte[recordSize];
        this.progress = progress;
        this.tapeFile = tapeFile;
    }

    @Override
    public void write(int b) throws IOException {
        record[filled++] = (byte) b;
        if (filled == record.length) {
            flushRecord();
        }
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        while (len > 0) {
            int n = Math.min(len, record.length - filled);
            System.arraycopy(b, off, record, filled, n);
            filled += n;
            off += n;
            len -= n;
            if (filled == record.length) {
                flushRecord();
            }
        }
    }

    private void flushRecord() throws IOException {
        device.writeRecord(record, 0, record.length);
        records++;
        filled = 0;
        progress.written(tapeFile, records);
    }

    long records() {
        return records;
    }

    /** Pads and writes the last record; the device stays open. */
    @Override
    public void close() throws IOException {
        if (filled > 0) {
            java.util.Arrays.fill(record, filled, record.length, (byte) 0);
            filled = record.length;
            flushRecord();
        }
    }
}
