package org.vellum.tapes;

import java.time.Instant;

/**
 * A cartridge as the appliance recorded it.
 *
 * @param state {@code WRITING}, {@code VERIFIED} or {@code DAMAGED}
 * @param verifyResult {@code intact}, or what read-back found; null before it ran
 * @param full whether archives were left for the next cartridge
 */
public record CartridgeRecord(
        String barcode,
        String device,
        String medium,
        int recordSize,
        String state,
        Long jobInstance,
        Instant startedAt,
        Instant writtenAt,
        Instant verifiedAt,
        String verifyResult,
        boolean full) {
    public static final String WRITING = "WRITING";
    public static final String VERIFIED = "VERIFIED";
    public static final String DAMAGED = "DAMAGED";
}
