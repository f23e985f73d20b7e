package org.vellum.archive;

/**
 * One thing that does not hold.
 *
 * @param member the archive member concerned (or the attestation's file name), or null
 * @param seq the entry concerned, or null
 */
public record ArchiveProblem(ArchiveFailure failure, String member, Long seq, String detail) {
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder(failure.name());
        if (member != null) {
            s.append(": member ").append(member);
        }
        if (seq != null) {
            s.append(member != null ? ", " : ": ").append("entry seq ").append(seq);
        }
        return s.append(": ").append(detail).toString();
    }
}
