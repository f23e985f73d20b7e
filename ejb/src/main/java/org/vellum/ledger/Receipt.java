package org.vellum.ledger;

import java.time.Instant;
import java.util.Objects;

/**
 * What a producer gets back for an event: where it sits in the chain. A repeated {@code event_id} gets the original
 * receipt with {@code duplicate} set.
 */
public record Receipt(
        long seq, String eventId, byte[] leafHash, byte[] chainHash, Instant receivedAt, boolean duplicate) {
    public Receipt {
        Objects.requireNonNull(eventId);
        Objects.requireNonNull(leafHash);
        Objects.requireNonNull(chainHash);
        Objects.requireNonNull(receivedAt);
    }

    public Receipt asDuplicate() {
        return new Receipt(seq, eventId, leafHash, chainHash, receivedAt, true);
    }

    static Receipt of(LedgerEntry entry) {
        return new Receipt(
                entry.seq(), entry.eventId(), entry.leafHash(), entry.chainHash(), entry.receivedAt(), false);
    }
}
