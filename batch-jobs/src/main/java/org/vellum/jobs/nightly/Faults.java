package org.vellum.jobs.nightly;

import jakarta.batch.runtime.context.JobContext;
import java.util.Locale;
import java.util.Properties;

/**
 * Faults injected through job parameters, for tests of restart: {@code failAt} names the stage ({@code read},
 * {@code process}, {@code write} after the chunk's events are durable, or {@code flush} after the chunk's progress
 * is saved but before it commits) and {@code failAfter} the number of lines this execution reads first. A restart
 * that should succeed passes {@code failAt=none}, since JBeret carries the original parameters into a restart.
 */
record Faults(String stage, long after) {
    static Faults of(JobContext job) {
        Properties p = job.getProperties();
        String stage = p.getProperty("failAt", "").trim().toLowerCase(Locale.ROOT);
        String after = p.getProperty("failAfter", "").trim();
        return new Faults(stage.isEmpty() ? "none" : stage, after.isEmpty() ? 0 : Long.parseLong(after));
    }

    void check(String at, long linesRead) {
        if (stage.equals(at) && linesRead >= after) {
            throw new InjectedFault("injected fault at " + at + " after " + linesRead + " lines");
        }
    }

    /** The failure a test asked for. */
    static final class InjectedFault extends RuntimeException {
        private static final long serialVersionUID = 1L;

        InjectedFault(String message) {
            super(message);
        }
    }
}
