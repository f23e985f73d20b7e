package org.vellum.ledger;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HexFormat;
import java.util.Properties;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Every event id in the ledger with its entry's seq: the duplicate check's answer, exact, without a database index.
 *
 * <p>A B-tree over random UUIDs costs a database most of an insert once it outgrows its page cache (measured in
 * {@code docs/BENCHMARKS.md}), so the ledger keeps this open-addressing hash table instead: slots of 24 bytes (the
 * id's two halves and the seq, seq 0 marking a free slot), linear probing, at most 5/8 full, doubling when it fills.
 * It lives in memory-mapped files under the journal folder, outside the Java heap, so the operating system can page it
 * like any file cache. A clean shutdown saves it with the ledger head it matches ({@link #save}); a start at that same
 * head takes it up again, any other start (after a crash, or with a database restored from elsewhere) finds no saved
 * state and the sequencer rebuilds it from the database, so a crash cannot leave it wrong.
 *
 * <p>Thread-safe: the sequencer writes, readers of single events look up.
 */
final class EventIdIndex implements AutoCloseable {
    static final String FILE_PREFIX = "event-ids.";
    static final String STATE_FILE = "saved";
    private static final int SLOT_BYTES = 24;
    private static final int SEGMENT_SHIFT = 25;
    private static final long SEGMENT_SLOTS = 1L << SEGMENT_SHIFT;

    private final Path dir;
    private final boolean loaded;
    private Table table;
    private int generation;

    /** An empty index with room for at least {@code expected} ids before it grows. */
    EventIdIndex(Path dir, long expected) {
        this(dir, null, expected);
    }

    /**
     * The index saved at {@code head} if there is one (then {@link #loaded}), else an empty one with room for at
     * least {@code expected} ids. Either way the saved state is gone from the disk afterwards: from here on, only
     * another {@link #save} vouches for the files.
     */
    EventIdIndex(Path dir, LedgerHead head, long expected) {
        this.dir = dir;
        try {
            Files.createDirectories(dir);
            Table saved = head == null ? null : takeSaved(head);
            if (saved != null) {
                this.table = saved;
                this.loaded = true;
                return;
            }
            deleteFiles(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("VELLUM-0118 the event id index could not be prepared in " + dir, e);
        }
        long slots = 16;
        while (slots * 5 / 8 < expected) {
            slots <<= 1;
        }
        this.table = newTable(slots);
        this.loaded = false;
    }

    /** True when this index was saved at the head it was opened with, so it holds every id up to that head. */
    boolean loaded() {
        return loaded;
    }

    /** The seq of the entry holding {@code eventId}, or 0 when the ledger does not hold it. */
    synchronized long seqOf(UUID eventId) {
        return table.find(eventId.getMostSignificantBits(), eventId.getLeastSignificantBits());
    }

    /**
     * Makes room for {@code more} ids, so that as many {@link #put}s cannot fail for want of it. The sequencer calls
     * this before it journals entries: once they are journaled, indexing them must not fail.
     */
    synchronized void reserve(int more) {
        while ((table.count + more) * 8 > table.slots * 5) {
            grow();
        }
    }

    /** Records that the entry at {@code seq} holds {@code eventId} (an id already present points there from now on). */
    synchronized void put(UUID eventId, long seq) {
        if (seq <= 0) {
            throw new IllegalArgumentException("seq must be positive");
        }
        reserve(1);
        table.insert(eventId.getMostSignificantBits(), eventId.getLeastSignificantBits(), seq);
    }

    synchronized long size() {
        return table.count;
    }

    /** Bytes mapped for the table (its files' size). */
    synchronized long mappedBytes() {
        return table.slots * SLOT_BYTES;
    }

    /**
     * Forces the table to disk and records that it holds every id up to {@code head}, for the next start. Call only
     * when nothing appends any more. The index is unusable afterwards.
     */
    synchronized void save(LedgerHead head) throws IOException {
        table.force();
        Properties state = new Properties();
        state.setProperty("file", table.file.getFileName().toString());
        state.setProperty("slots", Long.toString(table.slots));
        state.setProperty("count", Long.toString(table.count));
        state.setProperty("seq", Long.toString(head.seq()));
        state.setProperty("chain_hash", HexFormat.of().formatHex(head.chainHash()));
        Path tmp = dir.resolve(STATE_FILE + ".tmp");
        try (FileChannel ch = FileChannel.open(
                tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
            StringWriter text = new StringWriter();
            state.store(text, "the event-id index matches this ledger head");
            ch.write(ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.ISO_8859_1)));
            ch.force(true);
        }
        Files.move(tmp, dir.resolve(STATE_FILE), StandardCopyOption.ATOMIC_MOVE);
        forceDirectory();
    }

    /** Deletes the index: nothing is kept for the next start. */
    @Override
    public synchronized void close() {
        try {
            deleteFiles(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("VELLUM-0118 the event id index could not be deleted from " + dir, e);
        }
    }

    /** The saved table if it was saved at {@code head}; the saved state is deleted (durably) before it is used. */
    private Table takeSaved(LedgerHead head) throws IOException {
        Path statePath = dir.resolve(STATE_FILE);
        if (!Files.exists(statePath)) {
            return null;
        }
        Properties state = new Properties();
        try (var in = Files.newBufferedReader(statePath, StandardCharsets.ISO_8859_1)) {
            state.load(in);
        }
        Files.delete(statePath);
        forceDirectory();
        try {
            String name = state.getProperty("file", "");
            long slots = Long.parseLong(state.getProperty("slots", "0"));
            long count = Long.parseLong(state.getProperty("count", "-1"));
            Path file = dir.resolve(name);
            boolean matches = name.matches(Pattern.quote(FILE_PREFIX) + "\\d{1,9}")
                    && slots >= 16
                    && Long.bitCount(slots) == 1
                    && count >= 0
                    && count * 8 <= slots * 5
                    && Long.parseLong(state.getProperty("seq", "-1")) == head.seq()
                    && HexFormat.of().formatHex(head.chainHash()).equals(state.getProperty("chain_hash"))
                    && Files.isRegularFile(file)
                    && Files.size(file) == slots * SLOT_BYTES;
            if (!matches) {
                return null;
            }
            generation = Integer.parseInt(name.substring(FILE_PREFIX.length())) + 1;
            Table saved = new Table(file, slots, false);
            saved.count = count;
            return saved;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private void forceDirectory() throws IOException {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException e) {
            // Not every file system lets a directory be opened for forcing; the rename is then as durable as it gets.
        }
    }

    private void grow() {
        Table old = table;
        Table bigger = newTable(old.slots * 2);
        for (long i = 0; i < old.slots; i++) {
            long seq = old.seq(i);
            if (seq != 0) {
                bigger.insert(old.msb(i), old.lsb(i), seq);
            }
        }
        table = bigger;
        old.delete();
    }

    private Table newTable(long slots) {
        try {
            return new Table(dir.resolve(FILE_PREFIX + generation++), slots, true);
        } catch (IOException e) {
            throw new UncheckedIOException("VELLUM-0118 the event id index could not grow in " + dir, e);
        }
    }

    private static void deleteFiles(Path dir) throws IOException {
        try (var files = Files.list(dir)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                String name = p.getFileName().toString();
                if (name.startsWith(FILE_PREFIX) || name.startsWith(STATE_FILE)) {
                    Files.delete(p);
                }
            }
        }
    }

    /** One generation: a power-of-two number of slots in segments of {@link #SEGMENT_SLOTS}. */
    private static final class Table {
        final Path file;
        final long slots;
        final long mask;
        final MappedByteBuffer[] segments;
        long count;

        Table(Path file, long slots, boolean create) throws IOException {
            this.file = file;
            this.slots = slots;
            this.mask = slots - 1;
            int n = (int) Math.max(1, slots / SEGMENT_SLOTS);
            long perSegment = Math.min(slots, SEGMENT_SLOTS);
            this.segments = new MappedByteBuffer[n];
            try (FileChannel ch = create
                    ? FileChannel.open(
                            file, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ, StandardOpenOption.WRITE)
                    : FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                if (create) {
                    allocate(ch, slots * SLOT_BYTES);
                }
                for (int s = 0; s < n; s++) {
                    segments[s] = ch.map(
                            FileChannel.MapMode.READ_WRITE, s * perSegment * SLOT_BYTES, perSegment * SLOT_BYTES);
                }
            }
        }

        /**
         * Writes the file's zeros, so that its disk blocks exist before it is mapped: a full disk then fails here with
         * an IOException, not later as a bus error on a write into the mapping.
         */
        private static void allocate(FileChannel ch, long bytes) throws IOException {
            ByteBuffer zeros = ByteBuffer.allocate(1 << 20);
            for (long at = 0; at < bytes; ) {
                zeros.clear().limit((int) Math.min(zeros.capacity(), bytes - at));
                at += ch.write(zeros, at);
            }
        }

        void force() {
            for (MappedByteBuffer segment : segments) {
                segment.force();
            }
        }

        long find(long msb, long lsb) {
            for (long i = home(msb, lsb); ; i = (i + 1) & mask) {
                long seq = seq(i);
                if (seq == 0) {
                    return 0;
                }
                if (msb(i) == msb && lsb(i) == lsb) {
                    return seq;
                }
            }
        }

        void insert(long msb, long lsb, long seq) {
            for (long i = home(msb, lsb); ; i = (i + 1) & mask) {
                long existing = seq(i);
                if (existing == 0) {
                    MappedByteBuffer b = segment(i);
                    int at = offset(i);
                    b.putLong(at, msb);
                    b.putLong(at + 8, lsb);
                    b.putLong(at + 16, seq);
                    count++;
                    return;
                }
                if (msb(i) == msb && lsb(i) == lsb) {
                    segment(i).putLong(offset(i) + 16, seq);
                    return;
                }
            }
        }

        long msb(long i) {
            return segment(i).getLong(offset(i));
        }

        long lsb(long i) {
            return segment(i).getLong(offset(i) + 8);
        }

        long seq(long i) {
            return segment(i).getLong(offset(i) + 16);
        }

        private MappedByteBuffer segment(long i) {
            return segments[(int) (i >>> SEGMENT_SHIFT)];
        }

        private static int offset(long i) {
            return (int) (i & (SEGMENT_SLOTS - 1)) * SLOT_BYTES;
        }

        private long home(long msb, long lsb) {
            return mix(mix(msb) ^ lsb) & mask;
        }

        void delete() {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                throw new UncheckedIOException("VELLUM-0118 an old event id index file could not be deleted", e);
            }
        }

        /** A 64-bit finalizer (MurmurHash3's), so that ids that are not random spread as well as random ones. */
        private static long mix(long x) {
            x ^= x >>> 33;
            x *= 0xff51afd7ed558ccdL;
            x ^= x >>> 33;
            x *= 0xc4ceb9fe1a85ec53L;
            x ^= x >>> 33;
            return x;
        }
    }
}
