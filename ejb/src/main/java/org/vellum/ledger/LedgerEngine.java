package org.vellum.ledger;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadFactory;
import java.util.function.Supplier;
import org.jboss.logging.Logger;
import org.vellum.event.NormalizedEvent;

/**
 * The ledger's moving parts wired together, without the container: recovery from the journal, the {@link Sequencer}
 * and the {@link Indexer} on their own threads. {@link LedgerService} runs one in the server; server-free tests run
 * one on an in-memory database.
 */
public final class LedgerEngine implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(LedgerEngine.class);

    /** The engine's tuning; {@code docs/operations.md} explains each in its configuration table. */
    public record Settings(
            Path journalDir,
            long segmentBytes,
            Duration clockSkew,
            int groupMaxEvents,
            int queueCapacity,
            int indexTransactionMax,
            int indexMaxBacklog,
            boolean shared) {
        /** The same settings for an appliance that writes through its own journal. */
        public Settings(
                Path journalDir,
                long segmentBytes,
                Duration clockSkew,
                int groupMaxEvents,
                int queueCapacity,
                int indexTransactionMax,
                int indexMaxBacklog) {
            this(
                    journalDir,
                    segmentBytes,
                    clockSkew,
                    groupMaxEvents,
                    queueCapacity,
                    indexTransactionMax,
                    indexMaxBacklog,
                    false);
        }
    }

    private final Genesis genesis;
    private final Journal journal;
    /** Null where the appliance shares the database: the writer appends to it directly. */
    private final Indexer indexer;

    private final LedgerWriter sequencer;
    private final EventIdIndex index;

    private LedgerEngine(
            Genesis genesis, Journal journal, Indexer indexer, LedgerWriter sequencer, EventIdIndex index) {
        this.genesis = genesis;
        this.journal = journal;
        this.indexer = indexer;
        this.sequencer = sequencer;
        this.index = index;
    }

    /** Recovers the ledger (replaying the journal into the database) and starts its threads. */
    public static LedgerEngine start(
            LedgerStorage storage, Settings settings, Supplier<Genesis> newGenesis, ThreadFactory threads)
            throws IOException {
        LedgerRecovery.Recovered recovered = recover(storage, settings, newGenesis);
        if (settings.shared()) {
            return startShared(storage, settings, recovered, threads);
        }
        Indexer indexer = new Indexer(storage, recovered.head().seq(), settings.indexTransactionMax());
        EventIdIndex index = openIndex(settings, recovered);
        Sequencer sequencer = new Sequencer(
                storage,
                recovered.journal(),
                indexer,
                recovered.head(),
                settings.clockSkew(),
                settings.groupMaxEvents(),
                settings.queueCapacity(),
                settings.indexMaxBacklog(),
                index);
        Thread indexing = threads.newThread(indexer);
        indexing.setName("vellum-indexer");
        indexing.start();
        Thread sequencing = threads.newThread(sequencer);
        sequencing.setName("vellum-sequencer");
        sequencing.start();
        return new LedgerEngine(recovered.genesis(), recovered.journal(), indexer, sequencer, index);
    }

    /**
     * Recovery from the journal. Where appliances share the database, a first start puts the new genesis into the
     * database before anything else, so that of two nodes starting at once on an empty database one wins and the other
     * takes the winner's genesis up (its journal then never held one of its own).
     */
    private static LedgerRecovery.Recovered recover(
            LedgerStorage storage, Settings settings, Supplier<Genesis> newGenesis) throws IOException {
        if (settings.shared() && storage.genesis().isEmpty()) {
            try {
                Genesis genesis = newGenesis.get();
                storage.insertGenesis(genesis);
                LOG.infof("VELLUM-0101 created a new shared ledger for appliance %s", genesis.applianceId());
            } catch (RuntimeException anotherNodeWasFirst) {
                if (storage.genesis().isEmpty()) {
                    throw anotherNodeWasFirst;
                }
                LOG.infof("VELLUM-0122 another appliance created the shared ledger at the same time; taking it up");
            }
        }
        return LedgerRecovery.recover(storage, settings.journalDir(), settings.segmentBytes(), newGenesis);
    }

    /** The event-id index as saved at the recovered head, or empty (the writer then fills it from the database). */
    private static EventIdIndex openIndex(Settings settings, LedgerRecovery.Recovered recovered) {
        return new EventIdIndex(
                settings.journalDir().resolve("event-ids"),
                recovered.head(),
                recovered.head().seq());
    }

    /**
     * The shared writer: the journal only hands over what a lone appliance left in it (recovered above) and is closed;
     * the database makes appends durable from here on.
     */
    private static LedgerEngine startShared(
            LedgerStorage storage, Settings settings, LedgerRecovery.Recovered recovered, ThreadFactory threads)
            throws IOException {
        recovered.journal().close();
        EventIdIndex index = openIndex(settings, recovered);
        SharedSequencer sequencer = new SharedSequencer(
                storage,
                recovered.genesis(),
                recovered.head(),
                settings.clockSkew(),
                settings.groupMaxEvents(),
                settings.queueCapacity(),
                index);
        Thread sequencing = threads.newThread(sequencer);
        sequencing.setName("vellum-shared-sequencer");
        sequencing.start();
        return new LedgerEngine(recovered.genesis(), null, null, sequencer, index);
    }

    /** See {@link LedgerService#append(List, List, Instant)}; {@code origins} may be empty. */
    public CompletableFuture<List<Receipt>> append(
            List<NormalizedEvent> events, List<Origin> origins, Instant receivedAt) {
        return sequencer.submit(events, origins, receivedAt);
    }

    public Genesis genesis() {
        return genesis;
    }

    public LedgerHead head() {
        return sequencer.head();
    }

    public long indexedSeq() {
        return indexer == null ? sequencer.head().seq() : indexer.indexedSeq();
    }

    /** An entry that is durable but not yet in the database. */
    public Optional<LedgerEntry> pending(String eventId) {
        return indexer == null ? Optional.empty() : indexer.pending(eventId).map(IndexedEntry::entry);
    }

    /** The seq of the entry that holds an event id, or empty; answers from memory, not from the database. */
    public OptionalLong seqOf(String eventId) {
        long seq = sequencer.seqOf(eventId);
        return seq == 0 ? OptionalLong.empty() : OptionalLong.of(seq);
    }

    public boolean awaitIndexed(long seq, Duration timeout) throws InterruptedException {
        if (indexer != null) {
            return indexer.awaitIndexed(seq, timeout);
        }
        // Shared: what is durable is in the database; a seq beyond its head is not in the ledger (yet).
        long deadline = System.nanoTime() + timeout.toNanos();
        while (sequencer.head().seq() < seq) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(50);
        }
        return true;
    }

    /** Keeps the event-id index for the next start if nothing can append to it any more; else lets it be rebuilt. */
    private void saveIndex(boolean quiet) {
        if (quiet) {
            try {
                index.save(sequencer.indexedHead());
                return;
            } catch (IOException | RuntimeException e) {
                LOG.warn("VELLUM-0118 the event-id index could not be saved; the next start rebuilds it", e);
            }
        }
        index.close();
    }

    /**
     * Finishes what is queued, lets the database catch up, closes the journal and saves the event-id index for the next
     * start (which rebuilds it instead when anything here went wrong).
     */
    @Override
    public void close() {
        try {
            boolean quiet = sequencer.stop(Duration.ofSeconds(30));
            if (indexer != null) {
                indexer.stop(Duration.ofSeconds(30));
                journal.close();
                saveIndex(quiet);
            } else {
                saveIndex(quiet);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            LOG.warn("VELLUM-0114 the journal did not close cleanly; it is recovered on the next start", e);
        }
    }
}
