package org.vellum.archive;

import java.util.ArrayList;
import java.util.List;

/** What {@link ArchiveVerifier} checked: a line per check that held, and every problem found. */
public final class ArchiveReport {
    private final List<String> held = new ArrayList<>();
    private final List<ArchiveProblem> problems = new ArrayList<>();

    void held(String line) {
        held.add(line);
    }

    void problem(ArchiveFailure failure, String member, Long seq, String detail) {
        if (seq == null
                && problems.stream()
                        .anyMatch(p -> p.failure() == failure && java.util.Objects.equals(p.member(), member))) {
            return; // already named
        }
        problems.add(new ArchiveProblem(failure, member, seq, detail));
    }

    public boolean intact() {
        return problems.isEmpty();
    }

    public List<String> held() {
        return List.copyOf(held);
    }

    public List<ArchiveProblem> problems() {
        return List.copyOf(problems);
    }

    /** The first problem, or null. */
    public ArchiveProblem first() {
        return problems.isEmpty() ? null : problems.get(0);
    }

    /** Whether a problem of this kind was found. */
    public boolean has(ArchiveFailure failure) {
        return problems.stream().anyMatch(p -> p.failure() == failure);
    }
}
