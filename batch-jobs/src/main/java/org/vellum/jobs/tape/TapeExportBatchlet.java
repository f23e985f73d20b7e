package org.vellum.jobs.tape;

import jakarta.batch.api.AbstractBatchlet;
import jakarta.batch.runtime.BatchRuntime;
import jakarta.batch.runtime.context.JobContext;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import org.jboss.logging.Logger;
import org.vellum.problem.VellumException;
import org.vellum.tapes.TapeBackend;
import org.vellum.tapes.TapeRequest;
import org.vellum.tapes.TapeRun;

/**
 * Writes the archives asked for to the cartridges named, reads each cartridge back against its catalog, and records
 * its archives as exported. Exit status {@code EXPORTED}, {@code CARTRIDGE_FULL} when archives were left for a next
 * cartridge, or {@code NOTHING_TO_EXPORT}. A restart resumes the cartridge a crash cut short. A stop takes effect
 * at the next record: the cartridge stays {@code WRITING}, exit status {@code STOPPED}, and a restart resumes it.
 */
@Named("tapeExportBatchlet")
@Dependent
public class TapeExportBatchlet extends AbstractBatchlet {
    private static final Logger LOG = Logger.getLogger(TapeExportBatchlet.class);

    @Inject
    JobContext job;

    @Inject
    TapeBackend tapes;

    private volatile boolean stopped;

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
        int pauseAt = pauseAt(given);
        TapeRun run;
        try {
            run = tapes.export(request, job.getInstanceId(), (tapeFile, records) -> {
                if (tapeFile == pauseAt && records == 1) {
                    hold(tapeFile);
                }
                if (stopped) {
                    throw new IOException("stopped on request inside tape file " + tapeFile);
                }
            });
        } catch (VellumException e) {
            if (stopped) {
                LOG.infof("VELLUM-1008 tape export run %d stopped: %s", job.getInstanceId(), e.getMessage());
                return "STOPPED"; // the cartridge stays WRITING; a restart resumes it
            }
            throw e;
        }
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

    /**
     * The fault-injection parameter {@code pauseAt} (accepted by the launcher only with {@code
     * vellum.jobs.fault-injection}): the tape file inside which the export is held, after its first record, so that a
     * test can kill the server there; -1 for none.
     */
    private static int pauseAt(Properties given) {
        String at = given == null ? null : given.getProperty("pauseAt");
        return at == null || !at.strip().matches("\\d{1,6}") ? -1 : Integer.parseInt(at.strip());
    }

    private void hold(int tapeFile) {
        LOG.warnf("VELLUM-1007 tape export held inside tape file %d for a fault-injection test", tapeFile);
        long until = System.nanoTime() + java.util.concurrent.TimeUnit.MINUTES.toNanos(10);
        while (!stopped && System.nanoTime() < until) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @Override
    public void stop() {
        stopped = true;
    }
}
