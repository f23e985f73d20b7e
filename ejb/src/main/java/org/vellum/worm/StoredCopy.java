package org.vellum.worm;

import java.time.Instant;

/**
 * One copy of an archive on one target, as read back after writing.
 *
 * @param location where the copy is, in the target's terms (a path, a bucket and key)
 * @param immutable whether the target locked it beyond file permissions (the immutable attribute, an object lock)
 */
public record StoredCopy(
        String target, String location, long size, String sha256, Instant retainUntil, boolean immutable) {}
