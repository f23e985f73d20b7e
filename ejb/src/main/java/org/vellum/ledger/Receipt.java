package org.vellum.ledger;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What a producer gets back for an event: where it sits in the chain. A repeated {@code event_id} gets the original
 * receipt with {@code duplicate} set. {@code flags} are the clock-skew flags the sequencer set on a fresh entry (empty
 * on a duplicate's receipt).
 */
public record Receipt(
        long seq,
        String eventId,
        byte[] leafHash,
        byte[] chainHash,
        Instant receivedAt,
        boolean duplicate,
        List<String> flags) {
    public Receipt {
        Objects.requireNonNull(eventId);
        Objects.requireNonNull(leafHash);
        Objects.requireNonNull(chainHash);
        Objects.requireNonNull(receivedAt);
        flags = List.copyOf(flags);
    }

    public Receipt(long seq, String eventId, byte[] leafHash, byte[] chainHash, Instant receivedAt, boolean duplicate) {
        this(seq, eventId, leafHash, chainHash, receivedAt, duplicate, List.of());
    }

    public Receipt asDuplicate() {
        return new Receipt(seq, eventId, leafHash, chainHash, receivedAt, true, List.of());
    }

    static Receipt of(LedgerEntry entry) {
        return of(entry, List.of());
    }

    static Receipt of(LedgerEntry entry, List<String> flags) {
        return new Receipt(
                entry.seq(), entry.eventId(), entry.leafHash(), entry.chainHash(), entry.receivedAt(), false, flags);
    }
}
