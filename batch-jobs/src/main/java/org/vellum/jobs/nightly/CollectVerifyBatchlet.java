package org.vellum.jobs.nightly;

import jakarta.batch.api.AbstractBatchlet;
import jakarta.batch.runtime.context.JobContext;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import org.jboss.logging.Logger;
import org.vellum.collect.CollectBackend;
import org.vellum.collect.CollectException;
import org.vellum.collect.RunRecord;

/**
 * Re-reads what the collection wrote: the accounting must add up line for line, and every ledger entry from the
 * run's first to its last appended {@code seq} must match its leaf and chain hash.
 */
@Named("collectVerifyBatchlet")
@Dependent
public class CollectVerifyBatchlet extends AbstractBatchlet {
    private static final Logger LOG = Logger.getLogger(CollectVerifyBatchlet.class);

    @Inject
    JobContext job;

    @Inject
    CollectBackend backend;

    @Override
    public String process() {
        RunRecord run = backend.store()
                .run(job.getInstanceId())
                .orElseThrow(() -> new CollectException("no-run", "the collect step left no accounting"));
        if (!run.accounting().balanced()) {
            throw new CollectException(
                    "accounting-unbalanced",
                    "VELLUM-0421 the accounting does not add up: "
                            + run.accounting().toJsonText());
        }
        long checked = 0;
        if (run.firstSeq().isPresent()) {
            backend.verifyLedger(run.firstSeq().getAsLong(), run.lastSeq().getAsLong());
            checked = run.lastSeq().getAsLong() - run.firstSeq().getAsLong() + 1;
        }
        Faults.of(job).check("verify");
        LOG.infof(
                "VELLUM-0403 collection %d verified: %d lines read, %d appended, %d duplicates, %d quarantined,"
                        + " %d not audit; %d ledger entries re-checked",
                job.getInstanceId(),
                run.accounting().linesRead(),
                run.accounting().appended(),
                run.accounting().duplicates(),
                run.accounting().quarantined(),
                run.accounting().notAuditLines(),
                checked);
        return "VERIFIED";
    }
}
