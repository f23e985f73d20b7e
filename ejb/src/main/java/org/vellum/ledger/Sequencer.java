package org.vellum.ledger;

import java.io.IOException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;
import org.vellum.event.NormalizedEvent;
import org.vellum.problem.VellumException;

/**
 * The ledger's single writer. Requests queue up; the sequencer takes as many as are waiting (up to a bound), assigns
 * {@code seq} and chain hashes in queue order, writes them to the journal as one fsynced frame and completes the
 * requests with their receipts (group commit). The {@link Indexer} copies them into the database behind it, so the
 * database's speed bounds the backlog, not the time to a receipt.
 */
final class Sequencer implements Runnable {
    private static final Logger LOG = Logger.getLogger(Sequencer.class);

    private final LedgerStorage storage;
    private final Journal journal;
    private final Indexer indexer;
    private final Duration skew;
    private final int maxBacklog;
    private final EventIdIndex index;
    private final int groupMax;
    private final BlockingQueue<Request> queue;
    private final SecureRandom random = new SecureRandom();
    private final MessageDigest md = Hashes.sha256();
    private final Map<String, Optional<Instant>> lastTsByNode = new HashMap<>();
    private final CountDownLatch stopped = new CountDownLatch(1);

    private volatile LedgerHead head;
    private volatile boolean running = true;
    private volatile boolean ready;

    /** {@code origins} is empty, or holds one origin (possibly null) per event. */
    private record Request(
            List<NormalizedEvent> events,
            List<Origin> origins,
            Instant receivedAt,
            CompletableFuture<List<Receipt>> result) {
        Origin origin(int i) {
            return origins.isEmpty() ? null : origins.get(i);
        }
    }

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
        this.storage = storage;
        this.journal = journal;
        this.indexer = indexer;
        this.maxBacklog = maxBacklog;
        this.index = index;
        this.head = head;
        this.skew = skew;
        this.groupMax = groupMax;
        this.queue = new ArrayBlockingQueue<>(queueCapacity);
    }

    LedgerHead head() {
        return head;
    }

    /** The seq of the entry holding an event id, 0 if none; unavailable until the index is filled on start. */
    long seqOf(String eventId) {
        if (!ready) {
            throw unavailable("the ledger is starting; retry shortly");
        }
        return index.seqOf(UUID.fromString(eventId));
    }

    /** Queues events for appending; the future completes once they are durable, or fails without appending them. */
    CompletableFuture<List<Receipt>> submit(List<NormalizedEvent> events, Instant receivedAt) {
        return submit(events, List.of(), receivedAt);
    }

    /** As {@link #submit(List, Instant)}, recording where each event was read ({@code origins} empty or parallel). */
    CompletableFuture<List<Receipt>> submit(List<NormalizedEvent> events, List<Origin> origins, Instant receivedAt) {
        if (!origins.isEmpty() && origins.size() != events.size()) {
            throw new IllegalArgumentException("one origin per event");
        }
        CompletableFuture<List<Receipt>> result = new CompletableFuture<>();
        if (events.isEmpty()) {
            result.complete(List.of());
        } else if (!running) {
            result.completeExceptionally(unavailable("the ledger is shutting down"));
        } else if (indexer.backlog() > maxBacklog) {
            result.completeExceptionally(unavailable("the ledger database is behind; retry with the same event ids"));
        } else if (!queue.offer(new Request(List.copyOf(events), new ArrayList<>(origins), receivedAt, result))) {
            result.completeExceptionally(unavailable("the ledger is busy; retry with the same event ids"));
        }
        return result;
    }

    @Override
    public void run() {
        try {
            while (!fillIndexOnStart()) {
                Thread.sleep(1000);
            }
            ready = true;
            while (running || !queue.isEmpty()) {
                Request first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                List<Request> group = new ArrayList<>();
                group.add(first);
                int events = first.events().size();
                Request next;
                while (events < groupMax
                        && (next = queue.peek()) != null
                        && events + next.events().size() <= groupMax) {
                    group.add(queue.poll());
                    events += next.events().size();
                }
                process(group);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            Request left;
            while ((left = queue.poll()) != null) {
                left.result().completeExceptionally(unavailable("the ledger stopped"));
            }
            stopped.countDown();
        }
    }

    /** Stops taking requests, finishes those queued, and waits for the last group to commit; false on a timeout. */
    boolean stop(Duration wait) throws InterruptedException {
        running = false;
        return stopped.await(wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void process(List<Request> group) {
        LedgerHead start = head;
        Map<String, Optional<Instant>> nodeTimes = new HashMap<>();
        List<IndexedEntry> fresh = new ArrayList<>();
        // Identity: a request's hashCode would hash every event in it.
        Map<Request, List<Receipt>> receipts = new IdentityHashMap<>();
        try {
            Map<String, Receipt> known = knownReceipts(eventIds(group));
            LedgerHead tail = start;
            for (Request request : group) {
                List<Receipt> out = new ArrayList<>(request.events().size());
                for (int i = 0; i < request.events().size(); i++) {
                    NormalizedEvent event = request.events().get(i);
                    Receipt earlier = known.get(event.eventId());
                    if (earlier != null) {
                        out.add(earlier.asDuplicate());
                        continue;
                    }
                    List<String> flags = flags(event, request.receivedAt(), nodeTimes);
                    byte[] salt = new byte[LedgerEntry.SALT_LENGTH];
                    random.nextBytes(salt);
                    LedgerEntry entry = LedgerEntry.append(
                            md,
                            tail.chainHash(),
                            tail.seq() + 1,
                            event.eventId(),
                            request.receivedAt(),
                            salt,
                            EntryBody.canonical(event, request.receivedAt(), flags, request.origin(i)));
                    tail = new LedgerHead(entry.seq(), entry.chainHash());
                    fresh.add(new IndexedEntry(entry, event.type(), event.node(), event.ts(), flags));
                    Receipt receipt = Receipt.of(entry, flags);
                    known.put(event.eventId(), receipt);
                    out.add(receipt);
                }
                receipts.put(request, out);
            }
            if (!fresh.isEmpty()) {
                index.reserve(fresh.size()); // may fail (disk full): before the journal, so nothing is appended
                boolean rolled = journal.append(start.seq() + 1, JournalFrames.entries(fresh));
                head = tail;
                lastTsByNode.putAll(nodeTimes);
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
            LOG.errorf(e, "VELLUM-0110 an append of %d entries failed and was not made", fresh.size());
            group.forEach(r -> r.result()
                    .completeExceptionally(
                            unavailable("the append failed and nothing was appended; retry with the same event ids")));
            return;
        }
        group.forEach(r -> r.result().complete(receipts.get(r)));
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
            return !running;
        }
    }

    private static Set<String> eventIds(List<Request> group) {
        Set<String> ids = new LinkedHashSet<>();
        group.forEach(r -> r.events().forEach(e -> ids.add(e.eventId())));
        return ids;
    }

    /** Clock-skew flags per producer spec section 5: ahead of receipt, or behind the node's previous event. */
    private List<String> flags(NormalizedEvent event, Instant receivedAt, Map<String, Optional<Instant>> nodeTimes) {
        List<String> flags = new ArrayList<>(2);
        if (event.ts().isAfter(receivedAt.plus(skew))) {
            flags.add(EntryBody.FLAG_SKEW_AHEAD);
        }
        Optional<Instant> previous = nodeTimes.get(event.node());
        if (previous == null) {
            previous = lastTsByNode.computeIfAbsent(event.node(), storage::lastSourceTs);
        }
        if (previous.isPresent() && event.ts().isBefore(previous.get().minus(skew))) {
            flags.add(EntryBody.FLAG_SKEW_BEHIND);
        }
        nodeTimes.put(event.node(), Optional.of(event.ts()));
        return flags;
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

    private static VellumException unavailable(String message) {
        return new VellumException(VellumException.Kind.UNAVAILABLE, "ledger-unavailable", message);
    }
}
