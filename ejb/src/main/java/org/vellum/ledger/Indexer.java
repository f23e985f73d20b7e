package org.vellum.ledger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Copies journaled entries into the database, behind the receipts: the journal makes an entry durable, the database
 * makes it findable. Entries wait in {@link #pending} (readable by event id) until their transaction commits; a
 * database outage only delays them, and retries go on until it is over or the server stops, after which recovery
 * replays them from the journal.
 */
final class Indexer implements Runnable {
    private static final Logger LOG = Logger.getLogger(Indexer.class);
    private static final long MAX_BACKOFF_MILLIS = 5_000;

    private final LedgerStorage storage;
    private final int transactionMax;
    private final BlockingQueue<List<IndexedEntry>> queue = new LinkedBlockingQueue<>();
    private final Map<String, IndexedEntry> pending = new ConcurrentHashMap<>();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final Object progress = new Object();
    private volatile long indexedSeq;
    private volatile boolean running = true;

    Indexer(LedgerStorage storage, long indexedSeq, int transactionMax) {
        this.storage = storage;
        this.indexedSeq = indexedSeq;
        this.transactionMax = transactionMax;
    }

    /** Hands over journaled entries, in seq order; they are readable through {@link #pending} at once. */
    void enqueue(List<IndexedEntry> entries) {
        for (IndexedEntry e : entries) {
            pending.put(e.entry().eventId(), e);
        }
        queue.add(entries);
    }

    /** A journaled entry that is not in the database yet. */
    Optional<IndexedEntry> pending(String eventId) {
        return Optional.ofNullable(pending.get(eventId));
    }

    /** The entries waiting for the database, at this moment. */
    List<LedgerEntry> pendingEntries() {
        return pending.values().stream().map(IndexedEntry::entry).toList();
    }

    /** How many journaled entries wait for the database. */
    int backlog() {
        return pending.size();
    }

    /** The highest seq committed to the database. */
    long indexedSeq() {
        return indexedSeq;
    }

    /** Waits until the database holds every entry up to {@code seq}. */
    boolean awaitIndexed(long seq, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (progress) {
            while (indexedSeq < seq) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(progress, left);
            }
        }
        return true;
    }

    @Override
    public void run() {
        try {
            while (running || !queue.isEmpty()) {
                List<IndexedEntry> first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                List<IndexedEntry> batch = new ArrayList<>(first);
                List<IndexedEntry> next;
                while (batch.size() < transactionMax && (next = queue.poll()) != null) {
                    batch.addAll(next);
                }
                if (!insertUntilDone(batch)) {
                    return;
                }
                for (IndexedEntry e : batch) {
                    pending.remove(e.entry().eventId());
                }
                synchronized (progress) {
                    indexedSeq = batch.get(batch.size() - 1).entry().seq();
                    progress.notifyAll();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            stopped.countDown();
        }
    }

    private boolean insertUntilDone(List<IndexedEntry> batch) throws InterruptedException {
        long backoff = 100;
        for (int attempt = 1; ; attempt++) {
            try {
                storage.insert(batch);
                if (attempt > 1) {
                    LOG.infof("VELLUM-0112 indexed %d journaled entries after %d attempts", batch.size(), attempt);
                }
                return true;
            } catch (RuntimeException e) {
                LOG.errorf(
                        e,
                        "VELLUM-0111 indexing %d journaled entries failed (attempt %d); they stay in the journal",
                        batch.size(),
                        attempt);
                if (!running) {
                    return false;
                }
                Thread.sleep(backoff);
                backoff = Math.min(MAX_BACKOFF_MILLIS, backoff * 2);
            }
        }
    }

    /** Indexes what is queued (giving up on a database that stays down), then stops. */
    void stop(Duration wait) throws InterruptedException {
        running = false;
        if (!stopped.await(wait.toMillis(), TimeUnit.MILLISECONDS)) {
            LOG.warnf(
                    "VELLUM-0115 %d journaled entries were not indexed before shutdown; the next start replays them",
                    backlog());
        }
    }
}
