package org.vellum.ledger;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.vellum.event.NormalizedEvent;

/**
 * What assigns {@code seq} and chain hashes and makes appends durable: the {@link Sequencer} (one appliance, its own
 * journal) or the {@link SharedSequencer} (several appliances on one database, which orders them).
 */
interface LedgerWriter extends Runnable {
    /** Queues events; the future completes once they are durable, or fails without appending any of them. */
    CompletableFuture<List<Receipt>> submit(List<NormalizedEvent> events, List<Origin> origins, Instant receivedAt);

    /** The newest durable entry this writer knows. */
    LedgerHead head();

    /** The head up to which this writer's event-id index holds every entry (where it may be saved). */
    default LedgerHead indexedHead() {
        return head();
    }

    /** The seq of the entry holding an event id, 0 if none. */
    long seqOf(String eventId);

    /** Stops taking requests, finishes those queued; false if that took longer than {@code wait}. */
    boolean stop(Duration wait) throws InterruptedException;
}
