package org.vellum.worm;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.vellum.archive.ArchiveRecord;
import org.vellum.archive.ArchiveReport;
import org.vellum.archive.Archiver;

/** The archives as storage sees them: which are complete, where their files are, until when they are kept. */
public interface Archives {
    /** The archives that have their attestation, ascending. */
    List<ArchiveRecord> attested();

    ArchiveRecord byNumber(long sealNumber);

    Path file(ArchiveRecord r);

    Path attestationFile(ArchiveRecord r);

    /** The end of the archive's retention, as its attestation states it. */
    Instant retainUntil(long sealNumber);

    /** When the archive's seal was made. */
    Instant sealedAt(long sealNumber);

    /** Verifies an archive and its attestation as {@code vellum-verify archive} does. */
    ArchiveReport verify(Path archive, Path attestation) throws IOException;

    static Archives of(Archiver archiver) {
        return new Archives() {
            @Override
            public List<ArchiveRecord> attested() {
                return archiver.table().attested();
            }

            @Override
            public ArchiveRecord byNumber(long sealNumber) {
                return archiver.byNumber(sealNumber);
            }

            @Override
            public Path file(ArchiveRecord r) {
                return archiver.file(r);
            }

            @Override
            public Path attestationFile(ArchiveRecord r) {
                return archiver.attestationFile(r);
            }

            @Override
            public Instant retainUntil(long sealNumber) {
                return archiver.retainUntil(sealNumber);
            }

            @Override
            public Instant sealedAt(long sealNumber) {
                return archiver.sealedAt(sealNumber);
            }

            @Override
            public ArchiveReport verify(Path archive, Path attestation) throws IOException {
                return archiver.verifyFiles(archive, attestation);
            }
        };
    }
}
