package org.vellum.ledger;

import java.security.MessageDigest;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;

/**
 * One appended entry: its position, the canonical body bytes with their salt, and the two hashes.
 *
 * @param canonical the RFC 8785 bytes of the entry body (see {@link EntryBody})
 */
public record LedgerEntry(
        long seq,
        String eventId,
        Instant receivedAt,
        byte[] salt,
        byte[] canonical,
        byte[] leafHash,
        byte[] chainHash) {

    public static final int SALT_LENGTH = 32;

    public LedgerEntry {
        if (seq < 1) {
            throw new IllegalArgumentException("seq starts at 1");
        }
        Objects.requireNonNull(eventId);
        Objects.requireNonNull(receivedAt);
        Objects.requireNonNull(canonical);
        checkLength(salt, SALT_LENGTH, "salt");
        checkLength(leafHash, Hashes.LENGTH, "leaf_hash");
        checkLength(chainHash, Hashes.LENGTH, "chain_hash");
    }

    /** Computes the hashes of a new entry that follows {@code previousChain}. */
    public static LedgerEntry append(
            MessageDigest md,
            byte[] previousChain,
            long seq,
            String eventId,
            Instant receivedAt,
            byte[] salt,
            byte[] canonical) {
        byte[] leaf = Hashes.leaf(md, salt, canonical);
        return new LedgerEntry(seq, eventId, receivedAt, salt, canonical, leaf, Hashes.chain(md, previousChain, leaf));
    }

    private static void checkLength(byte[] bytes, int length, String what) {
        if (bytes == null || bytes.length != length) {
            throw new IllegalArgumentException(what + " must be " + length + " bytes");
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LedgerEntry e
                && seq == e.seq
                && eventId.equals(e.eventId)
                && receivedAt.equals(e.receivedAt)
                && Arrays.equals(salt, e.salt)
                && Arrays.equals(canonical, e.canonical)
                && Arrays.equals(leafHash, e.leafHash)
                && Arrays.equals(chainHash, e.chainHash);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(seq) * 31 + Arrays.hashCode(chainHash);
    }

    @Override
    public String toString() {
        return "LedgerEntry[seq=" + seq + ", eventId=" + eventId + ", chainHash=" + Hashes.hex(chainHash) + "]";
    }
}
