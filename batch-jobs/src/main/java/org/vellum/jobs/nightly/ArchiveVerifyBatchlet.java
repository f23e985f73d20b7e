package org.vellum.jobs.nightly;

import jakarta.batch.api.AbstractBatchlet;
import jakarta.batch.runtime.context.JobContext;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import org.jboss.logging.Logger;
import org.vellum.archive.ArchiveBackend;
import org.vellum.archive.ArchiveRecord;
import org.vellum.archive.ArchiveReport;

/**
 * Re-reads every archive this run packaged, and its attestation, from storage and verifies them as an auditor's
 * {@code vellum-verify archive} would; any problem fails the step, and so the job, naming it.
 */
@Named("archiveVerifyBatchlet")
@Dependent
public class ArchiveVerifyBatchlet extends AbstractBatchlet {
    private static final Logger LOG = Logger.getLogger(ArchiveVerifyBatchlet.class);

    @Inject
    JobContext job;

    @Inject
    ArchiveBackend archives;

    @Override
    public String process() {
        int verified = 0;
        for (ArchiveRecord r : archives.packagedBy(job.getInstanceId())) {
            ArchiveReport report = archives.verify(r.sealNumber());
            if (!report.intact()) {
                throw new ArchiveMismatch("VELLUM-0705 archive " + r.sealNumber() + " (" + r.fileName()
                        + ") does not verify after writing: " + report.problems());
            }
            verified++;
        }
        Faults.of(job).check("verify-archive");
        LOG.infof("VELLUM-0708 run %d verified %d archive(s) as written", job.getInstanceId(), verified);
        return "VERIFIED";
    }

    /** What was written does not verify. */
    static final class ArchiveMismatch extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ArchiveMismatch(String message) {
            super(message);
        }
    }
}
