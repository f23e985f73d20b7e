package org.vellum.worm;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;

/** A place archives are copied to once and never changed: a WORM folder, an S3 bucket with Object Lock. */
public interface WormTarget {
    /** The configured name, e.g. {@code local}. */
    String name();

    /**
     * Stores {@code source} as {@code name}, exclusively (an existing copy is never replaced), with retention until
     * {@code retainUntil}; reads it back and compares before answering.
     */
    StoredCopy store(String name, Path source, Instant retainUntil) throws IOException;

    /** Stores a probe and tries to delete it, overwrite it and shorten its retention, recording each refusal. */
    SelfTest selfTest() throws IOException;
}
