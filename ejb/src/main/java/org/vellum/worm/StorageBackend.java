package org.vellum.worm;

import java.util.List;

/** What the storage jobs' steps need: the server's {@link StorageService}, or a test's {@link Storage}. */
public interface StorageBackend {
    /** Copies every attested archive to every usable target it is not stored on yet; returns the copies made. */
    List<CopyRecord> storePending();

    /** Reads every stored copy back and verifies it; records the run, and an alert per copy that fails. */
    VerifyRun verifyCopies();

    /** Removes the copies whose retention ended, unless held, recording each in the ledger; returns them. */
    List<CopyRecord> purgeExpired();

    /** Runs every target's WORM self-test and records it. */
    List<SelfTest> selfTestAll();
}
