package org.vellum.jobs.nightly;

import jakarta.batch.api.AbstractBatchlet;
import jakarta.batch.runtime.context.JobContext;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.List;
import org.jboss.logging.Logger;
import org.vellum.archive.ArchiveBackend;
import org.vellum.archive.ArchiveRecord;

/** Makes the signed PDF/A-3 attestation of every archive that has none yet. */
@Named("attestBatchlet")
@Dependent
public class AttestBatchlet extends AbstractBatchlet {
    private static final Logger LOG = Logger.getLogger(AttestBatchlet.class);

    @Inject
    JobContext job;

    @Inject
    ArchiveBackend archives;

    @Override
    public String process() {
        List<ArchiveRecord> made = archives.attestPending();
        Faults.of(job).check("attest");
        LOG.infof("VELLUM-0707 run %d attested %d archive(s)", job.getInstanceId(), made.size());
        return "ATTESTED";
    }
}
