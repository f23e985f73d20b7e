package org.vellum.seal;

import java.time.Instant;
import java.util.List;

/**
 * A seal as the appliance keeps it: the canonical bytes exactly as signed, the detached signature, the time-stamp's
 * time and authority, the clock flags found when it was made, and the ledger-wide tree's frontier to go on from.
 *
 * @param jobInstance the nightly run that made it, or null for an on-demand seal
 */
public record SealRecord(
        long number,
        Instant sealedAt,
        long firstSeq,
        long lastSeq,
        byte[] canonical,
        byte[] signature,
        Instant genTime,
        String tsa,
        List<byte[]> frontier,
        int blockSize,
        List<byte[]> periodBlocks,
        List<String> clockFlags,
        Long jobInstance) {

    public SealRecord {
        frontier = List.copyOf(frontier);
        periodBlocks = List.copyOf(periodBlocks);
        clockFlags = List.copyOf(clockFlags);
    }

    public Seal seal() {
        return Seal.parse(canonical);
    }

    public long treeSize() {
        return lastSeq - firstSeq + 1;
    }
}
