package org.vellum.jobs.nightly;

import jakarta.batch.api.chunk.AbstractItemWriter;
import jakarta.batch.runtime.context.JobContext;
import jakarta.batch.runtime.context.StepContext;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.ArrayList;
import java.util.List;
import org.vellum.collect.CollectRun;
import org.vellum.collect.CollectedEvent;

/** Appends a chunk's events to the ledger; they are durable when this returns. */
@Named("collectWriter")
@Dependent
public class CollectWriter extends AbstractItemWriter {
    @Inject
    JobContext job;

    @Inject
    StepContext step;

    private Faults faults;

    @Override
    public void writeItems(List<Object> items) throws Exception {
        CollectRun run = (CollectRun) step.getTransientUserData();
        List<CollectedEvent> events = new ArrayList<>(items.size());
        items.forEach(i -> events.add((CollectedEvent) i));
        run.append(events);
        if (faults == null) {
            faults = Faults.of(job);
        }
        faults.check("write", run.linesThisExecution());
    }
}
