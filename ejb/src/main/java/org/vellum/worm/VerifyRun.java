package org.vellum.worm;

import java.time.Instant;
import java.util.List;

/**
 * One pass of {@code verify-archives} over every stored copy.
 *
 * @param failures one line per copy that did not verify, naming the copy and the failures
 */
public record VerifyRun(long id, Instant startedAt, Instant finishedAt, int copies, int intact, List<String> failures) {
    public VerifyRun {
        failures = List.copyOf(failures);
    }

    /** The integrity verification rate in percent; 100 when there was nothing to verify. */
    public double rate() {
        return copies == 0 ? 100.0 : 100.0 * intact / copies;
    }
}
