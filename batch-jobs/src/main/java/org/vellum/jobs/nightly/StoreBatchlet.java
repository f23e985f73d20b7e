package org.vellum.jobs.nightly;

import jakarta.batch.api.AbstractBatchlet;
import jakarta.batch.runtime.context.JobContext;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.List;
import org.jboss.logging.Logger;
import org.vellum.worm.CopyRecord;
import org.vellum.worm.StorageBackend;

/**
 * Copies every attested archive, and its attestation, to every WORM target it is not on yet; a copy is recorded as
 * stored only once read back and found identical to the archive the previous step verified. A restart finishes the
 * copies a crash cut short.
 */
@Named("storeBatchlet")
@Dependent
public class StoreBatchlet extends AbstractBatchlet {
    private static final Logger LOG = Logger.getLogger(StoreBatchlet.class);

    @Inject
    JobContext job;

    @Inject
    StorageBackend storage;

    @Override
    public String process() {
        List<CopyRecord> stored = storage.storePending();
        Faults.of(job).check("store");
        LOG.infof("VELLUM-0815 run %d stored %d archive copies", job.getInstanceId(), stored.size());
        return "STORED";
    }
}
