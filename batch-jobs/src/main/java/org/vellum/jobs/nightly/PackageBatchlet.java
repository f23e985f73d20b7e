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

/**
 * Packages every seal that has no archive yet (this run's, and any made on demand since the last run) into its
 * signed ASiC-E archive. A restart finds the archives already written and goes on with the rest.
 */
@Named("packageBatchlet")
@Dependent
public class PackageBatchlet extends AbstractBatchlet {
    private static final Logger LOG = Logger.getLogger(PackageBatchlet.class);

    @Inject
    JobContext job;

    @Inject
    ArchiveBackend archives;

    @Override
    public String process() {
        List<ArchiveRecord> made = archives.packagePending(job.getInstanceId());
        Faults.of(job).check("package");
        LOG.infof("VELLUM-0706 run %d packaged %d archive(s)", job.getInstanceId(), made.size());
        return "PACKAGED";
    }
}
