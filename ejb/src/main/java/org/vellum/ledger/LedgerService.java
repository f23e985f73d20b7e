package org.vellum.ledger;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.DependsOn;
import jakarta.ejb.EJB;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.vellum.event.NormalizedEvent;
import org.vellum.problem.VellumException;

/**
 * The ledger's facade: recovers it on start, runs its {@link Sequencer} on a managed thread, and answers reads.
 */
@Singleton
@Startup
@DependsOn("SchemaService")
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class LedgerService {
    private static final Logger LOG = Logger.getLogger(LedgerService.class);
    private static final long EXPORT_PAGE = 10_000;
    private static final long LEAF_PAGE = 100_000;

    @EJB
    private LedgerStore store;

    @Resource
    private ManagedThreadFactory threads;

    @Inject
    @ConfigProperty(name = "vellum.data-dir")
    String dataDir;

    @Inject
    @ConfigProperty(name = "vellum.appliance-id")
    Optional<String> applianceId;

    @Inject
    @ConfigProperty(name = "vellum.ingest.clock-skew")
    Duration clockSkew;

    @Inject
    @ConfigProperty(name = "vellum.ledger.group-max-events")
    int groupMaxEvents;

    @Inject
    @ConfigProperty(name = "vellum.ledger.queue-capacity")
    int queueCapacity;

    @Inject
    @ConfigProperty(name = "vellum.ledger.journal.segment-bytes")
    long segmentBytes;

    @Inject
    @ConfigProperty(name = "vellum.ledger.index.transaction-max")
    int indexTransactionMax;

    @Inject
    @ConfigProperty(name = "vellum.ledger.index.max-backlog")
    int indexMaxBacklog;

    /** {@code journal}: this appliance alone, its own journal; {@code shared}: appliances share the database. */
    @Inject
    @ConfigProperty(name = "vellum.ledger.writer")
    String writer;

    @Inject
    @ConfigProperty(name = "vellum.ledger.receipt-timeout")
    Duration readTimeout;

    private LedgerEngine engine;

    private final WriteLatency writeLatency = new WriteLatency(java.time.Clock.systemUTC());

    @PostConstruct
    void start() {
        if (!writer.equals("journal") && !writer.equals("shared")) {
            throw new IllegalStateException(
                    "VELLUM-0100 vellum.ledger.writer must be journal or shared, not " + writer);
        }
        try {
            engine = LedgerEngine.start(
                    store,
                    new LedgerEngine.Settings(
                            Path.of(dataDir, "journal"),
                            segmentBytes,
                            clockSkew,
                            groupMaxEvents,
                            queueCapacity,
                            indexTransactionMax,
                            indexMaxBacklog,
                            writer.equals("shared")),
                    () -> new Genesis(
                            applianceId.orElseGet(() -> UUID.randomUUID().toString()),
                            Instant.now().truncatedTo(ChronoUnit.MICROS)),
                    threads);
        } catch (IOException e) {
            throw new UncheckedIOException("VELLUM-0100 the ledger journal cannot be opened", e);
        }
        LOG.infof(
                "VELLUM-0100 ledger of appliance %s open at seq %d (writer: %s)",
                engine.genesis().applianceId(), engine.head().seq(), writer);
    }

    @PreDestroy
    void stop() {
        engine.close();
    }

    /**
     * Appends events in order. The future completes with one receipt per event once they are durable, or fails with
     * a {@link VellumException} having appended none of them.
     */
    public CompletableFuture<List<Receipt>> append(List<NormalizedEvent> events, Instant receivedAt) {
        long start = System.nanoTime();
        CompletableFuture<List<Receipt>> done =
                engine.append(events, List.of(), receivedAt.truncatedTo(ChronoUnit.MICROS));
        done.thenRun(() -> writeLatency.record(System.nanoTime() - start));
        return done;
    }

    /** How long REST appends took until durable, since the last archive took the figures. */
    public WriteLatency writeLatency() {
        return writeLatency;
    }

    /**
     * Appends events read from files, each with where it was read, so that a line read again after a crash is known
     * as the same line. Otherwise as {@link #append(List, Instant)}.
     */
    public CompletableFuture<List<Receipt>> append(
            List<NormalizedEvent> events, List<Origin> origins, Instant receivedAt) {
        return engine.append(events, origins, receivedAt.truncatedTo(ChronoUnit.MICROS));
    }

    public Genesis genesis() {
        return engine.genesis();
    }

    /** The highest seq the database holds; the difference to {@link #head()} is the indexing backlog. */
    public long indexedSeq() {
        return engine.indexedSeq();
    }

    /** The newest durable entry. */
    public LedgerHead head() {
        return engine.head();
    }

    /** The entry holding an event, whether or not the database has caught up with it yet. */
    public Optional<LedgerEntry> byEventId(String eventId) {
        Optional<LedgerEntry> pending = engine.pending(eventId);
        if (pending.isPresent()) {
            return pending;
        }
        OptionalLong seq = engine.seqOf(eventId);
        return seq.isPresent() ? entryAt(seq.getAsLong(), eventId) : Optional.empty();
    }

    /** The entry a receipt points to, whether or not the database has caught up with it yet. */
    public Optional<LedgerEntry> byReceipt(Receipt receipt) {
        Optional<LedgerEntry> pending = engine.pending(receipt.eventId());
        return pending.isPresent() ? pending : entryAt(receipt.seq(), receipt.eventId());
    }

    /** The entry at {@code seq}, if it holds {@code eventId} (it left the pending list, so the database has it). */
    private Optional<LedgerEntry> entryAt(long seq, String eventId) {
        return store.bySeq(seq).filter(e -> e.eventId().equals(eventId));
    }

    /** {@code chain_hash(seq)}, where seq 0 is the genesis. */
    public byte[] chainHashAt(long seq) {
        if (seq == 0) {
            return engine.genesis().chainHash();
        }
        awaitIndexed(seq);
        return store.bySeq(seq)
                .map(LedgerEntry::chainHash)
                .orElseThrow(() -> new VellumException(
                        VellumException.Kind.NOT_FOUND, "seq-not-found", "there is no entry with seq " + seq));
    }

    /**
     * Streams entries {@code from..to} in seq order, a page per transaction so that no export outlives one. Waits
     * for the database to hold them all first.
     */
    public void forEach(long from, long to, Consumer<LedgerEntry> sink) {
        awaitIndexed(to);
        for (long pageStart = from; pageStart <= to; pageStart += EXPORT_PAGE) {
            store.forEach(pageStart, Math.min(to, pageStart + EXPORT_PAGE - 1), sink);
        }
    }

    /**
     * Streams the leaves {@code from..to} (no bodies) in seq order, a page per transaction, once the database holds
     * them all; for Merkle trees and proofs.
     */
    public void forEachLeaf(long from, long to, Consumer<LedgerTable.Leaf> sink) {
        awaitIndexed(to);
        for (long pageStart = from; pageStart <= to; pageStart += LEAF_PAGE) {
            store.forEachLeaf(pageStart, Math.min(to, pageStart + LEAF_PAGE - 1), sink);
        }
    }

    private void awaitIndexed(long seq) {
        try {
            if (!engine.awaitIndexed(seq, readTimeout)) {
                throw new VellumException(
                        VellumException.Kind.UNAVAILABLE,
                        "ledger-indexing",
                        "the ledger database has not caught up with seq " + seq + " yet; retry shortly");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new VellumException(VellumException.Kind.UNAVAILABLE, "ledger-indexing", "interrupted");
        }
    }
}
