package org.vellum.collect;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The collection's tables. Reads and {@link #flush} join the caller's transaction where there is one (a chunk's, in
 * the server), so that file positions, accounting and quarantine commit together with the job's checkpoint.
 */
public interface CollectStore {
    Optional<FileRecord> file(int headLength, String fileId);

    /** Files last read to their end at this path with this size and time: unchanged since, they need no opening. */
    List<FileRecord> unchangedAt(String source, String path, long rawSize, long modified);

    /** The head lengths under {@link FileRecord#HEAD} that files were first seen with. */
    Set<Integer> shortHeadLengths();

    Optional<RunRecord> run(long jobInstance);

    /** Saves a chunk's progress at once: the files' positions, the run's accounting, the new quarantined lines. */
    void flush(Collection<FileRecord> files, RunRecord run, List<QuarantinedLine> quarantined);

    /** A page of quarantined lines, newest first; filters are optional. */
    List<QuarantinedLine> quarantine(Optional<String> reason, Optional<String> source, int offset, int limit);

    long quarantineCount(Optional<String> reason, Optional<String> source);

    /** Deletes quarantined lines whose retention ended before {@code now}; returns how many. */
    int purgeQuarantine(Instant now);
}
