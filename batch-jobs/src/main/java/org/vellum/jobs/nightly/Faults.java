package org.vellum.jobs.nightly;

import jakarta.batch.runtime.context.JobContext;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Faults injected through job parameters, for tests of restart: {@code failAt} names the stage ({@code read},
 * {@code process}, {@code write} after the chunk's events are durable, or {@code flush} after the chunk's progress
 * is saved but before it commits; {@code verify}, {@code seal}, {@code package}, {@code attest},
 * {@code verify-archive} and {@code store} after the step's work is done but before the step ends) and
 * {@code failAfter} the number of lines this execution reads first. {@code holdAt} names a stage the same way, but
 * holds the job there (for at most ten minutes) instead of failing it, so that a test can kill the server's JVM at
 * exactly that point. A restart that should succeed passes {@code failAt=none} or {@code holdAt=none}, since JBeret
 * carries the original parameters into a restart.
 */
record Faults(String stage, long after, String hold) {
    private static final Logger LOG = Logger.getLogger(Faults.class);

    static Faults of(JobContext job) {
        Properties p = job.getProperties();
        String after = p.getProperty("failAfter", "").trim();
        return new Faults(
                stage(p.getProperty("failAt", "")),
                after.isEmpty() ? 0 : Long.parseLong(after),
                stage(p.getProperty("holdAt", "")));
    }

    private static String stage(String given) {
        String stage = given.trim().toLowerCase(Locale.ROOT);
        return stage.isEmpty() ? "none" : stage;
    }

    /** A stage of the collect step, once this execution has read {@code linesRead} lines. */
    void check(String at, long linesRead) {
        if (linesRead >= after) {
            trip(at, "after " + linesRead + " lines");
        }
    }

    /** A later step, once its work is done. */
    void check(String at) {
        trip(at, "after the step's work");
    }

    private void trip(String at, String when) {
        if (hold.equals(at)) {
            hold(at, when);
        }
        if (stage.equals(at)) {
            throw new InjectedFault("injected fault at " + at + " " + when);
        }
    }

    private static void hold(String at, String when) {
        LOG.warnf("VELLUM-0440 nightly-archive held at %s %s for a fault-injection test", at, when);
        long until = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
        while (System.nanoTime() < until) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InjectedFault("interrupted while held at " + at);
            }
        }
        throw new InjectedFault("held at " + at + " for ten minutes and nobody came");
    }

    /** The failure a test asked for. */
    static final class InjectedFault extends RuntimeException {
        private static final long serialVersionUID = 1L;

        InjectedFault(String message) {
            super(message);
        }
    }
}
