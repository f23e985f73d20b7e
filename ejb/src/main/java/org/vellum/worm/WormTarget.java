package org.vellum.worm;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

/** A place archives are copied to once and never changed: a WORM folder, an S3 bucket with Object Lock. */
public interface WormTarget {
    /** The configured name, e.g. {@code local}. */
    String name();

    /** {@code filesystem} or {@code s3}. */
    String type();

    /** Where the target is, for people: a folder, {@code s3://bucket/prefix} at an endpoint. */
    String location();

    /**
     * Stores {@code source} as {@code name} with retention until {@code retainUntil}, reads it back and compares before
     * answering. The bytes must have {@code expectedSha256} (hex): otherwise nothing is stored under the name. A name is stored once: when it is there already with the same bytes (a store cut short by a crash
     * after the write), the store completes what is missing and answers the copy; with other bytes it is refused with
     * {@link java.nio.file.FileAlreadyExistsException}.
     */
    StoredCopy store(String name, Path source, String expectedSha256, Instant retainUntil) throws IOException;

    /**
     * As {@link #store(String, Path, String, Instant)}, the source's bytes being whatever they are now. Callers who
     * know what the bytes must be (the archive that was verified) pass its SHA-256: a source that changed since is
     * then refused before anything is locked.
     */
    default StoredCopy store(String name, Path source, Instant retainUntil) throws IOException {
        return store(name, source, org.vellum.ledger.Hashes.hex(org.vellum.ledger.Hashes.sha256(source)), retainUntil);
    }

    /** Reads a stored copy; {@link java.nio.file.NoSuchFileException} when there is none. */
    InputStream open(String name) throws IOException;

    /** What is stored under {@code name}, read back now, or empty. */
    Optional<StoredCopy> find(String name) throws IOException;

    /**
     * Removes a copy whose retention has ended. The target itself decides: one that still holds the copy refuses with
     * an {@link IOException} saying why. A copy that is not there any more is not an error.
     */
    void delete(String name, Instant now) throws IOException;

    /** Stores a probe and tries to delete it, overwrite it and shorten its retention, recording each refusal. */
    SelfTest selfTest() throws IOException;
}
