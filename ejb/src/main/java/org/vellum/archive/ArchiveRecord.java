package org.vellum.archive;

import java.time.Instant;

/**
 * An archive as the appliance keeps track of it; the files themselves lie in the archive folder.
 *
 * @param attestationName null until the attestation is made
 * @param verifyResult {@code intact}, or the first problem of the last verification; null before the first
 */
public record ArchiveRecord(
        long sealNumber,
        String fileName,
        long size,
        String sha256,
        String manifestSha256,
        long entries,
        int parts,
        Instant packagedAt,
        String attestationName,
        Long attestationSize,
        String attestationSha256,
        Instant attestedAt,
        Instant verifiedAt,
        String verifyResult) {
    public static final String INTACT = "intact";

    public boolean attested() {
        return attestationName != null;
    }
}
