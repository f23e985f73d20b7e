package org.vellum.jobs.storage;

import jakarta.batch.api.AbstractBatchlet;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import org.jboss.logging.Logger;
import org.vellum.worm.StorageBackend;

/** Removes the stored copies whose retention ended, unless on legal hold, each recorded as retention.purged. */
@Named("purgeBatchlet")
@Dependent
public class PurgeBatchlet extends AbstractBatchlet {
    private static final Logger LOG = Logger.getLogger(PurgeBatchlet.class);

    @Inject
    StorageBackend storage;

    @Override
    public String process() {
        int purged = storage.purgeExpired().size();
        LOG.infof("VELLUM-0816 retention-purge removed %d expired archive copies", purged);
        return "PURGED";
    }
}
