package org.vellum.jobs.nightly;

import jakarta.batch.api.chunk.listener.SkipProcessListener;
import jakarta.batch.runtime.context.StepContext;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import org.vellum.collect.CollectRun;
import org.vellum.collect.SpoolLine;

/** Keeps a skipped line in quarantine, saved with the chunk. */
@Named("quarantineListener")
@Dependent
public class QuarantineListener implements SkipProcessListener {
    @Inject
    StepContext step;

    @Override
    public void onSkipProcessItem(Object item, Exception e) {
        if (!(e instanceof QuarantineException q)) {
            throw new IllegalStateException("only quarantined lines are skippable", e);
        }
        ((CollectRun) step.getTransientUserData()).quarantine((SpoolLine) item, q.verdict());
    }
}
