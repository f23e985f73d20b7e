package org.vellum.jobs.storage;

import jakarta.batch.api.AbstractBatchlet;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import org.vellum.worm.StorageBackend;
import org.vellum.worm.VerifyRun;

/**
 * Reads every stored copy back from its target and verifies it as {@code vellum-verify archive} would. Exit status
 * {@code INTACT}, or {@code DAMAGED} when any copy fails: the job then ends FAILED, and each failure is an alert.
 */
@Named("verifyCopiesBatchlet")
@Dependent
public class VerifyCopiesBatchlet extends AbstractBatchlet {
    @Inject
    StorageBackend storage;

    @Override
    public String process() {
        VerifyRun run = storage.verifyCopies();
        return run.failures().isEmpty() ? "INTACT" : "DAMAGED";
    }
}
