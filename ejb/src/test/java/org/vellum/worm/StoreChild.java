package org.vellum.worm;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.h2.jdbcx.JdbcDataSource;
import org.vellum.archive.ArchiveRecord;
import org.vellum.archive.ArchiveReport;
import org.vellum.ledger.Hashes;

/**
 * The process {@link StoreCrashTest} kills: it runs {@link Storage#storePending()} on a file database and the targets
 * a properties file names, printing {@code STORING} before and {@code DONE} after.
 */
public final class StoreChild {
    private StoreChild() {}

    public static void main(String[] args) throws Exception {
        Properties spec = new Properties();
        try (InputStream in = Files.newInputStream(Path.of(args[0]))) {
            spec.load(in);
        }
        Storage storage = storage(spec, spec.getProperty("jdbc"));
        System.out.println("STORING");
        System.out.flush();
        storage.storePending();
        System.out.println("DONE");
        System.out.flush();
    }

    /** The storage the spec describes, on the database at {@code url}. */
    static Storage storage(Properties spec, String url) throws IOException {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL(url);
        List<WormTarget> targets = new ArrayList<>();
        for (String t : spec.getProperty("targets").split(",")) {
            String where = spec.getProperty("target." + t);
            if (where.startsWith("fs:")) {
                targets.add(new FilesystemWormTarget(
                        t, Path.of(where.substring(3)), FilesystemWormTarget.NONE, Clock.systemUTC()));
            } else {
                String[] s3 = where.substring(3).split(" ");
                targets.add(S3Servers.target(t, URI.create(s3[0]), s3[1]));
            }
        }
        return new Storage(
                new CopyTable(ds),
                targets,
                new SpecArchives(spec),
                (type, fields) -> {
                    throw new IllegalStateException("no events expected while storing");
                },
                Clock.systemUTC(),
                Path.of(spec.getProperty("work")));
    }

    /** Archives named in the spec: {@code archive.N} and {@code attestation.N} are file paths. */
    static final class SpecArchives implements Archives {
        private final List<ArchiveRecord> records = new ArrayList<>();

        SpecArchives(Properties spec) throws IOException {
            int count = Integer.parseInt(spec.getProperty("archives"));
            for (int n = 1; n <= count; n++) {
                Path a = Path.of(spec.getProperty("archive." + n));
                Path p = Path.of(spec.getProperty("attestation." + n));
                records.add(new ArchiveRecord(
                        n,
                        a.toString(),
                        Files.size(a),
                        Hashes.hex(Hashes.sha256(a)),
                        "",
                        0,
                        1,
                        Instant.EPOCH,
                        p.toString(),
                        Files.size(p),
                        Hashes.hex(Hashes.sha256(p)),
                        Instant.EPOCH,
                        Instant.EPOCH,
                        ArchiveRecord.INTACT));
            }
        }

        @Override
        public Instant sealedAt(long sealNumber) {
            return Instant.EPOCH;
        }

        @Override
        public List<ArchiveRecord> attested() {
            return records.stream()
                    .map(r -> new ArchiveRecord(
                            r.sealNumber(),
                            Path.of(r.fileName()).getFileName().toString(),
                            r.size(),
                            r.sha256(),
                            "",
                            0,
                            1,
                            Instant.EPOCH,
                            Path.of(r.attestationName()).getFileName().toString(),
                            r.attestationSize(),
                            r.attestationSha256(),
                            Instant.EPOCH,
                            Instant.EPOCH,
                            ArchiveRecord.INTACT))
                    .toList();
        }

        @Override
        public ArchiveRecord byNumber(long sealNumber) {
            return attested().get((int) sealNumber - 1);
        }

        @Override
        public Path file(ArchiveRecord r) {
            return Path.of(records.get((int) r.sealNumber() - 1).fileName());
        }

        @Override
        public Path attestationFile(ArchiveRecord r) {
            return Path.of(records.get((int) r.sealNumber() - 1).attestationName());
        }

        @Override
        public Instant retainUntil(long sealNumber) {
            return Instant.parse("2036-11-30T02:00:00Z");
        }

        @Override
        public ArchiveReport verify(Path archive, Path attestation) {
            throw new UnsupportedOperationException("the crash test compares bytes, it does not verify archives");
        }
    }
}
