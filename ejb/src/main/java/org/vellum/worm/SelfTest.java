package org.vellum.worm;

import java.time.Instant;
import java.util.List;

/**
 * What a target did when asked to give up a probe it had just stored: each attempt and whether it was refused.
 *
 * @param findings one plain sentence per attempt, e.g. "delete refused: Operation not permitted"
 */
public record SelfTest(
        String target,
        Instant at,
        boolean refusedDelete,
        boolean refusedOverwrite,
        boolean refusedRetentionChange,
        List<String> findings) {

    public SelfTest {
        findings = List.copyOf(findings);
    }

    /** Write-once in fact: every attempt was refused. */
    public boolean worm() {
        return refusedDelete && refusedOverwrite && refusedRetentionChange;
    }
}
