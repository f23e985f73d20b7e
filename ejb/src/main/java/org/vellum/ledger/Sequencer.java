package org.vellum.ledger;

import java.io.IOException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * The ledger's single writer. Requests queue up; the sequencer takes as many as are waiting (up to a bound), assigns
 * {@code seq} and chain hashes in queue order, writes them to the journal as one fsynced frame and completes the
 * requests with their receipts (group commit). The {@link Indexer} copies them into the database behind it, so the
 * database's speed bounds the backlog, not the time to a receipt.
 */
final class Sequencer extends QueuedWriter {
    private static final Logger LOG = Logger.getLogger(Sequencer.class);

    private final LedgerStorage storage;
    private final Journal journal;
    private final Indexer indexer;
    private final Duration skew;
    private final int maxBacklog;
    private final EventIdIndex index;
    private final SecureRandom random = new SecureRandom();
    private final MessageDigest md = Hashes.sha256();
    private final Map<String, Optional<Instant>> lastTsByNode = new HashMap<>();

    private volatile LedgerHead head;
    private volatile boolean ready;

    Sequencer(
            LedgerStorage storage,
            Journal journal,
            Indexer indexer,
            LedgerHead head,
            Duration skew,
            int groupMax,
            int queueCapacity,
            int maxBacklog,
            EventIdIndex index) {
        super(groupMax, queueCapacity);
        this.storage = storage;
        this.journal = journal;
        this.indexer = indexer;
        this.maxBacklog = maxBacklog;
        this.index = index;
        this.head = head;
        this.skew = skew;
    }

    @Override
    public LedgerHead head() {
        return head;
    }

    /** The seq of the entry holding an event id, 0 if none; unavailable until the index is filled on start. */
    @Override
    public long seqOf(String eventId) {
        if (!ready) {
            throw unavailable("the ledger is starting; retry shortly");
        }
        return index.seqOf(UUID.fromString(eventId));
    }

    @Override
    String refusal() {
        return indexer.backlog() > maxBacklog ? "the ledger database is behind; retry with the same event ids" : null;
    }

    @Override
    boolean prepare() {
        ready = fillIndexOnStart();
        return ready;
    }

    @Override
    void process(List<AppendRequest> group) {
        LedgerHead start = head;
        GroupAppend built;
        try {
            built = new GroupAppend(
                    group,
                    start,
                    knownReceipts(GroupAppend.eventIds(group)),
                    skew,
                    node -> lastTsByNode.computeIfAbsent(node, storage::lastSourceTs),
                    md,
                    random);
            List<IndexedEntry> fresh = built.fresh;
            if (!fresh.isEmpty()) {
                index.reserve(fresh.size()); // may fail (disk full): before the journal, so nothing is appended
                boolean rolled = journal.append(start.seq() + 1, JournalFrames.entries(fresh));
                head = built.tail();
                lastTsByNode.putAll(built.nodeTimes);
                for (IndexedEntry e : fresh) {
                    index.put(UUID.fromString(e.entry().eventId()), e.entry().seq());
                }
                indexer.enqueue(fresh);
                if (rolled) {
                    pruneJournal();
                }
            }
        } catch (IOException | RuntimeException e) {
            head = start;
            LOG.errorf(e, "VELLUM-0110 an append of a group of %d requests failed and was not made", group.size());
            fail(group);
            return;
        }
        built.complete(group);
    }

    /**
     * Receipts of events already in the ledger: the {@link EventIdIndex} says which (and at which seq); their hashes
     * come from the entries still on their way to the database, or else from the database by seq.
     */
    private Map<String, Receipt> knownReceipts(Set<String> ids) {
        Map<String, Receipt> known = new HashMap<>();
        List<Long> rest = new ArrayList<>();
        for (String id : ids) {
            long seq = index.seqOf(UUID.fromString(id));
            if (seq == 0) {
                continue;
            }
            Optional<IndexedEntry> pending = indexer.pending(id);
            if (pending.isPresent()) {
                known.put(id, Receipt.of(pending.get().entry()));
            } else {
                rest.add(seq);
            }
        }
        if (!rest.isEmpty()) {
            storage.receiptsBySeq(rest).forEach(r -> known.put(r.eventId(), r));
        }
        return known;
    }

    /**
     * Adds every id in the ledger to the index: those still waiting for the database first, then the database's.
     * In that order nothing slips through: an entry that leaves the pending list has been committed before.
     */
    private boolean fillIndexOnStart() {
        try {
            long started = System.nanoTime();
            indexer.pendingEntries().forEach(e -> index.put(UUID.fromString(e.eventId()), e.seq()));
            if (!index.loaded()) {
                storage.forEachEventId(index::put);
            }
            LOG.infof(
                    "VELLUM-0119 event-id index %s: %d ids in %d ms (%d MiB mapped)",
                    index.loaded() ? "taken up as saved at the last shutdown" : "rebuilt from the database",
                    index.size(),
                    (System.nanoTime() - started) / 1_000_000,
                    index.mappedBytes() >> 20);
            return true;
        } catch (RuntimeException e) {
            LOG.error("VELLUM-0116 the event ids could not be read from the database; retrying", e);
            return !running();
        }
    }

    private void pruneJournal() {
        try {
            // Only what the database holds and has flushed may leave the journal.
            long indexed = indexer.indexedSeq();
            storage.flushToDisk();
            int deleted = journal.prune(indexed);
            LOG.debugf("pruned %s journal segments up to seq %s", deleted, indexed);
        } catch (IOException | RuntimeException e) {
            LOG.warn("VELLUM-0113 journal segments could not be pruned yet", e);
        }
    }
}
