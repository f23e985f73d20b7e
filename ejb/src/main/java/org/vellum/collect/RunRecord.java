package org.vellum.collect;

import java.time.Instant;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * A collection job's state: its accounting so far and the range of {@code seq} it appended, kept per job instance so
 * that a restarted execution goes on counting where the failed one stopped.
 */
public record RunRecord(
        long jobInstance,
        long jobExecution,
        Instant startedAt,
        Instant updatedAt,
        OptionalLong firstSeq,
        OptionalLong lastSeq,
        Accounting accounting) {
    public RunRecord {
        Objects.requireNonNull(startedAt);
        Objects.requireNonNull(updatedAt);
        Objects.requireNonNull(firstSeq);
        Objects.requireNonNull(lastSeq);
        Objects.requireNonNull(accounting);
    }
}
