package org.vellum.ledger;

import java.util.Objects;

/** The newest entry's position and chain hash: what a producer or auditor pins to detect a rewritten history. */
public record LedgerHead(long seq, byte[] chainHash) {
    public LedgerHead {
        if (seq < 0) {
            throw new IllegalArgumentException("seq cannot be negative");
        }
        Objects.requireNonNull(chainHash);
    }
}
