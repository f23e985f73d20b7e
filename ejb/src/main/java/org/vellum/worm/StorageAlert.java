package org.vellum.worm;

import java.time.Instant;

/** Something about stored copies that a person must look at: a copy that does not verify, a target that failed. */
public record StorageAlert(long id, Instant raisedAt, String kind, Long sealNumber, String target, String message) {}
