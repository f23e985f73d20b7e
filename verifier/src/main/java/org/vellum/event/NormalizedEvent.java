package org.vellum.event;

import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import org.vellum.canonical.CanonicalJson;

/**
 * An audit event after validation and minimization: canonical field names and forms, no field outside the allow-list.
 *
 * @param eventId the producer's event id, lower-case UUID
 * @param type the event type as sent; {@code knownType} says whether the full allow-list of section 2 applied
 * @param node the platform node that wrote it
 * @param ts the event's own time, normalized to UTC
 * @param event the minimized event as a JSON object, ready for canonical serialization
 * @param minimization what was removed, pseudonymized and redacted
 * @param canonicalEvent RFC 8785 bytes of {@code event}, computed once where the event is normalized
 * @param canonicalMinimization RFC 8785 text of {@code minimization.toJson()}, likewise
 */
public record NormalizedEvent(
        String eventId,
        String type,
        boolean knownType,
        String node,
        Instant ts,
        Map<String, Object> event,
        MinimizationReport minimization,
        byte[] canonicalEvent,
        String canonicalMinimization) {

    public NormalizedEvent {
        Objects.requireNonNull(eventId);
        Objects.requireNonNull(type);
        Objects.requireNonNull(node);
        Objects.requireNonNull(ts);
        event = Collections.unmodifiableMap(event);
        Objects.requireNonNull(minimization);
        Objects.requireNonNull(canonicalEvent);
        Objects.requireNonNull(canonicalMinimization);
    }

    /** Normalizes with the canonical bytes computed from {@code event}. */
    public NormalizedEvent(
            String eventId,
            String type,
            boolean knownType,
            String node,
            Instant ts,
            Map<String, Object> event,
            MinimizationReport minimization) {
        this(
                eventId,
                type,
                knownType,
                node,
                ts,
                event,
                minimization,
                CanonicalJson.bytes(event),
                CanonicalJson.string(minimization.toJson()));
    }

    // Identity semantics: a normalized event is a value in flight, never a key, and deep hashing it is costly.
    @Override
    public boolean equals(Object o) {
        return this == o;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(this);
    }
}
