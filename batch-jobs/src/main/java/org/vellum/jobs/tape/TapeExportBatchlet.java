package org.vellum.jobs.tape;

import jakarta.batch.api.AbstractBatchlet;
import jakarta.batch.runtime.BatchRuntime;
import jakarta.batch.runtime.context.JobContext;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import org.jboss.logging.Logger;
import org.vellum.tapes.TapeBackend;
import org.vellum.tapes.TapeRequest;
import org.vellum.tapes.TapeRun;

/**
 * Writes the archives asked for to the cartridges named, reads each cartridge back against its catalog, and records
 * its archives as exported. Exit status {@code EXPORTED}, {@code CARTRIDGE_FULL} when archives were left for a next
 * cartridge, or {@code NOTHING_TO_EXPORT}. A restart resumes the cartridge a crash cut short.
 */
@Named("tapeExportBatchlet")
@Dependent
public class TapeExportBatchlet extends AbstractBatchlet {
    private static final Logger LOG = Logger.getLogger(TapeExportBatchlet.class);

    @Inject
    JobContext job;

    @Inject
    TapeBackend tapes;

    @Override
    public String process() {
        Properties given = BatchRuntime.getJobOperator().getParameters(job.getExecutionId());
        Map<String, String> parameters = new LinkedHashMap<>();
        for (String name : TapeRequest.PARAMETERS) {
            if (given != null && given.getProperty(name) != null) {
                parameters.put(name, given.getProperty(name));
            }
        }
        TapeRequest request = tapes.check(parameters);
        TapeRun run = tapes.export(request, job.getInstanceId());
        LOG.infof(
                "VELLUM-1006 tape export run %d: cartridges %s, %d archives exported, %d left",
                job.getInstanceId(),
                run.cartridges(),
                run.exported().size(),
                run.left().size());
        if (!run.left().isEmpty()) {
            return "CARTRIDGE_FULL";
        }
        return run.exported().isEmpty() ? "NOTHING_TO_EXPORT" : "EXPORTED";
    }
}
