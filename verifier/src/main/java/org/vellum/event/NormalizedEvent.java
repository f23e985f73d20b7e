package org.vellum.event;

import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;

/**
 * An audit event after validation and minimization: canonical field names and forms, no field outside the allow-list.
 *
 * @param eventId the producer's event id, lower-case UUID
 * @param type the event type as sent; {@code knownType} says whether the full allow-list of section 2 applied
 * @param node the platform node that wrote it
 * @param ts the event's own time, normalized to UTC
 * @param event the minimized event as a JSON object, ready for canonical serialization
 * @param minimization what was removed, pseudonymized and redacted
 */
public record NormalizedEvent(
        String eventId,
        String type,
        boolean knownType,
        String node,
        Instant ts,
        Map<String, Object> event,
        MinimizationReport minimization) {

    public NormalizedEvent {
        Objects.requireNonNull(eventId);
        Objects.requireNonNull(type);
        Objects.requireNonNull(node);
        Objects.requireNonNull(ts);
        event = Collections.unmodifiableMap(event);
        Objects.requireNonNull(minimization);
    }
}
