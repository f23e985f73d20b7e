package org.vellum.worm;

import java.time.Instant;

/**
 * Where one archive is on one target: its state ({@code PENDING} while being written, {@code STORED} once read back
 * and compared, {@code PURGED} after retention), the two files' locations, and the last verification.
 */
public record CopyRecord(
        long sealNumber,
        String target,
        String state,
        String archiveSha256,
        String attestationSha256,
        Instant retainUntil,
        String archiveLocation,
        String attestationLocation,
        Long size,
        Boolean immutable,
        Instant startedAt,
        Instant storedAt,
        Instant verifiedAt,
        String verifyResult,
        Instant purgedAt,
        Long purgeSeq) {
    public static final String PENDING = "PENDING";
    public static final String STORED = "STORED";
    public static final String PURGED = "PURGED";
}
