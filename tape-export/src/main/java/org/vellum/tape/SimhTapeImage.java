package org.vellum.tape;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A tape in a file, in the SIMH format: each record framed by its length (32-bit little-endian) before and after, the
 * data padded to an even length; a filemark is a zero length word; the end of what was written is two filemarks
 * (what {@code mtdump} calls the end of the logical tape) followed by the end-of-medium word {@code 0xFFFFFFFF}.
 * Records keep their real sizes and filemarks their places, so what works on this image works on a drive. A capacity
 * makes the image behave as a cartridge that fills up.
 */
public final class SimhTapeImage implements TapeDevice {
    private static final int FILEMARK = 0;
    private static final int END_OF_MEDIUM = 0xFFFFFFFF;

    private final FileChannel file;
    private final long capacity;
    private final int maxRecord;
    private boolean writing;
    private final ByteBuffer head = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
    private final ByteBuffer tail = ByteBuffer.allocate(5).order(ByteOrder.LITTLE_ENDIAN);

    /**
     * @param capacity the most bytes the image may hold (framing included), like a cartridge's; Long.MAX_VALUE for none
     * @param maxRecord the largest record, e.g. the tar record size
     */
    public SimhTapeImage(Path path, long capacity, int maxRecord) throws IOException {
        this(path, capacity, maxRecord, true);
    }

    private SimhTapeImage(Path path, long capacity, int maxRecord, boolean write) throws IOException {
        this.file = write
                ? FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE)
                : FileChannel.open(path, StandardOpenOption.READ);
        this.capacity = capacity;
        this.maxRecord = maxRecord;
    }

    /**
     * Copies tape file {@code tapeFile} (0 is the label) of the image to {@code out}: its records joined, as {@code
     * tar} reads them from a drive. Returns the records copied; IOException when the image has no such tape file.
     */
    public static long copyTapeFile(Path image, int tapeFile, int maxRecord, OutputStream out) throws IOException {
        try (SimhTapeImage tape = new SimhTapeImage(image, Long.MAX_VALUE, maxRecord, false)) {
            tape.skipFiles(tapeFile);
            RecordInputStream in = new RecordInputStream(tape);
            in.transferTo(out);
            if (in.records() == 0) {
                throw new IOException(image + " has no tape file " + tapeFile);
            }
            return in.records();
        }
    }

    @Override
    public int maxRecord() {
        return maxRecord;
    }

    @Override
    public long tell() throws IOException {
        finishWriting();
        return file.position();
    }

    @Override
    public void seek(long position) throws IOException {
        finishWriting();
        file.position(position);
    }

    @Override
    public long remaining() throws IOException {
        return capacity == Long.MAX_VALUE ? Long.MAX_VALUE : Math.max(0, capacity - file.position() - 12);
    }

    @Override
    public void writeRecord(byte[] data, int offset, int length) throws IOException {
        if (length <= 0 || length > maxRecord) {
            throw new IllegalArgumentException("a record is 1 to " + maxRecord + " bytes, not " + length);
        }
        int padded = length + (length & 1);
        long end = file.position() + 8 + padded;
        if (end + 12 > capacity) { // room for the closing marks too
            throw new EndOfTapeException("end of tape: " + capacity + " bytes, the record of " + length + " bytes at "
                    + file.position() + " does not fit");
        }
        head.clear();
        head.putInt(length).flip();
        tail.clear();
        if (padded != length) {
            tail.put((byte) 0);
        }
        tail.putInt(length).flip();
        write(head, ByteBuffer.wrap(data, offset, length), tail); // gathered: the data is not copied
    }

    @Override
    public void writeFilemark() throws IOException {
        if (file.position() + 4 + 12 > capacity) {
            throw new EndOfTapeException("end of tape: no room for a filemark");
        }
        write(word(FILEMARK));
    }

    private void write(ByteBuffer... buffers) throws IOException {
        if (!writing) {
            file.truncate(file.position()); // what lay beyond is gone, as on a tape
            writing = true;
        }
        long left = 0;
        for (ByteBuffer b : buffers) {
            left += b.remaining();
        }
        while (left > 0) {
            left -= file.write(buffers);
        }
    }

    /** Ends what was written: two filemarks and the end-of-medium word, fsynced; the position stays before them. */
    private void finishWriting() throws IOException {
        if (writing) {
            long at = file.position();
            ByteBuffer end = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
            end.putInt(FILEMARK).putInt(FILEMARK).putInt(END_OF_MEDIUM).flip();
            while (end.hasRemaining()) {
                file.write(end);
            }
            file.force(true);
            file.position(at);
            writing = false;
        }
    }

    @Override
    public void rewind() throws IOException {
        finishWriting();
        file.position(0);
    }

    @Override
    public int readRecord(byte[] buffer) throws IOException {
        finishWriting();
        ByteBuffer w = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
        if (read(w) < 4) {
            return -2;
        }
        int length = w.flip().getInt();
        if (length == END_OF_MEDIUM) {
            file.position(file.position() - 4);
            return -2;
        }
        if (length == FILEMARK) {
            long at = file.position();
            ByteBuffer next = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
            if (read(next) == 4 && next.flip().getInt() == FILEMARK) {
                file.position(at - 4); // a second filemark: the end of the data, not passed
                return -2;
            }
            file.position(at);
            return -1;
        }
        if (length < 0 || length > buffer.length) {
            throw new IOException("a record of " + length + " bytes at " + (file.position() - 4)
                    + " does not fit the buffer of " + buffer.length + " (or the image is damaged)");
        }
        ByteBuffer data = ByteBuffer.wrap(buffer, 0, length);
        if (read(data) < length) {
            throw new IOException("the image ends inside a record");
        }
        if ((length & 1) == 1) {
            file.position(file.position() + 1);
        }
        w.clear();
        if (read(w) < 4 || w.flip().getInt() != length) {
            throw new IOException("the record at " + (file.position() - length - 8) + " is not framed by its length");
        }
        return length;
    }

    private int read(ByteBuffer b) throws IOException {
        int total = 0;
        while (b.hasRemaining()) {
            int n = file.read(b);
            if (n < 0) {
                break;
            }
            total += n;
        }
        return total;
    }

    private static ByteBuffer word(int value) {
        return ByteBuffer.allocate(4)
                .order(ByteOrder.LITTLE_ENDIAN)
                .putInt(value)
                .flip();
    }

    @Override
    public void close() throws IOException {
        try {
            finishWriting();
        } finally {
            file.close();
        }
    }
}
