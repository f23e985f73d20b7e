package org.vellum.ledger;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Optional;
import java.util.UUID;

/**
 * Finds an event id that two entries of an export hold, in bounded memory: ids up to {@link #IN_MEMORY} are kept in
 * arrays; beyond that they spill into {@link #BUCKETS} temporary files by hash, and each bucket is sorted on its own
 * (10 million ids: 64 buckets of about 156,000, a few MB each). The ledger promises every event id once; the database
 * does not enforce it (the sequencer does), so an auditor checks it here.
 */
final class EventIdCheck implements AutoCloseable {
    /** A second entry holding an id: the earlier entry's seq, the later one's, and the id. */
    record Duplicate(long firstSeq, long secondSeq, String eventId) {}

    static final int IN_MEMORY = 1 << 20;
    static final int BUCKETS = 64;

    private long[] ids = new long[3 * 1024];
    private int count;
    private Path spillDir;
    private DataOutputStream[] buckets;

    /** Records that the entry at {@code seq} holds {@code eventId}. */
    void add(String eventId, long seq) {
        UUID id = UUID.fromString(eventId);
        if (buckets == null && count == IN_MEMORY) {
            spill();
        }
        if (buckets != null) {
            write(id.getMostSignificantBits(), id.getLeastSignificantBits(), seq);
            return;
        }
        if (3 * count == ids.length) {
            ids = Arrays.copyOf(ids, ids.length * 2);
        }
        ids[3 * count] = id.getMostSignificantBits();
        ids[3 * count + 1] = id.getLeastSignificantBits();
        ids[3 * count + 2] = seq;
        count++;
    }

    /** The duplicate with the lowest later seq, if any. */
    Optional<Duplicate> firstDuplicate() {
        if (buckets == null) {
            return firstDuplicate(ids, count);
        }
        try {
            for (DataOutputStream b : buckets) {
                b.close();
            }
            Duplicate first = null;
            for (int i = 0; i < BUCKETS; i++) {
                long[] bucket = read(spillDir.resolve("bucket-" + i));
                Optional<Duplicate> d = firstDuplicate(bucket, bucket.length / 3);
                if (d.isPresent() && (first == null || d.get().secondSeq() < first.secondSeq())) {
                    first = d.get();
                }
            }
            return Optional.ofNullable(first);
        } catch (IOException e) {
            throw new UncheckedIOException("the event id check could not read its temporary files", e);
        }
    }

    @Override
    public void close() {
        if (spillDir == null) {
            return;
        }
        try (var files = Files.list(spillDir)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                Files.deleteIfExists(p);
            }
            Files.deleteIfExists(spillDir);
        } catch (IOException e) {
            throw new UncheckedIOException("the event id check could not delete " + spillDir, e);
        }
    }

    private static Optional<Duplicate> firstDuplicate(long[] triples, int n) {
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(
                order,
                Comparator.<Integer>comparingLong(i -> triples[3 * i])
                        .thenComparingLong(i -> triples[3 * i + 1])
                        .thenComparingLong(i -> triples[3 * i + 2]));
        Duplicate first = null;
        for (int k = 1; k < n; k++) {
            int a = order[k - 1];
            int b = order[k];
            if (triples[3 * a] == triples[3 * b] && triples[3 * a + 1] == triples[3 * b + 1]) {
                long later = triples[3 * b + 2];
                if (first == null || later < first.secondSeq()) {
                    // Sorted by seq within an id: a is the earliest holder only for the first pair, which is enough.
                    String id = new UUID(triples[3 * b], triples[3 * b + 1]).toString();
                    first = new Duplicate(triples[3 * a + 2], later, id);
                }
            }
        }
        return Optional.ofNullable(first);
    }

    private void spill() {
        try {
            spillDir = Files.createTempDirectory("vellum-verify-ids");
            buckets = new DataOutputStream[BUCKETS];
            for (int i = 0; i < BUCKETS; i++) {
                buckets[i] = new DataOutputStream(
                        new BufferedOutputStream(Files.newOutputStream(spillDir.resolve("bucket-" + i)), 1 << 16));
            }
            for (int i = 0; i < count; i++) {
                write(ids[3 * i], ids[3 * i + 1], ids[3 * i + 2]);
            }
            ids = null;
        } catch (IOException e) {
            throw new UncheckedIOException("the event id check could not write temporary files", e);
        }
    }

    private void write(long msb, long lsb, long seq) {
        int bucket = (int) ((msb ^ lsb) * 0x9E3779B97F4A7C15L >>> 58); // top 6 bits of a multiplicative hash
        try {
            DataOutputStream out = buckets[bucket];
            out.writeLong(msb);
            out.writeLong(lsb);
            out.writeLong(seq);
        } catch (IOException e) {
            throw new UncheckedIOException("the event id check could not write temporary files", e);
        }
    }

    private static long[] read(Path bucket) throws IOException {
        long[] triples = new long[(int) (Files.size(bucket) / 8)];
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(bucket), 1 << 16))) {
            for (int i = 0; i < triples.length; i++) {
                triples[i] = in.readLong();
            }
        } catch (EOFException e) {
            throw new IOException("a temporary bucket file was cut short", e);
        }
        return triples;
    }
}
