package org.vellum.archive;

import java.util.List;

/** What the nightly job's package, attest and verify steps need: the server's {@link ArchiveService}, or a test's. */
public interface ArchiveBackend {
    /** Packages every seal that has no archive yet, oldest first, recording {@code jobInstance}; returns them. */
    List<ArchiveRecord> packagePending(long jobInstance);

    /** Makes the attestation of every archive that has none yet; returns them. */
    List<ArchiveRecord> attestPending();

    /** The archives run {@code jobInstance} packaged. */
    List<ArchiveRecord> packagedBy(long jobInstance);

    /** Re-reads archive {@code sealNumber} and its attestation from storage and verifies them as an auditor would. */
    org.vellum.archive.ArchiveReport verify(long sealNumber);
}
