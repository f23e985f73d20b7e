package org.vellum.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.vellum.archive.ArchiveReport;
import org.vellum.archive.ArchiveVerifier;
import org.vellum.archive.ArchiveWriter;

/**
 * A period's ASiC-E archive, one whole archive per operation: written by {@link ArchiveWriter} (every entry's hashes
 * rechecked, the chain and Merkle root compared with the seal, entry lines deflated at level 6, the summary, the
 * manifest signed and time-stamped) and verified by {@link ArchiveVerifier} (what {@code vellum-verify archive} runs).
 * {@code bytes} counts the entry lines (the uncompressed parts), so its rate is MB/s of entry lines, the figure that
 * {@code gzip -6}, {@code zip -6} and {@code zcat} are measured on over the same bytes ({@link ReferenceData}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
public class AsicBenchmark {
    /** The period's size; {@link ReferenceData} writes the same entries for the reference tools. */
    static final int ENTRIES = 10_000;

    @Param({"10000"})
    public int entries;

    private SampleArchive archive;
    private Path written;
    private Path verified;
    private long entryBytes;

    @Setup
    public void setUp() throws IOException, GeneralSecurityException {
        archive = new SampleArchive(entries);
        try {
            ArchiveWriter.Written w = archive.write(archive.fileName());
            verified = w.file();
            entryBytes = SampleArchive.entryBytes(w);
            archive.verify(verified);
            written = archive.dir.resolve("written-" + archive.fileName());
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            archive.close(); // JMH does not tear down after a failed set-up
            throw e;
        }
    }

    @TearDown
    public void tearDown() throws IOException {
        archive.close();
    }

    @Benchmark
    public ArchiveWriter.Written write(EventBytes counter) throws IOException, GeneralSecurityException {
        ArchiveWriter.Written w = archive.write(written.getFileName().toString());
        counter.bytes += entryBytes;
        return w;
    }

    @Benchmark
    public ArchiveReport verify(EventBytes counter) throws IOException {
        ArchiveReport report = ArchiveVerifier.verify(verified, null, archive.signing.trust);
        if (!report.intact()) {
            throw new IllegalStateException("the archive stopped verifying: " + report.problems());
        }
        counter.bytes += entryBytes;
        return report;
    }
}
