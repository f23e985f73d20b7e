package org.vellum.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.vellum.canonical.CanonicalJson;
import org.vellum.canonical.Json;
import org.vellum.canonical.JsonException;
import org.vellum.canonical.JsonNull;
import org.vellum.fuzz.Gen;
import org.vellum.fuzz.Hostile;
import org.vellum.fuzz.Planted;
import org.vellum.fuzz.Shrink;
import org.vellum.fuzz.Tries;

/**
 * The normalizer, which the REST path and the nightly collection share, under hostile events: each ends accepted,
 * rejected with a reason, or not an audit event; a normalized event normalizes to itself; and a personal datum
 * planted where the producer spec says it is minimized (section 5) never reaches the stored event.
 */
class EventNormalizerFuzzTest {
    private static final byte[] SECRET = new byte[32];

    static {
        Arrays.fill(SECRET, (byte) 3);
    }

    private final EventNormalizer normalizer = new EventNormalizer(new HmacPseudonymizer(SECRET));

    /** Every field name the spec knows, for checking that a rejection names a field and never quotes input. */
    private static final Set<String> SPEC_NAMES = specNames();

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

    @Test
    void everyObjectIsAcceptedRejectedWithAReasonOrNoAuditEvent() {
        Gen<String> objects =
                Gen.oneOf(Hostile.json(), Hostile.mutated(samples()).map(b -> new String(b, StandardCharsets.UTF_8)));
        Tries.of(2000).forAllText(objects, text -> {
            Map<String, Object> raw;
            try {
                raw = Json.parseObject(text);
            } catch (JsonException notAnObject) {
                return;
            }
            Normalization n = normalizer.normalize(raw, Optional.empty());
            if (n instanceof Normalization.Accepted a) {
                NormalizedEvent e = a.event();
                assertEquals(
                        CanonicalJson.string(e.event()),
                        CanonicalJson.string(Json.parse(new String(e.canonicalEvent(), StandardCharsets.UTF_8))));
                assertTrue(EventNormalizer.isUuid(e.eventId()), e.eventId());
            } else if (n instanceof Normalization.Rejected r) {
                assertNotNull(r.reason());
                assertFalse(r.detail().isBlank());
                assertNamesOnlySpecFields(r.field());
            } else {
                Object type = raw.get("type");
                assertTrue(type == null || type == JsonNull.INSTANCE, "only an object without type is no audit event");
            }
        });
    }

    @Test
    void aNormalizedEventNormalizesToItself() {
        Tries.of(500).forAll(r -> sampleWithPlantedData(r), Shrink.none(), CanonicalJson::string, raw -> {
            NormalizedEvent once = accepted(raw);
            NormalizedEvent twice = accepted(Json.parseObject(CanonicalJson.string(once.event())));
            assertEquals(CanonicalJson.string(once.event()), CanonicalJson.string(twice.event()));
        });
    }

    @Test
    void aPlantedPersonalDatumNeverReachesTheStoredEvent() {
        Tries.of(1500)
                .forAll(r -> plant(r), Shrink.none(), p -> p.datum() + " in " + CanonicalJson.string(p.raw()), p -> {
                    NormalizedEvent e = accepted(p.raw());
                    String stored = CanonicalJson.string(e.event())
                            + CanonicalJson.string(e.minimization().toJson());
                    assertFalse(stored.contains(p.datum()), () -> "kept " + p.datum() + ": " + stored);
                });
    }

    private NormalizedEvent accepted(Map<String, Object> raw) {
        return assertInstanceOf(Normalization.Accepted.class, normalizer.normalize(raw, Optional.empty()))
                .event();
    }

    /** A sample event with a datum planted in a field the spec minimizes, with the datum to look for. */
    record Plant(Map<String, Object> raw, String datum) {}

    private static Plant plant(SplittableRandom r) {
        int pick = r.nextInt(SAMPLES.size());
        Map<String, Object> raw = sample(pick, r);
        String type = (String) raw.get("type");
        List<String> freeText = FREE_TEXT.getOrDefault(type, List.of());
        List<String> identities = IDENTITIES.getOrDefault(type, List.of());
        switch (r.nextInt(3)) {
            case 0 -> {
                if (!freeText.isEmpty()) {
                    String datum = Planted.datum(r);
                    raw.put(freeText.get(r.nextInt(freeText.size())), Planted.inFreeText(datum, r));
                    return new Plant(raw, datum);
                }
            }
            case 1 -> {
                if (!identities.isEmpty()) {
                    String email = Planted.email(r);
                    String cased = r.nextBoolean() ? email : email.toUpperCase(java.util.Locale.ROOT);
                    raw.put(identities.get(r.nextInt(identities.size())), cased);
                    return new Plant(raw, cased);
                }
            }
            default -> {
                // a field outside the allow-list, dirty or new, is removed whatever it holds
            }
        }
        String datum = Planted.datum(r);
        String field = List.of("client_ip", "plate_text", "original_filename", "note", "reviewer", "requester_email")
                .get(r.nextInt(6));
        raw.put(field, r.nextBoolean() ? datum : Map.of("value", Planted.inFreeText(datum, r)));
        return new Plant(raw, datum);
    }

    private static Map<String, Object> sampleWithPlantedData(SplittableRandom r) {
        return plant(r).raw();
    }

    private static Map<String, Object> sample(int pick, SplittableRandom r) {
        return new LinkedHashMap<>(Json.parseObject(SAMPLES.get(pick).apply(new UUID(r.nextLong(), r.nextLong()))));
    }

    private static List<byte[]> samples() {
        SplittableRandom r = new SplittableRandom(1);
        return SAMPLES.stream()
                .map(s -> s.apply(new UUID(r.nextLong(), r.nextLong())).getBytes(StandardCharsets.UTF_8))
                .toList();
    }

    /** Free-text fields by type (producer spec section 5: reason, comment, error). */
    private static final Map<String, List<String>> FREE_TEXT = Map.of(
            "anonymization.completed", List.of("error"),
            "correction.applied", List.of("reason"),
            "result.approved", List.of("comment"),
            "permission.changed", List.of("reason"));

    /** Identity fields by type (producer spec section 5: user, admin, subject, recipient). */
    private static final Map<String, List<String>> IDENTITIES = Map.of(
            "task.created", List.of("user"),
            "task.opened", List.of("user"),
            "correction.applied", List.of("user"),
            "result.approved", List.of("user"),
            "result.exported", List.of("user", "recipient"),
            "permission.changed", List.of("admin", "subject"),
            "model.deployed", List.of("admin"),
            "config.changed", List.of("admin"),
            "review.requested", List.of("user"));

    private static void assertNamesOnlySpecFields(String field) {
        if (field == null) {
            return;
        }
        for (String part : field.split("\\.", -1)) {
            String name = part.replaceAll("\\[\\d+\\]$", "");
            assertTrue(SPEC_NAMES.contains(name), () -> "a rejection names field " + Tries.show(field));
        }
    }

    private static Set<String> specNames() {
        Set<String> names = new HashSet<>();
        EventType.ENVELOPE.forEach(f -> add(f, names));
        EventType.UNKNOWN_TYPE_EXTRAS.forEach(f -> add(f, names));
        for (EventType t : EventType.values()) {
            t.fields().forEach(f -> add(f, names));
        }
        return names;
    }

    private static void add(FieldSpec spec, Set<String> names) {
        names.add(spec.name());
        spec.children().forEach(c -> add(c, names));
    }
}
