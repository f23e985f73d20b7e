package org.vellum.jobs.nightly;

import jakarta.batch.api.chunk.listener.AbstractChunkListener;
import jakarta.batch.runtime.context.JobContext;
import jakarta.batch.runtime.context.StepContext;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import org.vellum.collect.CollectRun;

/**
 * Saves the chunk's file positions, accounting and quarantine after the writer, still inside the chunk's
 * transaction: they commit with the checkpoint or not at all.
 */
@Named("collectChunkListener")
@Dependent
public class CollectChunkListener extends AbstractChunkListener {
    @Inject
    JobContext job;

    @Inject
    StepContext step;

    private Faults faults;

    @Override
    public void afterChunk() throws Exception {
        CollectRun run = (CollectRun) step.getTransientUserData();
        run.flush();
        if (faults == null) {
            faults = Faults.of(job);
        }
        faults.check("flush", run.linesThisExecution());
    }
}
