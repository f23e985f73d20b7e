package org.vellum.worm;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.h2.jdbcx.JdbcDataSource;
import org.vellum.archive.ArchiveFixture;
import org.vellum.archive.ArchiveRecord;
import org.vellum.archive.ArchiveReport;
import org.vellum.archive.ArchiveVerifier;
import org.vellum.archive.ArchiveWriter;
import org.vellum.event.EventNormalizer;
import org.vellum.event.HmacPseudonymizer;
import org.vellum.ingest.EventLog;
import org.vellum.ingest.OwnEvents;
import org.vellum.ledger.Genesis;
import org.vellum.ledger.Hashes;
import org.vellum.ledger.JdbcLedgerStorage;
import org.vellum.ledger.LedgerEngine;
import org.vellum.ledger.LedgerEntry;
import org.vellum.schema.SchemaService;

/**
 * Real archives and attestations (signed, time-stamped, made by {@link ArchiveFixture}), a real ledger on an H2
 * database migrated like the server's, and the storage tables beside it: everything {@link Storage} works on.
 */
public final class StorageHarness implements AutoCloseable {
    private static final AtomicInteger DATABASES = new AtomicInteger();

    public final JdbcDataSource dataSource = new JdbcDataSource();
    final LedgerEngine ledger;
    final JdbcLedgerStorage ledgerStorage;
    public final ArchiveFixture fixture;
    public final FixtureArchives archives = new FixtureArchives();
    final EventLog events;

    /** @param url a JDBC URL, or null for a fresh in-memory database */
    public StorageHarness(Path dir, String url, int archiveCount) throws Exception {
        this(dir, url, archiveCount, 40);
    }

    /** @param tasksPerArchive 40 tasks make about 80 entries, an archive of about 25 KB */
    public StorageHarness(Path dir, String url, int archiveCount, int tasksPerArchive) throws Exception {
        dataSource.setURL(
                url != null ? url : "jdbc:h2:mem:storage" + DATABASES.incrementAndGet() + ";DB_CLOSE_DELAY=-1");
        migrate(dataSource);
        ledgerStorage = new JdbcLedgerStorage(dataSource);
        ledger = LedgerEngine.start(
                ledgerStorage,
                new LedgerEngine.Settings(
                        dir.resolve("journal"), 64 << 20, Duration.ofMinutes(5), 20_000, 512, 20_000, 500_000),
                () -> new Genesis("storage-test", Instant.now()),
                Executors.defaultThreadFactory());
        EventNormalizer normalizer = new EventNormalizer(new HmacPseudonymizer(new byte[32]));
        events = (type, fields) -> OwnEvents.record(
                normalizer,
                "storage-test",
                (list, at) -> ledger.append(list, List.of(), at),
                type,
                fields,
                Clock.systemUTC());
        long[] ends = new long[archiveCount];
        for (int i = 0; i < archiveCount; i++) {
            ends[i] = tasksPerArchive * (i + 1) * 2L; // a task makes about 2 entries
        }
        fixture = new ArchiveFixture(dir.resolve("archives"), tasksPerArchive * archiveCount, ends);
        for (int i = 0; i < archiveCount; i++) {
            ArchiveWriter.Written w = fixture.archive(i, 1 << 20);
            Path pdf = fixture.attestation(w, i);
            archives.add(i + 1, w.file(), pdf);
        }
    }

    static void migrate(JdbcDataSource dataSource) throws Exception {
        try (Connection c = dataSource.getConnection()) {
            new SchemaService.SchemaMigrator(c).migrate(SchemaService.MIGRATIONS, name -> {
                try (InputStream in = StorageHarness.class.getResourceAsStream("/db/" + name)) {
                    return new String(in.readAllBytes(), StandardCharsets.UTF_8);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }

    Storage storage(List<WormTarget> targets, Path work) {
        return new Storage(new CopyTable(dataSource), targets, archives, events, Clock.systemUTC(), work);
    }

    /** The appliance's own events in the ledger, as (type, event body) in ledger order. */
    List<Map<String, Object>> ownEvents() throws InterruptedException {
        List<Map<String, Object>> out = new ArrayList<>();
        long head = ledger.head().seq();
        if (!ledger.awaitIndexed(head, Duration.ofSeconds(30))) {
            throw new AssertionError("the ledger did not index up to " + head);
        }
        for (long seq = 1; seq <= head; seq++) {
            LedgerEntry e = ledgerStorage.bySeq(seq).orElseThrow();
            @SuppressWarnings("unchecked")
            Map<String, Object> event = (Map<String, Object>)
                    org.vellum.canonical.Json.parseObject(new String(e.canonical(), StandardCharsets.UTF_8))
                            .get("event");
            Map<String, Object> withSeq = new LinkedHashMap<>(event);
            withSeq.put("_seq", seq);
            out.add(withSeq);
        }
        return out;
    }

    @Override
    public void close() {
        ledger.close();
        fixture.close();
    }

    /** The fixture's archives as storage sees them; retention ends where a test says. */
    public final class FixtureArchives implements Archives {
        final Map<Long, ArchiveRecord> records = new LinkedHashMap<>();
        final Map<Long, Path[]> files = new LinkedHashMap<>();
        volatile Instant retainUntil = Instant.parse("2036-11-30T00:00:00Z");
        public final Map<Long, Instant> sealedAt = new java.util.concurrent.ConcurrentHashMap<>();

        public void add(long seal, Path archive, Path attestation) throws IOException {
            records.put(
                    seal,
                    new ArchiveRecord(
                            seal,
                            archive.getFileName().toString(),
                            java.nio.file.Files.size(archive),
                            Hashes.hex(Hashes.sha256(archive)),
                            "",
                            0,
                            1,
                            Instant.now(),
                            attestation.getFileName().toString(),
                            java.nio.file.Files.size(attestation),
                            Hashes.hex(Hashes.sha256(attestation)),
                            Instant.now(),
                            Instant.now(),
                            ArchiveRecord.INTACT));
            files.put(seal, new Path[] {archive, attestation});
        }

        @Override
        public List<ArchiveRecord> attested() {
            return List.copyOf(records.values());
        }

        @Override
        public ArchiveRecord byNumber(long sealNumber) {
            return records.get(sealNumber);
        }

        @Override
        public Path file(ArchiveRecord r) {
            return files.get(r.sealNumber())[0];
        }

        @Override
        public Path attestationFile(ArchiveRecord r) {
            return files.get(r.sealNumber())[1];
        }

        @Override
        public Instant retainUntil(long sealNumber) {
            return retainUntil;
        }

        @Override
        public Instant sealedAt(long sealNumber) {
            return sealedAt.getOrDefault(sealNumber, Instant.parse("2026-11-01T02:00:00Z"));
        }

        @Override
        public ArchiveReport verify(Path archive, Path attestation) throws IOException {
            return ArchiveVerifier.verify(archive, attestation, fixture.trust);
        }
    }
}
