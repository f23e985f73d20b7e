package org.vellum.ledger;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import org.jboss.logging.Logger;

/**
 * The ledger's write-ahead journal: an append-only sequence of frames, each fsynced before the receipts of the
 * entries in it are handed out. The database is an index over it; after a crash, frames the database lacks are
 * replayed.
 *
 * <p>On disk: segment files {@code journal-<first seq, 20 digits>.log}, each starting with the 8 bytes {@code
 * VLMJNL01}, followed by frames of {@code [length: int32][crc32c of payload: int32][payload]} (big-endian). A frame
 * that is cut short or fails its checksum at the end of the newest segment was never acknowledged (the process died
 * while writing it) and is cut off.
 */
public final class Journal implements Closeable {
    private static final Logger LOG = Logger.getLogger(Journal.class);
    private static final byte[] MAGIC = "VLMJNL01".getBytes(StandardCharsets.US_ASCII);
    private static final Pattern SEGMENT = Pattern.compile("journal-(\\d{20})\\.log");
    private static final int MAX_FRAME = 256 * 1024 * 1024;

    private final Path dir;
    private final long segmentBytes;
    private final List<Segment> segments = new ArrayList<>();
    private FileChannel current;

    /** Receives the payload of every intact frame, oldest first, while the journal opens. */
    @FunctionalInterface
    public interface FrameReader {
        void frame(byte[] payload) throws IOException;
    }

    /** A frame or segment that cannot be read and was not simply cut short by a crash. */
    public static final class CorruptedException extends IOException {
        private static final long serialVersionUID = 1L;

        CorruptedException(String message) {
            super(message);
        }
    }

    private record Segment(long firstSeq, Path path) {}

    private Journal(Path dir, long segmentBytes) {
        this.dir = dir;
        this.segmentBytes = segmentBytes;
    }

    /** Opens the journal in {@code dir}, replaying every intact frame to {@code reader}. */
    public static Journal open(Path dir, long segmentBytes, FrameReader reader) throws IOException {
        Files.createDirectories(dir);
        Journal journal = new Journal(dir, segmentBytes);
        try (Stream<Path> files = Files.list(dir)) {
            files.forEach(p -> {
                Matcher m = SEGMENT.matcher(p.getFileName().toString());
                if (m.matches()) {
                    journal.segments.add(new Segment(Long.parseLong(m.group(1)), p));
                }
            });
        }
        journal.segments.sort((a, b) -> Long.compare(a.firstSeq(), b.firstSeq()));
        for (int i = 0; i < journal.segments.size(); i++) {
            boolean newest = i == journal.segments.size() - 1;
            journal.replay(journal.segments.get(i).path(), newest, reader);
        }
        if (!journal.segments.isEmpty()) {
            Path newest = journal.segments.get(journal.segments.size() - 1).path();
            journal.current = FileChannel.open(newest, StandardOpenOption.WRITE);
            journal.current.position(journal.current.size());
        }
        return journal;
    }

    private void replay(Path segment, boolean newest, FrameReader reader) throws IOException {
        try (FileChannel ch = FileChannel.open(segment, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long size = ch.size();
            ByteBuffer magic = ByteBuffer.allocate(MAGIC.length);
            readFully(ch, magic, 0);
            if (magic.position() < MAGIC.length || !ByteBuffer.wrap(MAGIC).equals(magic.flip())) {
                if (newest && size < MAGIC.length) {
                    ch.truncate(0);
                    writeMagic(ch);
                    return;
                }
                throw new CorruptedException("journal segment " + segment.getFileName() + " has no valid header");
            }
            long pos = MAGIC.length;
            ByteBuffer head = ByteBuffer.allocate(8);
            while (pos < size) {
                head.clear();
                readFully(ch, head, pos);
                int length = head.position() == 8 ? head.getInt(0) : -1;
                boolean fits = length >= 0 && length <= MAX_FRAME && pos + 8 + length <= size;
                byte[] payload = null;
                if (fits) {
                    ByteBuffer body = ByteBuffer.allocate(length);
                    readFully(ch, body, pos + 8);
                    payload = body.array();
                    CRC32C crc = new CRC32C();
                    crc.update(payload);
                    fits = (int) crc.getValue() == head.getInt(4);
                }
                if (!fits) {
                    if (!newest) {
                        throw new CorruptedException(
                                "journal segment " + segment.getFileName() + " has an unreadable frame at byte " + pos);
                    }
                    LOG.warnf(
                            "VELLUM-0104 cut %s bytes of an unfinished frame off journal segment %s",
                            size - pos, segment.getFileName());
                    ch.truncate(pos);
                    ch.force(true);
                    return;
                }
                reader.frame(payload);
                pos += 8 + length;
            }
        }
    }

    private static void readFully(FileChannel ch, ByteBuffer buffer, long position) throws IOException {
        long pos = position;
        while (buffer.hasRemaining()) {
            int n = ch.read(buffer, pos);
            if (n < 0) {
                return;
            }
            pos += n;
        }
    }

    /**
     * Appends one frame and forces it to disk. Starts a new segment first when the current one is full.
     *
     * @param firstSeq the seq of the first entry in the frame (names a new segment)
     * @return true if a new segment was started, so that older ones may become prunable
     */
    public boolean append(long firstSeq, byte[] payload) throws IOException {
        boolean rolled = false;
        if (current == null || current.size() >= segmentBytes) {
            roll(firstSeq);
            rolled = true;
        }
        long start = current.position();
        CRC32C crc = new CRC32C();
        crc.update(payload);
        ByteBuffer frame = ByteBuffer.allocate(8 + payload.length);
        frame.putInt(payload.length).putInt((int) crc.getValue()).put(payload).flip();
        try {
            while (frame.hasRemaining()) {
                current.write(frame);
            }
            current.force(false);
        } catch (IOException e) {
            // Leave no partial frame behind a failed write: the entries in it get no receipt.
            current.truncate(start);
            current.position(start);
            throw e;
        }
        return rolled;
    }

    private void roll(long firstSeq) throws IOException {
        if (current != null) {
            current.force(true);
            current.close();
        }
        Path path = dir.resolve(String.format("journal-%020d.log", firstSeq));
        current = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        writeMagic(current);
        segments.add(new Segment(firstSeq, path));
        forceDirectory();
    }

    private static void writeMagic(FileChannel ch) throws IOException {
        ByteBuffer magic = ByteBuffer.wrap(MAGIC);
        while (magic.hasRemaining()) {
            ch.write(magic);
        }
        ch.force(true);
    }

    /** Deletes closed segments whose every entry is at or below {@code durableSeq} in the database. */
    public int prune(long durableSeq) throws IOException {
        int deleted = 0;
        while (segments.size() > 1 && segments.get(1).firstSeq() - 1 <= durableSeq) {
            Files.delete(segments.remove(0).path());
            deleted++;
        }
        if (deleted > 0) {
            forceDirectory();
        }
        return deleted;
    }

    /** The number of segment files. */
    public int segmentCount() {
        return segments.size();
    }

    private void forceDirectory() throws IOException {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException e) {
            // Not every file system lets a directory be opened for fsync; the file's own fsync still holds.
            LOG.debugf("directory fsync not supported for %s", dir);
        }
    }

    @Override
    public void close() throws IOException {
        if (current != null) {
            current.force(true);
            current.close();
            current = null;
        }
    }
}
