package org.vellum.ingest;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.vellum.canonical.Json;
import org.vellum.canonical.JsonException;
import org.vellum.event.EventNormalizer;
import org.vellum.event.Normalization;
import org.vellum.event.NormalizedEvent;
import org.vellum.ledger.LedgerService;
import org.vellum.ledger.Receipt;
import org.vellum.minimize.MinimizationService;
import org.vellum.problem.VellumException;

/**
 * Takes a request body holding one event or an array of events, normalizes and minimizes each, appends the valid ones
 * in request order and reports every item: a receipt or a rejection. A bad item never blocks the good ones.
 */
@ApplicationScoped
public class IngestService {
    /** An item rejected because it is an object without {@code type}: ordinary logging, not an audit event. */
    public static final String NOT_AUDIT = "not-an-audit-event";

    @Inject
    LedgerService ledger;

    @Inject
    MinimizationService minimization;

    @Inject
    @ConfigProperty(name = "vellum.ingest.max-events-per-request")
    int maxEvents;

    @Inject
    @ConfigProperty(name = "vellum.ingest.max-request-bytes")
    int maxRequestBytes;

    @Inject
    @ConfigProperty(name = "vellum.ledger.receipt-timeout")
    Duration receiptTimeout;

    /** The largest request body accepted, in bytes. */
    public int maxRequestBytes() {
        return maxRequestBytes;
    }

    /** The outcome of one request, items in request order. */
    public record Outcome(boolean batch, List<ItemResult> items) {
        public long rejected() {
            return items.stream().filter(i -> !i.isAppended()).count();
        }
    }

    public CompletableFuture<Outcome> ingest(byte[] body, Instant receivedAt) {
        Object parsed = parse(body);
        boolean batch = parsed instanceof List;
        List<?> items = batch ? (List<?>) parsed : List.of(parsed);
        if (items.size() > maxEvents) {
            throw new VellumException(
                    VellumException.Kind.TOO_LARGE,
                    "too-many-events",
                    "a request may carry at most " + maxEvents + " events; this one has " + items.size());
        }
        EventNormalizer normalizer = minimization.normalizer();
        ItemResult[] results = new ItemResult[items.size()];
        List<NormalizedEvent> accepted = new ArrayList<>(items.size());
        List<Integer> acceptedIndex = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            Object item = items.get(i);
            if (!(item instanceof Map)) {
                results[i] = ItemResult.rejected(
                        i, null, new ItemResult.Rejection("bad-field-type", null, "an event must be a JSON object"));
                continue;
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> raw = (Map<String, Object>) item;
            Normalization n = normalizer.normalize(raw, Optional.empty());
            if (n instanceof Normalization.Accepted a) {
                accepted.add(a.event());
                acceptedIndex.add(i);
            } else if (n instanceof Normalization.Rejected r) {
                results[i] = ItemResult.rejected(
                        i, readableId(raw), new ItemResult.Rejection(r.reason().code(), r.field(), r.detail()));
            } else {
                results[i] = ItemResult.rejected(
                        i,
                        readableId(raw),
                        new ItemResult.Rejection(NOT_AUDIT, "type", "an object without type is not an audit event"));
            }
        }
        return ledger.append(accepted, receivedAt)
                .thenApply(receipts -> {
                    for (int k = 0; k < receipts.size(); k++) {
                        Receipt receipt = receipts.get(k);
                        results[acceptedIndex.get(k)] = ItemResult.appended(acceptedIndex.get(k), receipt);
                    }
                    return new Outcome(batch, List.of(results));
                })
                .orTimeout(receiptTimeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static Object parse(byte[] body) {
        String text;
        try {
            text = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new VellumException(VellumException.Kind.INVALID, "invalid-utf8", "the body is not valid UTF-8");
        }
        try {
            Object parsed = Json.parse(text);
            if (!(parsed instanceof Map) && !(parsed instanceof List)) {
                throw new VellumException(
                        VellumException.Kind.INVALID, "invalid-json", "the body must be an event object or an array");
            }
            return parsed;
        } catch (JsonException e) {
            throw new VellumException(
                    VellumException.Kind.INVALID, "invalid-json", "the body is not JSON: " + e.getMessage());
        }
    }

    /** The item's event id if it is a plain UUID-shaped string: anything else is not echoed back. */
    private static String readableId(Map<String, Object> raw) {
        Object id = raw.get("event_id");
        return id instanceof String s && s.matches("[0-9a-fA-F-]{36}") ? s.toLowerCase(Locale.ROOT) : null;
    }
}
