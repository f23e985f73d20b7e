package org.vellum.collect;

import java.util.Objects;
import org.vellum.event.NormalizedEvent;
import org.vellum.ledger.Origin;

/** A normalized event on its way to the ledger, with the line it was read from. */
public record CollectedEvent(NormalizedEvent event, Origin origin) {
    public CollectedEvent {
        Objects.requireNonNull(event);
        Objects.requireNonNull(origin);
    }
}
