package org.vellum.tape;

import java.io.Closeable;
import java.io.IOException;

/**
 * A sequential tape: fixed-size records written one after another, tape files separated by filemarks, read back
 * from the start. What a drive through the Linux {@code st} driver, a SIMH tape image and (by emulation) an LTFS folder
 * have in common.
 */
public interface TapeDevice extends Closeable {
    /** Writes one record at the current position; everything after it on the tape is gone (as on a real tape). */
    void writeRecord(byte[] data, int offset, int length) throws IOException;

    /** Writes a filemark, ending the current tape file. */
    void writeFilemark() throws IOException;

    /** Back to the beginning of the tape. */
    void rewind() throws IOException;

    /**
     * Reads the next record into {@code buffer}; its length, or -1 at a filemark (which is passed), or -2 at the end
     * of what was written.
     */
    int readRecord(byte[] buffer) throws IOException;

    /** Forward past {@code count} filemarks ({@code mt fsf}). */
    default void skipFiles(int count) throws IOException {
        byte[] buffer = new byte[maxRecord()];
        for (int passed = 0; passed < count; ) {
            int n = readRecord(buffer);
            if (n == -2) {
                throw new IOException("end of data after " + passed + " of " + count + " filemarks");
            }
            if (n == -1) {
                passed++;
            }
        }
    }

    /** Bytes that can still be written from here, framing included; Long.MAX_VALUE when the device cannot tell. */
    default long remaining() throws IOException {
        return Long.MAX_VALUE;
    }

    /** Where the tape is, for {@link #seek} ({@code mt tell} on a drive). */
    long tell() throws IOException;

    /** Back to a place {@link #tell} gave ({@code mt seek} on a drive). */
    void seek(long position) throws IOException;

    /** The largest record this device reads or writes. */
    int maxRecord();
}
