package org.vellum.ingest;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiFunction;
import org.vellum.canonical.CanonicalJson;
import org.vellum.canonical.Json;
import org.vellum.event.EventNormalizer;
import org.vellum.event.Instants;
import org.vellum.event.NormalizedEvent;
import org.vellum.ledger.Receipt;
import org.vellum.problem.VellumException;

/**
 * Builds the appliance's own events (docs/FORMAT.md §10) and appends them: plain Java, for {@link ApplianceEvents} in
 * the server and for tests on a ledger of their own.
 */
public final class OwnEvents {
    private OwnEvents() {}

    /** Builds, normalizes and appends the event, waiting until it is durable. */
    public static Receipt record(
            EventNormalizer normalizer,
            String applianceId,
            BiFunction<List<NormalizedEvent>, Instant, CompletableFuture<List<Receipt>>> append,
            String type,
            Map<String, Object> fields,
            Clock clock) {
        Instant now = clock.instant();
        Map<String, Object> raw = new LinkedHashMap<>(fields);
        raw.put("ts", Instants.format(now));
        raw.put("type", type);
        raw.put("event_id", UUID.randomUUID().toString());
        raw.put("node", org.vellum.event.EventType.APPLIANCE_NODE_PREFIX + applianceId);
        // numbers as the JSON parser gives them, as for every other event
        var n = normalizer.normalizeOwn(Json.parseObject(CanonicalJson.string(raw)));
        if (!(n instanceof org.vellum.event.Normalization.Accepted accepted)) {
            throw new IllegalStateException("the appliance's own " + type + " event does not normalize: " + n);
        }
        try {
            return append.apply(List.of(accepted.event()), now)
                    .get(60, TimeUnit.SECONDS)
                    .get(0);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new VellumException(VellumException.Kind.UNAVAILABLE, "ledger-busy", "interrupted", e);
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            if (cause instanceof VellumException v) {
                throw v;
            }
            throw new VellumException(
                    VellumException.Kind.UNAVAILABLE,
                    "ledger-busy",
                    "the " + type + " event could not be appended: " + cause.getMessage(),
                    cause);
        }
    }
}
