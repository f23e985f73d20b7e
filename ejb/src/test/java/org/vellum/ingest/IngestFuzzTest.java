package org.vellum.ingest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.vellum.canonical.CanonicalJson;
import org.vellum.canonical.Json;
import org.vellum.canonical.JsonException;
import org.vellum.event.EventNormalizer;
import org.vellum.event.HmacPseudonymizer;
import org.vellum.event.NormalizedEvent;
import org.vellum.event.RejectReason;
import org.vellum.event.SampleEvents;
import org.vellum.fuzz.Gen;
import org.vellum.fuzz.Hostile;
import org.vellum.fuzz.Tries;
import org.vellum.ledger.LedgerService;
import org.vellum.ledger.Receipt;
import org.vellum.minimize.MinimizationService;
import org.vellum.problem.VellumException;

/**
 * The REST ingest body ({@code POST /events}) below the server: whatever the bytes, the request is refused as a whole
 * with a problem code, or every item ends with a receipt or a rejection that names why; nothing else is thrown, and
 * nothing of the body is echoed back.
 */
class IngestFuzzTest {
    /** The codes a whole request may be refused with before any item is looked at (docs/api.md). */
    private static final Set<String> REQUEST_CODES = Set.of("invalid-utf8", "invalid-json", "too-many-events");

    private static final Set<String> ITEM_CODES = itemCodes();

    private static final List<Function<UUID, String>> SAMPLES = List.of(
            SampleEvents::taskCreated,
            SampleEvents::taskOpened,
            SampleEvents::anonymizationStarted,
            SampleEvents::anonymizationCompleted,
            SampleEvents::correctionApplied,
            SampleEvents::resultApproved,
            SampleEvents::resultExported,
            SampleEvents::permissionChanged,
            SampleEvents::modelDeployed,
            SampleEvents::configChanged,
            SampleEvents::unknownType);

    private IngestService service;
    private Ledger ledger;

    @BeforeEach
    void service() {
        service = new IngestService();
        ledger = new Ledger();
        service.ledger = ledger;
        service.minimization = new Minimization();
        service.maxEvents = 50;
        service.maxRequestBytes = 64 << 20;
        service.receiptTimeout = Duration.ofSeconds(30);
    }

    @Test
    void everyBodyIsRefusedByCodeOrEveryItemIsAccountedFor() {
        Gen<byte[]> bodies = Gen.oneOf(
                Hostile.bytes(),
                Hostile.json().map(Tries::utf8),
                r -> Hostile.mutate(validBody(r), r),
                r -> Hostile.mutate(validBody(r), r),
                IngestFuzzTest::arrayOfHostileItems);
        Tries.of(1500).forAllBytes(bodies, this::accountedFor);
    }

    private void accountedFor(byte[] body) {
        int before = ledger.appended.size();
        IngestService.Outcome outcome;
        try {
            outcome = service.ingest(body, Instant.now()).join();
        } catch (VellumException refused) {
            assertTrue(REQUEST_CODES.contains(refused.code()), refused.code());
            assertFalse(refused.getMessage().isBlank());
            assertEquals(before, ledger.appended.size(), "a refused request appends nothing");
            return;
        }
        Object parsed = Json.parse(new String(body, StandardCharsets.UTF_8));
        int items = parsed instanceof List<?> list ? list.size() : 1;
        assertEquals(parsed instanceof List, outcome.batch());
        assertEquals(items, outcome.items().size());
        long appended = 0;
        for (int i = 0; i < items; i++) {
            ItemResult item = outcome.items().get(i);
            assertNotNull(item, "item " + i + " has no result");
            assertEquals(i, item.index());
            assertTrue(item.isAppended() != (item.rejection() != null), "a receipt or a rejection, not both");
            if (item.isAppended()) {
                appended++;
            } else {
                assertTrue(
                        ITEM_CODES.contains(item.rejection().code()),
                        item.rejection().code());
                assertFalse(item.rejection().detail().isBlank());
            }
        }
        assertEquals(appended, ledger.appended.size() - before, "what the ledger took is what was answered");
    }

    @Test
    void validEventsAreAppendedAndReadTheSameWhenSentAgain() {
        Tries.of(300).forAllBytes(IngestFuzzTest::validBody, body -> {
            IngestService.Outcome first = service.ingest(body, Instant.now()).join();
            assertEquals(0, first.rejected(), () -> first.items().toString());
            for (NormalizedEvent e : new ArrayList<>(ledger.appended.subList(
                    ledger.appended.size() - first.items().size(), ledger.appended.size()))) {
                byte[] again = CanonicalJson.bytes(e.event());
                IngestService.Outcome second =
                        service.ingest(again, Instant.now()).join();
                assertEquals(0, second.rejected(), () -> second.items().toString());
                assertArrayEquals(
                        e.canonicalEvent(),
                        ledger.appended.get(ledger.appended.size() - 1).canonicalEvent());
            }
        });
    }

    @Test
    void nothingOfTheBodyIsEchoedInARefusalOrRejection() {
        String marker = "zq" + Long.toHexString(new SplittableRandom().nextLong()) + "qz";
        Gen<byte[]> bodies = r -> {
            String body = new String(validBody(r), StandardCharsets.UTF_8);
            int at = r.nextInt(body.length() + 1);
            return Hostile.mutate(
                    (body.substring(0, at) + marker + body.substring(at)).getBytes(StandardCharsets.UTF_8), r);
        };
        Tries.of(800).forAllBytes(bodies, body -> {
            try {
                for (ItemResult item :
                        service.ingest(body, Instant.now()).join().items()) {
                    if (item.rejection() != null) {
                        assertFalse(String.valueOf(item.rejection()).contains(marker), item.rejection()::toString);
                        assertFalse(String.valueOf(item.eventId()).contains(marker));
                    }
                }
            } catch (VellumException refused) {
                assertFalse(refused.getMessage().contains(marker), refused.getMessage());
            }
        });
    }

    /** One valid event, or an array of them; sometimes with a repeated event id. */
    private static byte[] validBody(SplittableRandom r) {
        List<String> events = new ArrayList<>();
        for (int n = 1 + r.nextInt(5); n > 0; n--) {
            events.add(SAMPLES.get(r.nextInt(SAMPLES.size())).apply(new UUID(r.nextLong(), r.nextLong())));
        }
        String body = events.size() == 1 && r.nextBoolean() ? events.get(0) : "[" + String.join(",", events) + "]";
        return body.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] arrayOfHostileItems(SplittableRandom r) {
        StringBuilder body = new StringBuilder("[");
        for (int n = r.nextInt(r.nextInt(20) == 0 ? 80 : 8); n > 0; n--) {
            String item = r.nextBoolean() ? Hostile.json().draw(r) : Hostile.number(r);
            try {
                Json.parse(item);
            } catch (JsonException broken) {
                item = "{}";
            }
            body.append(body.length() > 1 ? "," : "").append(item);
        }
        return body.append(']').toString().getBytes(StandardCharsets.UTF_8);
    }

    private static Set<String> itemCodes() {
        Set<String> codes = new java.util.HashSet<>(Set.of(IngestService.NOT_AUDIT));
        for (RejectReason reason : RejectReason.values()) {
            codes.add(reason.code());
        }
        return codes;
    }

    /** The ledger, in memory: receipts at once, a repeated event id answered as a duplicate. */
    private static final class Ledger extends LedgerService {
        final List<NormalizedEvent> appended = new ArrayList<>();
        private final Map<String, Long> seqs = new HashMap<>();

        @Override
        public CompletableFuture<List<Receipt>> append(List<NormalizedEvent> events, Instant receivedAt) {
            List<Receipt> receipts = new ArrayList<>();
            for (NormalizedEvent e : events) {
                Long seq = seqs.get(e.eventId());
                if (seq == null) {
                    seq = (long) seqs.size() + 1;
                    seqs.put(e.eventId(), seq);
                }
                appended.add(e);
                receipts.add(new Receipt(seq, e.eventId(), new byte[32], new byte[32], receivedAt, false));
            }
            return CompletableFuture.completedFuture(receipts);
        }
    }

    private static final class Minimization extends MinimizationService {
        private final EventNormalizer normalizer = new EventNormalizer(new HmacPseudonymizer(new byte[32]));

        @Override
        public EventNormalizer normalizer() {
            return normalizer;
        }
    }
}
