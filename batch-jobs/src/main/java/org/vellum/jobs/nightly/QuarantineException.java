package org.vellum.jobs.nightly;

import org.vellum.collect.Classified;

/** A line to quarantine: skippable, so that the chunk goes on; {@link QuarantineListener} keeps it. */
public class QuarantineException extends Exception {
    private static final long serialVersionUID = 1L;
    private final transient Classified.Quarantined verdict;

    public QuarantineException(Classified.Quarantined verdict) {
        super(verdict.reason().code(), null, false, false);
        this.verdict = verdict;
    }

    public Classified.Quarantined verdict() {
        return verdict;
    }
}
