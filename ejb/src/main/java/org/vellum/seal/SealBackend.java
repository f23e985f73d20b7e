package org.vellum.seal;

import java.util.Map;

/** What the nightly job's seal step needs: the server's {@link SealService}, or a test's own {@link Sealer}. */
public interface SealBackend {
    /**
     * Seals everything appended since the last seal, once per job instance: a restarted run that already sealed gets
     * its seal back. {@code collection} is the run's accounting (counts only).
     */
    SealRecord sealRun(long jobInstance, Map<String, Object> collection);
}
