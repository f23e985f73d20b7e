package org.vellum.jobs.nightly;

import jakarta.batch.api.AbstractBatchlet;
import jakarta.batch.runtime.context.JobContext;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jboss.logging.Logger;
import org.vellum.collect.CollectBackend;
import org.vellum.collect.RunRecord;
import org.vellum.seal.SealBackend;
import org.vellum.seal.SealRecord;

/**
 * Seals the ledger after the run: everything appended since the last seal, with the run's accounting (counts only;
 * unreadable files are counted, not named). A TSA outage fails the step with nothing sealed, and a restart seals
 * then; a restart after the seal was stored gets the same seal back, never a second one.
 */
@Named("sealBatchlet")
@Dependent
public class SealBatchlet extends AbstractBatchlet {
    private static final Logger LOG = Logger.getLogger(SealBatchlet.class);

    @Inject
    JobContext job;

    @Inject
    CollectBackend collect;

    @Inject
    SealBackend seals;

    @Override
    public String process() {
        Map<String, Object> accounting = null;
        RunRecord run = collect.store().run(job.getInstanceId()).orElse(null);
        if (run != null) {
            accounting = new LinkedHashMap<>(run.accounting().toJson());
            accounting.put("unreadable_files", (long)
                    run.accounting().unreadableFiles().size());
        }
        SealRecord seal = seals.sealRun(job.getInstanceId(), accounting);
        Faults.of(job).check("seal");
        LOG.infof(
                "VELLUM-0615 run %d sealed by seal %d (seq %d to %d)",
                job.getInstanceId(), seal.number(), seal.firstSeq(), seal.lastSeq());
        return "SEALED";
    }
}
