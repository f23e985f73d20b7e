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

    @Inject
    @ConfigProperty(name = "vellum.ledger.receipt-timeout")
    Duration readTimeout;

    private Genesis genesis;
    private Journal journal;
    private Indexer indexer;
    private Sequencer sequencer;

    @PostConstruct
    void start() {
        try {
            LedgerRecovery.Recovered recovered = LedgerRecovery.recover(
                    store,
                    Path.of(dataDir, "journal"),
                    segmentBytes,
                    () -> new Genesis(
                            applianceId.orElseGet(() -> UUID.randomUUID().toString()),
                            Instant.now().truncatedTo(ChronoUnit.MICROS)));
            genesis = recovered.genesis();
            journal = recovered.journal();
            indexer = new Indexer(store, recovered.head().seq(), indexTransactionMax);
            sequencer = new Sequencer(
                    store,
                    journal,
                    indexer,
                    recovered.head(),
                    clockSkew,
                    groupMaxEvents,
                    queueCapacity,
                    indexMaxBacklog,
                    Math.max(1L << 20, 2 * recovered.head().seq()));
        } catch (IOException e) {
            throw new UncheckedIOException("VELLUM-0100 the ledger journal cannot be opened", e);
        }
        Thread indexing = threads.newThread(indexer);
        indexing.setName("vellum-indexer");
        indexing.start();
        Thread sequencing = threads.newThread(sequencer);
        sequencing.setName("vellum-sequencer");
        sequencing.start();
        LOG.infof(
                "VELLUM-0100 ledger of appliance %s open at seq %d",
                genesis.applianceId(), sequencer.head().seq());
    }

    @PreDestroy
    void stop() {
        try {
            sequencer.stop(Duration.ofSeconds(30));
            indexer.stop(Duration.ofSeconds(30));
            journal.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            LOG.warn("VELLUM-0114 the journal did not close cleanly; it is recovered on the next start", e);
        }
    }

    /**
     * Appends events in order. The future completes with one receipt per event once they are durable, or fails with
     * a {@link VellumException} having appended none of them.
     */
    public CompletableFuture<List<Receipt>> append(List<NormalizedEvent> events, Instant receivedAt) {
        return sequencer.submit(events, receivedAt.truncatedTo(ChronoUnit.MICROS));
    }

    public Genesis genesis() {
        return genesis;
    }

    /** The highest seq the database holds; the difference to {@link #head()} is the indexing backlog. */
    public long indexedSeq() {
        return indexer.indexedSeq();
    }

    /** The newest durable entry. */
    public LedgerHead head() {
        return sequencer.head();
    }

    /** The entry holding an event, whether or not the database has caught up with it yet. */
    public Optional<LedgerEntry> byEventId(String eventId) {
        Optional<IndexedEntry> pending = indexer.pending(eventId);
        return pending.isPresent() ? pending.map(IndexedEntry::entry) : store.byEventId(eventId);
    }

    /** {@code chain_hash(seq)}, where seq 0 is the genesis. */
    public byte[] chainHashAt(long seq) {
        if (seq == 0) {
            return genesis.chainHash();
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

    private void awaitIndexed(long seq) {
        try {
            if (!indexer.awaitIndexed(seq, readTimeout)) {
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
