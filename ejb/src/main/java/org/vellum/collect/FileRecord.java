package org.vellum.collect;

import java.util.Objects;

/**
 * What the appliance remembers of a log file between runs, keyed by its content, not its name: the SHA-256 of its
 * first {@code headLength} bytes (4 KiB, or the whole file if it was shorter when first seen). A renamed or gzipped
 * file has the same key; a grown file too. {@code consumedBytes} and {@code consumedLines} say where the next run
 * goes on; {@code rawSize} and {@code modified} are the size and time at which the file was last read to its end
 * (or -1), so that an unchanged file is passed over without opening it.
 *
 * @param fileId the hex of the head's SHA-256: the fingerprint recorded with every event read from the file
 */
public record FileRecord(
        int headLength,
        String fileId,
        String source,
        String path,
        long consumedBytes,
        long consumedLines,
        long rawSize,
        long modified) {
    /** How much of a file's head identifies it. */
    public static final int HEAD = 4096;

    public FileRecord {
        Objects.requireNonNull(fileId);
        Objects.requireNonNull(source);
        Objects.requireNonNull(path);
        if (headLength < 1 || headLength > HEAD) {
            throw new IllegalArgumentException("head length out of range: " + headLength);
        }
    }

    public String key() {
        return key(headLength, fileId);
    }

    public static String key(int headLength, String fileId) {
        return headLength + ":" + fileId;
    }

    FileRecord seen(String newSource, String newPath) {
        return new FileRecord(headLength, fileId, newSource, newPath, consumedBytes, consumedLines, -1, -1);
    }

    FileRecord consumed(long bytes, long lines) {
        return new FileRecord(headLength, fileId, source, path, bytes, lines, -1, -1);
    }

    FileRecord readToEnd(long size, long time) {
        return new FileRecord(headLength, fileId, source, path, consumedBytes, consumedLines, size, time);
    }
}
