package org.vellum.worm;

import java.time.Instant;

/**
 * A configured target as last seen: its self-test's verdict and findings, and whether an admin accepted it for
 * retention-bearing copies although it is not write-once.
 *
 * @param worm null before the first self-test
 */
public record TargetRecord(
        String name,
        String type,
        String location,
        Boolean worm,
        Instant selfTestAt,
        String findings,
        String acceptedBy,
        Instant acceptedAt,
        String acceptedReason,
        Long acceptedSeq) {
    /** Copies go here: it proved write-once, or an admin accepted it as it is. */
    public boolean usable() {
        return Boolean.TRUE.equals(worm) || acceptedBy != null;
    }
}
