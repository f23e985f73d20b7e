package org.vellum.jobs.nightly;

import jakarta.batch.api.chunk.ItemProcessor;
import jakarta.batch.runtime.context.JobContext;
import jakarta.batch.runtime.context.StepContext;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import org.vellum.collect.Classified;
import org.vellum.collect.CollectRun;
import org.vellum.collect.CollectedEvent;
import org.vellum.collect.SpoolLine;

/**
 * Parses, validates, normalizes and minimizes a line. An event goes on to the writer; a line that is no audit event
 * is filtered out (counted, not kept); a broken event is skipped into quarantine.
 */
@Named("collectProcessor")
@Dependent
public class CollectProcessor implements ItemProcessor {
    @Inject
    JobContext job;

    @Inject
    StepContext step;

    private Faults faults;

    @Override
    public Object processItem(Object item) throws Exception {
        CollectRun run = (CollectRun) step.getTransientUserData();
        if (faults == null) {
            faults = Faults.of(job);
        }
        faults.check("process", run.linesThisExecution());
        SpoolLine line = (SpoolLine) item;
        Classified c = run.classify(line);
        if (c instanceof Classified.Event e) {
            return new CollectedEvent(e.event(), line.origin());
        }
        if (c instanceof Classified.Quarantined q) {
            throw new QuarantineException(q);
        }
        return null;
    }
}
