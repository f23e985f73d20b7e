package org.vellum.ledger;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.vellum.event.NormalizedEvent;

/** Events waiting for a ledger writer; {@code origins} is empty, or holds one origin (possibly null) per event. */
record AppendRequest(
        List<NormalizedEvent> events,
        List<Origin> origins,
        Instant receivedAt,
        CompletableFuture<List<Receipt>> result) {
    Origin origin(int i) {
        return origins.isEmpty() ? null : origins.get(i);
    }
}
