package org.vellum.jobs.nightly;

import jakarta.batch.operations.JobOperator;
import jakarta.batch.runtime.BatchRuntime;
import jakarta.batch.runtime.BatchStatus;
import jakarta.batch.runtime.StepExecution;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.tsp.TSPAlgorithms;
import org.bouncycastle.tsp.TimeStampRequestGenerator;
import org.h2.jdbcx.JdbcDataSource;
import org.jberet.creation.BatchCDIExtension;
import org.jboss.weld.bootstrap.api.helpers.RegistrySingletonProvider;
import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.environment.se.WeldContainer;
import org.vellum.archive.ArchiveBackend;
import org.vellum.archive.ArchiveRecord;
import org.vellum.archive.ArchiveReport;
import org.vellum.archive.ArchiveTable;
import org.vellum.archive.Archiver;
import org.vellum.collect.CollectBackend;
import org.vellum.collect.CollectStore;
import org.vellum.collect.CollectTable;
import org.vellum.collect.LedgerRecheck;
import org.vellum.collect.RunRecord;
import org.vellum.collect.Source;
import org.vellum.event.EventNormalizer;
import org.vellum.event.HmacPseudonymizer;
import org.vellum.event.NormalizedEvent;
import org.vellum.ingest.OwnEvents;
import org.vellum.jobs.tape.TapeExportBatchlet;
import org.vellum.ledger.Genesis;
import org.vellum.ledger.JdbcLedgerStorage;
import org.vellum.ledger.LedgerEngine;
import org.vellum.ledger.LedgerEntry;
import org.vellum.ledger.Origin;
import org.vellum.ledger.Receipt;
import org.vellum.pki.EmbeddedPki;
import org.vellum.schema.SchemaService;
import org.vellum.seal.CadesSigner;
import org.vellum.seal.SealBackend;
import org.vellum.seal.SealException;
import org.vellum.seal.SealTable;
import org.vellum.seal.Sealer;
import org.vellum.seal.TimeStamp;
import org.vellum.seal.TimeStampCheck;
import org.vellum.seal.TrustAnchors;
import org.vellum.simulator.Expected;
import org.vellum.simulator.ProducerSimulator;
import org.vellum.tape.Cartridges;
import org.vellum.tapes.TapeBackend;
import org.vellum.tapes.TapeLibrary;
import org.vellum.tapes.TapeTable;
import org.vellum.timestamp.TimeStampAuthority;
import org.vellum.timestamp.TimeStampUnavailableException;
import org.vellum.worm.CopyTable;
import org.vellum.worm.FilesystemWormTarget;
import org.vellum.worm.Storage;
import org.vellum.worm.StorageBackend;

/**
 * Runs {@code nightly-archive} without a server: jberet-se on Weld SE with only the job's artifacts as beans, and a
 * real ledger (journal, sequencer, indexer) on an in-memory H2 database with the appliance's schema. Nothing is
 * mocked; the transaction manager is jberet-se's local one, so the chunk's progress commits in its own local
 * transaction right after the writer (the server commits it with the checkpoint).
 */
final class JobHarness implements CollectBackend, AutoCloseable {
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static WeldContainer weld;
    private static EmbeddedPki pki;
    static volatile JobHarness current;

    /** While true, every time-stamp request fails as if no TSA answered. */
    volatile boolean tsaDown;

    final Sealer sealer;

    /** The real archiver on this harness's ledger and seals, writing into {@link #archiveDir}. */
    final Archiver archiver;

    final Path archiveDir;

    /** The real storage, with one WORM folder (without the immutable attribute) in {@link #wormDir}. */
    final Storage storage;

    final Path wormDir;

    /** The real tape library, allowed one device: SIMH images {@code <tapeDir>/{barcode}.tap}, 64 KiB records. */
    final TapeLibrary tapes;

    final Path tapeDir;

    /** While true, the archive step flips a byte of each archive it attested, as a failing medium would. */
    volatile boolean corruptAfterAttest;

    private CadesSigner signer;
    private Function<byte[], TimeStamp> stamper;
    private TrustAnchors trust;

    final JdbcDataSource dataSource = new JdbcDataSource();
    final JdbcLedgerStorage ledgerStorage;
    final LedgerEngine ledger;
    final CollectTable store;
    final EventNormalizer normalizer = new EventNormalizer(new HmacPseudonymizer(new byte[32]));
    final List<Source> configured = new ArrayList<>();

    JobHarness(Path journal) throws SQLException, IOException {
        dataSource.setURL("jdbc:h2:mem:collect" + DATABASES.incrementAndGet() + ";DB_CLOSE_DELAY=-1");
        try (Connection c = dataSource.getConnection()) {
            new SchemaService.SchemaMigrator(c).migrate(SchemaService.MIGRATIONS, name -> {
                try (InputStream in = JobHarness.class.getResourceAsStream("/db/" + name)) {
                    return new String(in.readAllBytes(), StandardCharsets.UTF_8);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
        ledgerStorage = new JdbcLedgerStorage(dataSource);
        ledger = LedgerEngine.start(
                ledgerStorage,
                new LedgerEngine.Settings(journal, 64 << 20, Duration.ofMinutes(5), 20_000, 512, 20_000, 500_000),
                () -> new Genesis("job-test", Instant.now()),
                Executors.defaultThreadFactory());
        store = new CollectTable(dataSource);
        sealer = sealer();
        archiveDir = Files.createTempDirectory("vellum-archives");
        archiver = new Archiver(
                new ArchiveTable(dataSource),
                new SealTable(dataSource),
                new Archiver.Ledger(
                        ledger::genesis,
                        seq -> {
                            if (seq == 0) {
                                return ledger.genesis().chainHash();
                            }
                            byte[][] found = new byte[1][];
                            entries(seq, seq, e -> found[0] = e.chainHash());
                            return found[0];
                        },
                        this::entries),
                signer,
                stamper,
                () -> trust,
                () -> Map.of("samples", 0L),
                Clock.systemUTC(),
                new Archiver.Settings(archiveDir, 1 << 20, 6, java.time.Period.ofYears(10)));
        wormDir = Files.createTempDirectory("vellum-worm");
        storage = new Storage(
                new CopyTable(dataSource),
                List.of(new FilesystemWormTarget("local", wormDir, FilesystemWormTarget.NONE, Clock.systemUTC())),
                org.vellum.worm.Archives.of(archiver),
                (type, fields) -> OwnEvents.record(
                        normalizer,
                        "job-test",
                        (events, at) -> ledger.append(events, List.of(), at),
                        type,
                        fields,
                        Clock.systemUTC()),
                Clock.systemUTC(),
                archiveDir.resolve("tmp"));
        tapeDir = Files.createTempDirectory("vellum-tapes");
        tapes = new TapeLibrary(
                new TapeTable(dataSource),
                org.vellum.worm.Archives.of(archiver),
                "job-test",
                new Cartridges.Settings(64 * 1024, "mt", Duration.ofMinutes(1), Clock.systemUTC()),
                List.of(tapeDevice()),
                Clock.systemUTC());
        // a plain folder is not write-once (the immutable attribute needs root); tests that store accept it
        storage.selfTestAll();
        startWeld();
        current = this;
    }

    String tapeDevice() {
        return "simh:" + tapeDir + "/{barcode}.tap";
    }

    private static synchronized void startWeld() {
        if (weld == null) {
            weld = new Weld(RegistrySingletonProvider.STATIC_INSTANCE)
                    .disableDiscovery()
                    .addExtension(new BatchCDIExtension())
                    .addBeanClasses(
                            Backend.class,
                            CollectReader.class,
                            CollectProcessor.class,
                            CollectWriter.class,
                            CollectChunkListener.class,
                            QuarantineListener.class,
                            CollectVerifyBatchlet.class,
                            SealBatchlet.class,
                            PackageBatchlet.class,
                            AttestBatchlet.class,
                            ArchiveVerifyBatchlet.class,
                            StoreBatchlet.class,
                            TapeExportBatchlet.class)
                    .initialize();
        }
    }

    /** Gives the job the harness of the test that runs. */
    @ApplicationScoped
    static class Backend {
        @Produces
        CollectBackend backend() {
            return current;
        }

        @Produces
        SealBackend seals() {
            return current.sealer;
        }

        @Produces
        TapeBackend tapes() {
            return current.tapes;
        }

        @Produces
        StorageBackend storage() {
            return current.storage;
        }

        @Produces
        ArchiveBackend archives() {
            JobHarness h = current;
            return new ArchiveBackend() {
                @Override
                public List<ArchiveRecord> packagePending(long jobInstance) {
                    return h.archiver.packagePending(jobInstance);
                }

                @Override
                public List<ArchiveRecord> attestPending() {
                    List<ArchiveRecord> made = h.archiver.attestPending();
                    if (h.corruptAfterAttest) {
                        for (ArchiveRecord r : made) {
                            h.flipByte(h.archiver.file(r));
                        }
                    }
                    return made;
                }

                @Override
                public List<ArchiveRecord> packagedBy(long jobInstance) {
                    return h.archiver.packagedBy(jobInstance);
                }

                @Override
                public ArchiveReport verify(long sealNumber) {
                    return h.archiver.verify(sealNumber);
                }
            };
        }
    }

    /**
     * The real sealer on this harness's ledger and database, signing with an embedded PKI made once per test run. Its
     * TSA is the built-in one called in-process (jberet-se has no HTTP server; TimeStampClientTest and the ITs cover
     * the HTTP path), with every answer validated as the client validates it.
     */
    private Sealer sealer() throws IOException {
        EmbeddedPki keys = pki();
        trust = TrustAnchors.of(List.of(keys.root().certificate()), List.of());
        TimeStampAuthority tsa;
        try {
            tsa = new TimeStampAuthority(keys.tsa().key(), keys.tsa().certificate(), Clock.systemUTC());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        SecureRandom random = new SecureRandom();
        stamper = data -> {
            if (tsaDown) {
                throw new TimeStampUnavailableException("no TSA gave a valid time-stamp (the test's TSA is down)");
            }
            try {
                byte[] digest = MessageDigest.getInstance("SHA-256").digest(data);
                BigInteger nonce = new BigInteger(64, random);
                TimeStampRequestGenerator g = new TimeStampRequestGenerator();
                g.setCertReq(true);
                byte[] reply = tsa.respond(
                        g.generate(TSPAlgorithms.SHA256, digest, nonce).getEncoded());
                return TimeStampCheck.response(reply, digest, nonce, TimeStampAuthority.POLICY, trust);
            } catch (IOException | GeneralSecurityException | SealException e) {
                throw new IllegalStateException(e);
            }
        };
        return new Sealer(
                new SealTable(dataSource),
                new Sealer.Ledger(ledger::genesis, ledger::head, ledgerStorage::forEachLeaf),
                signer = new CadesSigner(
                        keys.sealSigner().key(), List.of(keys.sealSigner().certificate())),
                stamper,
                Clock.systemUTC(),
                Duration.ofMinutes(5));
    }

    /** Entries {@code from..to} once the database holds them. */
    private void entries(long from, long to, java.util.function.Consumer<LedgerEntry> sink) {
        try {
            if (!ledger.awaitIndexed(to, Duration.ofSeconds(30))) {
                throw new IllegalStateException("the index did not catch up with seq " + to);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        ledgerStorage.forEach(from, to, sink);
    }

    /** Flips one byte in the middle of a file. */
    void flipByte(Path file) {
        try {
            byte[] bytes = Files.readAllBytes(file);
            bytes[bytes.length / 2] ^= 0x01;
            Files.write(file, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static synchronized EmbeddedPki pki() throws IOException {
        if (pki == null) {
            try {
                pki = EmbeddedPki.loadOrCreate(
                        Files.createTempDirectory("vellum-job-pki"),
                        "job-test",
                        Clock.systemUTC(),
                        new BouncyCastleProvider());
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }
        return pki;
    }

    /** The root of the PKI the harness signs seals with. */
    java.security.cert.X509Certificate rootCertificate() throws IOException {
        return pki().root().certificate();
    }

    /** A simulated spool of {@code events} in {@code dir}; its expected accounting is written beside it. */
    static Expected spool(Path dir, long events, int nodes, long seed) throws IOException {
        ProducerSimulator.Options d = ProducerSimulator.Options.defaults(dir);
        return ProducerSimulator.write(new ProducerSimulator.Options(
                dir,
                dir.resolveSibling(dir.getFileName() + ".json"),
                events,
                nodes,
                seed,
                "anon-",
                d.start(),
                0.3,
                true));
    }

    /** The named step of an execution. */
    StepExecution step(long execution, String name) {
        return operator().getStepExecutions(execution).stream()
                .filter(s -> s.getStepName().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no step " + name));
    }

    JobOperator operator() {
        return BatchRuntime.getJobOperator();
    }

    long start(Map<String, String> parameters) {
        return start("nightly-archive", parameters);
    }

    long start(String job, Map<String, String> parameters) {
        Properties p = new Properties();
        p.putAll(parameters);
        return operator().start(job, p);
    }

    long restart(long execution, Map<String, String> parameters) {
        Properties p = new Properties();
        p.putAll(parameters);
        return operator().restart(execution, p);
    }

    /** Waits (bounded) for the execution to end and returns its status. */
    BatchStatus await(long execution) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (System.nanoTime() < deadline) {
            BatchStatus s = operator().getJobExecution(execution).getBatchStatus();
            if (s == BatchStatus.COMPLETED
                    || s == BatchStatus.FAILED
                    || s == BatchStatus.STOPPED
                    || s == BatchStatus.ABANDONED) {
                return s;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("execution " + execution + " did not end within 2 minutes");
    }

    RunRecord run(long execution) {
        long instance = operator().getJobInstance(execution).getInstanceId();
        return store.run(instance).orElseThrow();
    }

    /** Every entry, once the database has caught up. */
    List<LedgerEntry> entries() throws InterruptedException {
        long head = ledger.head().seq();
        if (!ledger.awaitIndexed(head, Duration.ofSeconds(30))) {
            throw new AssertionError("the index did not catch up");
        }
        List<LedgerEntry> all = new ArrayList<>();
        if (head > 0) {
            ledgerStorage.forEach(1, head, all::add);
        }
        return all;
    }

    @Override
    public List<Source> configuredSources() {
        return configured;
    }

    @Override
    public Path importFolder(String dir) {
        return Path.of(dir);
    }

    @Override
    public EventNormalizer normalizer() {
        return normalizer;
    }

    @Override
    public CollectStore store() {
        return store;
    }

    @Override
    public Duration quarantineRetention() {
        return Duration.ofDays(30);
    }

    @Override
    public List<Receipt> append(List<NormalizedEvent> events, List<Origin> origins) {
        try {
            return ledger.append(events, origins, Instant.now()).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public Optional<Appended> appended(Receipt duplicate) {
        Optional<LedgerEntry> pending = ledger.pending(duplicate.eventId());
        return (pending.isPresent() ? pending : ledgerStorage.bySeq(duplicate.seq())).map(LedgerRecheck::appended);
    }

    @Override
    public void verifyLedger(long from, long to) {
        try {
            ledger.awaitIndexed(to, Duration.ofSeconds(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        byte[] previous = from == 1
                ? ledger.genesis().chainHash()
                : ledgerStorage.bySeq(from - 1).orElseThrow().chainHash();
        LedgerRecheck check = new LedgerRecheck(from, previous);
        ledgerStorage.forEach(from, to, check::accept);
        check.finish(to);
    }

    @Override
    public void close() {
        ledger.close();
    }
}
