package org.vellum.ledger;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.vellum.event.NormalizedEvent;
import org.vellum.problem.VellumException;

/**
 * A ledger writer's queue and its group commit: requests queue up; the writer's thread takes as many as are waiting
 * (up to a bound of events) and appends them as one group, so one durable write serves many requests.
 */
abstract class QueuedWriter implements LedgerWriter {
    private final int groupMax;
    private final BlockingQueue<AppendRequest> queue;
    private final CountDownLatch stopped = new CountDownLatch(1);

    private volatile boolean running = true;

    QueuedWriter(int groupMax, int queueCapacity) {
        this.groupMax = groupMax;
        this.queue = new ArrayBlockingQueue<>(queueCapacity);
    }

    @Override
    public CompletableFuture<List<Receipt>> submit(
            List<NormalizedEvent> events, List<Origin> origins, Instant receivedAt) {
        if (!origins.isEmpty() && origins.size() != events.size()) {
            throw new IllegalArgumentException("one origin per event");
        }
        CompletableFuture<List<Receipt>> result = new CompletableFuture<>();
        String refusal;
        if (events.isEmpty()) {
            result.complete(List.of());
        } else if (!running) {
            result.completeExceptionally(unavailable("the ledger is shutting down"));
        } else if ((refusal = refusal()) != null) {
            result.completeExceptionally(unavailable(refusal));
        } else if (!queue.offer(new AppendRequest(List.copyOf(events), new ArrayList<>(origins), receivedAt, result))) {
            result.completeExceptionally(unavailable("the ledger is busy; retry with the same event ids"));
        }
        return result;
    }

    /** As {@link #submit(List, List, Instant)}, for events without origins. */
    CompletableFuture<List<Receipt>> submit(List<NormalizedEvent> events, Instant receivedAt) {
        return submit(events, List.of(), receivedAt);
    }

    /** Why no request is taken now (the writer is overloaded), or null. */
    String refusal() {
        return null;
    }

    /** Prepares the writer on its own thread before it takes requests; false to be called again a second later. */
    abstract boolean prepare();

    /** Appends a group; completes every request in it, with receipts or with an error. */
    abstract void process(List<AppendRequest> group);

    /** Called on the writer's thread when no request came for a while. */
    void idle() {}

    boolean running() {
        return running;
    }

    @Override
    public void run() {
        try {
            while (!prepare()) {
                Thread.sleep(1000);
            }
            while (running || !queue.isEmpty()) {
                AppendRequest first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    idle();
                    continue;
                }
                List<AppendRequest> group = new ArrayList<>();
                group.add(first);
                int events = first.events().size();
                AppendRequest next;
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
            AppendRequest left;
            while ((left = queue.poll()) != null) {
                left.result().completeExceptionally(unavailable("the ledger stopped"));
            }
            stopped.countDown();
        }
    }

    @Override
    public boolean stop(Duration wait) throws InterruptedException {
        running = false;
        return stopped.await(wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    static VellumException unavailable(String message) {
        return new VellumException(VellumException.Kind.UNAVAILABLE, "ledger-unavailable", message);
    }

    /** Fails every request of a group: nothing of it was appended. */
    static void fail(List<AppendRequest> group) {
        group.forEach(r -> r.result()
                .completeExceptionally(
                        unavailable("the append failed and nothing was appended; retry with the same event ids")));
    }
}
