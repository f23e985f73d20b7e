package org.vellum.ledger;

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
 * The ledger's writer where several appliances share one database (a cluster): the database, not a local journal,
 * makes an append durable and orders it. Each group is one transaction that takes the ledger's writer lock, learns
 * what the other appliances appended since this one last held it (their event ids, for the duplicate check, and the
 * new head), appends its entries after them and commits; receipts follow the commit. Appends from all appliances so
 * form one gap-free order and one chain.
 *
 * <p>The cost against the {@link Sequencer}: one database round trip under a cluster-wide lock per group, where the
 * single writer fsyncs a local file; groups grow under load, so the lock is taken per group, not per event.
 */
final class SharedSequencer extends QueuedWriter {
    private static final Logger LOG = Logger.getLogger(SharedSequencer.class);

    private final LedgerStorage storage;
    private final Genesis genesis;
    private final Duration skew;
    private final EventIdIndex index;
    private final SecureRandom random = new SecureRandom();
    private final MessageDigest md = Hashes.sha256();
    /** Each node's newest source time, as of {@link #known}. */
    private final Map<String, Optional<Instant>> lastTsByNode = new HashMap<>();

    /** The head up to which {@link #index} and {@link #lastTsByNode} hold every entry; the writer thread's alone. */
    private volatile LedgerHead known;

    private volatile boolean ready;

    /** The head the event-id index was opened at (saved there, when {@link EventIdIndex#loaded}). */
    private final LedgerHead opened;

    SharedSequencer(
            LedgerStorage storage,
            Genesis genesis,
            LedgerHead opened,
            Duration skew,
            int groupMax,
            int queueCapacity,
            EventIdIndex index) {
        super(groupMax, queueCapacity);
        this.storage = storage;
        this.genesis = genesis;
        this.opened = opened;
        this.skew = skew;
        this.index = index;
    }

    /** The database's head: other appliances append too, so a head kept here would lag behind theirs. */
    @Override
    public LedgerHead head() {
        return storage.head(genesis);
    }

    /**
     * The seq of the entry holding an event id, 0 if none. This appliance's index lags behind the others' appends
     * until its next group; an id it does not know is looked up in the database's tail beyond that.
     */
    @Override
    public long seqOf(String eventId) {
        if (!ready) {
            throw unavailable("the ledger is starting; retry shortly");
        }
        UUID id = UUID.fromString(eventId);
        // read before the index: every entry up to it is in the index already (put before the volatile write)
        long upTo = indexedUpTo;
        long seq = index.seqOf(id);
        if (seq != 0) {
            return seq;
        }
        // Committed entries are seen in seq order without the lock: appends commit under it, one after the other.
        long[] found = {0};
        storage.read(t -> {
            t.forEachAfter(upTo, tail -> {
                if (tail.eventId().equals(id)) {
                    found[0] = tail.seq();
                }
            });
            return null;
        });
        return found[0];
    }

    private long lastCatchUp = System.nanoTime();

    /** When idle for a second, learns the others' appends, so that lookups and the next group have little to read. */
    @Override
    void idle() {
        if (!ready || System.nanoTime() - lastCatchUp < 1_000_000_000L) {
            return;
        }
        lastCatchUp = System.nanoTime();
        try {
            List<LedgerTable.Tail> others = new ArrayList<>();
            storage.read(t -> {
                t.forEachAfter(known.seq(), others::add);
                return null;
            });
            learn(others);
        } catch (RuntimeException e) {
            LOG.debug("catching up with the shared ledger failed; the next group does", e);
        }
    }

    /** Takes in entries other appliances appended after {@link #known}, in order. */
    private void learn(List<LedgerTable.Tail> others) {
        for (LedgerTable.Tail tail : others) {
            index.put(tail.eventId(), tail.seq());
            lastTsByNode.put(tail.node(), Optional.of(tail.sourceTs()));
        }
        if (!others.isEmpty()) {
            LedgerTable.Tail last = others.get(others.size() - 1);
            known = new LedgerHead(last.seq(), last.chainHash());
            indexedUpTo = known.seq();
        }
    }

    @Override
    public LedgerHead indexedHead() {
        return known;
    }

    /** The seq up to which the index is complete, for readers on other threads. */
    private volatile long indexedUpTo;

    @Override
    boolean prepare() {
        try {
            long started = System.nanoTime();
            // The head first: whatever the scan then finds beyond it is caught up again, which does no harm.
            // A saved index holds every id up to the head it was saved at; other nodes may have appended since, which
            // the first group or idle catch-up reads. Otherwise: the head first, then every id (what the scan finds
            // beyond that head is caught up again, which does no harm).
            LedgerHead head = index.loaded() ? opened : storage.head(genesis);
            if (!index.loaded()) {
                storage.forEachEventId(index::put);
            }
            known = head;
            indexedUpTo = head.seq();
            LOG.infof(
                    "VELLUM-0121 shared ledger writer ready at seq %d: %d event ids in %d ms",
                    head.seq(), index.size(), (System.nanoTime() - started) / 1_000_000);
            ready = true;
            return true;
        } catch (RuntimeException e) {
            LOG.error("VELLUM-0116 the event ids could not be read from the database; retrying", e);
            return !running();
        }
    }

    /** What one locked transaction did: the others' entries it learned, and this group's. */
    private record Outcome(List<LedgerTable.Tail> others, GroupAppend built) {}

    @Override
    void process(List<AppendRequest> group) {
        Outcome outcome;
        try {
            outcome = storage.underWriterLock(t -> {
                List<LedgerTable.Tail> others = new ArrayList<>();
                t.forEachAfter(known.seq(), others::add);
                LedgerHead start = others.isEmpty()
                        ? known
                        : new LedgerHead(
                                others.get(others.size() - 1).seq(),
                                others.get(others.size() - 1).chainHash());
                Map<UUID, Long> theirs = new HashMap<>();
                Map<String, Instant> theirTimes = new HashMap<>();
                for (LedgerTable.Tail tail : others) {
                    theirs.put(tail.eventId(), tail.seq());
                    theirTimes.put(tail.node(), tail.sourceTs());
                }
                GroupAppend built = new GroupAppend(
                        group,
                        start,
                        knownReceipts(t, GroupAppend.eventIds(group), theirs),
                        skew,
                        node -> theirTimes.containsKey(node) ? Optional.of(theirTimes.get(node)) : lastTs(t, node),
                        md,
                        random);
                // room for every id this group makes known, before the commit: afterwards indexing must not fail
                index.reserve(others.size() + built.fresh.size());
                if (!built.fresh.isEmpty()) {
                    t.insert(built.fresh);
                }
                return new Outcome(others, built);
            });
        } catch (RuntimeException e) {
            LOG.errorf(e, "VELLUM-0110 an append of a group of %d requests failed and was not made", group.size());
            fail(group);
            return;
        }
        // Committed: now this appliance knows every entry up to the group's tail.
        learn(outcome.others());
        GroupAppend built = outcome.built();
        for (IndexedEntry e : built.fresh) {
            index.put(UUID.fromString(e.entry().eventId()), e.entry().seq());
        }
        lastTsByNode.putAll(built.nodeTimes);
        known = built.tail();
        indexedUpTo = known.seq();
        built.complete(group);
    }

    private Optional<Instant> lastTs(LedgerTable t, String node) {
        Optional<Instant> cached = lastTsByNode.get(node);
        if (cached != null) {
            return cached;
        }
        try {
            return t.lastSourceTs(node);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("VELLUM-0117 a ledger database call failed", e);
        }
    }

    /** Receipts of the group's events that the ledger holds: in this appliance's index, or among the others' news. */
    private Map<String, Receipt> knownReceipts(LedgerTable t, Set<String> ids, Map<UUID, Long> theirs)
            throws java.sql.SQLException {
        List<Long> seqs = new ArrayList<>();
        for (String id : ids) {
            UUID uuid = UUID.fromString(id);
            long seq = index.seqOf(uuid);
            if (seq == 0) {
                seq = theirs.getOrDefault(uuid, 0L);
            }
            if (seq != 0) {
                seqs.add(seq);
            }
        }
        Map<String, Receipt> known = new HashMap<>();
        if (!seqs.isEmpty()) {
            t.receiptsBySeq(seqs).forEach(r -> known.put(r.eventId(), r));
        }
        return known;
    }
}
