package org.vellum.ledger;

import java.util.UUID;

/**
 * A Bloom filter over every event id in the ledger, so that the duplicate check asks the database only about ids it
 * may have seen: a "no" is certain, a "maybe" (about 0.05% of new ids at the filter's capacity) costs one indexed
 * lookup. It grows by doubling when it fills. Not thread-safe: the sequencer owns it.
 */
final class EventIdFilter {
    private static final int BITS_PER_ID = 16;
    private static final int HASHES = 11;

    private long[] words;
    private long bits;
    private long capacity;
    private long count;

    EventIdFilter(long capacity) {
        allocate(Math.max(64, capacity));
    }

    private void allocate(long newCapacity) {
        capacity = newCapacity;
        bits = capacity * BITS_PER_ID;
        words = new long[(int) ((bits + 63) / 64)];
        count = 0;
    }

    /** True when the filter has reached its capacity; {@link #rebuild} then makes room. */
    boolean full() {
        return count >= capacity;
    }

    /** Empties the filter at twice its capacity; the caller adds every id again. */
    void rebuild() {
        allocate(capacity * 2);
    }

    void add(String eventId) {
        long[] h = hashes(eventId);
        for (int i = 0; i < HASHES; i++) {
            long bit = Math.floorMod(h[0] + i * h[1], bits);
            words[(int) (bit >>> 6)] |= 1L << bit;
        }
        count++;
    }

    boolean mightContain(String eventId) {
        long[] h = hashes(eventId);
        for (int i = 0; i < HASHES; i++) {
            long bit = Math.floorMod(h[0] + i * h[1], bits);
            if ((words[(int) (bit >>> 6)] & (1L << bit)) == 0) {
                return false;
            }
        }
        return true;
    }

    /** Two independent 64-bit hashes of the id, for double hashing; both halves of the UUID feed both. */
    private static long[] hashes(String eventId) {
        UUID id = UUID.fromString(eventId);
        long a = mix(id.getMostSignificantBits());
        long b = mix(id.getLeastSignificantBits());
        return new long[] {mix(a ^ b), mix(b + 0x9E3779B97F4A7C15L * a) | 1};
    }

    /** A 64-bit finalizer (from MurmurHash3), so that UUIDs that are not random spread as well as random ones. */
    private static long mix(long x) {
        x ^= x >>> 33;
        x *= 0xff51afd7ed558ccdL;
        x ^= x >>> 33;
        x *= 0xc4ceb9fe1a85ec53L;
        x ^= x >>> 33;
        return x;
    }
}
