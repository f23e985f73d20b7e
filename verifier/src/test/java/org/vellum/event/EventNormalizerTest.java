package org.vellum.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.vellum.canonical.CanonicalJson;
import org.vellum.canonical.Json;
import org.vellum.event.Normalization.Accepted;
import org.vellum.event.Normalization.NotAudit;
import org.vellum.event.Normalization.Rejected;

class EventNormalizerTest {
    private static final byte[] SECRET = new byte[32];

    static {
        Arrays.fill(SECRET, (byte) 7);
    }

    private final HmacPseudonymizer pseudonymizer = new HmacPseudonymizer(SECRET);
    private final EventNormalizer normalizer = new EventNormalizer(pseudonymizer);

    private Normalization normalize(String json) {
        return normalizer.normalize(Json.parseObject(json), Optional.empty());
    }

    private NormalizedEvent accepted(String json) {
        return assertInstanceOf(Accepted.class, normalize(json)).event();
    }

    @Test
    void everySampleTypeIsAcceptedAndNoPersonalDatumSurvives() {
        for (String sample : SampleEvents.everyType()) {
            NormalizedEvent event = accepted(sample);
            String stored = CanonicalJson.string(event.event())
                    + CanonicalJson.string(event.minimization().toJson());
            for (String personal : SampleEvents.PERSONAL_DATA) {
                assertFalse(stored.contains(personal), () -> event.type() + " keeps " + personal + ": " + stored);
            }
        }
    }

    @Test
    void taskCreatedKeepsItsAllowListAndPseudonymizesTheUser() {
        NormalizedEvent e = accepted(SampleEvents.taskCreated(UUID.fromString("0B6C0000-0000-4000-8000-000000000001")));
        assertEquals("0b6c0000-0000-4000-8000-000000000001", e.eventId());
        assertTrue(e.knownType());
        assertEquals(
                "{\"event_id\":\"0b6c0000-0000-4000-8000-000000000001\",\"file_id\":\"F-55120\",\"node\":\"anon-1\","
                        + "\"source_channel\":\"upload\",\"task_id\":\"T-000187\",\"ts\":\"2026-11-25T14:03:20.001Z\","
                        + "\"type\":\"task.created\",\"user\":\"" + pseudonymizer.pseudonym("anna.kowalska@example.com")
                        + "\"}",
                CanonicalJson.string(e.event()));
        assertEquals(
                List.of("client_ip", "exif", "original_filename"),
                e.minimization().removed());
        assertEquals(List.of("user"), e.minimization().pseudonymized());
    }

    @Test
    void pseudonymsAreStableCaseInsensitiveAndKeyed() {
        String a = pseudonymizer.pseudonym("Anna.Kowalska@Example.com ");
        assertEquals(a, pseudonymizer.pseudonym("anna.kowalska@example.com"));
        assertTrue(a.matches("ps:[0-9a-f]{32}"), a);
        byte[] other = SECRET.clone();
        other[0] = 8;
        assertNotEquals(a, new HmacPseudonymizer(other).pseudonym("anna.kowalska@example.com"));
    }

    @Test
    void nestedDirtFieldsAreRemovedByPathAndOpenConfigKeepsScalars() {
        NormalizedEvent started = accepted(SampleEvents.anonymizationStarted(UUID.randomUUID()));
        assertEquals(
                List.of("detections", "face_embedding", "plate_text", "thumbnail"),
                started.minimization().removed());
        assertEquals(
                "{\"blur_method\":\"gaussian\",\"confidence_threshold\":0.45,\"kernel\":31}",
                CanonicalJson.string(started.event().get("config")));
        assertEquals("2026-11-02T08:00:00.000Z", ((Map<?, ?>) started.event().get("model")).get("deployed_at"));

        NormalizedEvent corrected = accepted(SampleEvents.correctionApplied(UUID.randomUUID()));
        assertEquals(List.of("scope.regions"), corrected.minimization().removed());
        assertEquals(
                "missed plate [redacted], reported by [redacted] from [redacted]",
                corrected.event().get("reason"));
        assertEquals(
                Map.of("email", 1, "ipv4", 1, "plate", 1),
                corrected.minimization().redacted());
    }

    @Test
    void unknownTypeKeepsTheEnvelopeOnly() {
        NormalizedEvent e = accepted(SampleEvents.unknownType(UUID.randomUUID()));
        assertFalse(e.knownType());
        assertEquals(
                List.of("event_id", "node", "task_id", "ts", "type", "user"),
                List.copyOf(e.event().keySet()));
        assertEquals(List.of("priority", "reviewer"), e.minimization().removed());
        assertEquals(pseudonymizer.pseudonym("maria@example.com"), e.event().get("user"));
    }

    @Test
    void timestampsAreNormalizedToUtc() {
        NormalizedEvent e = accepted(SampleEvents.taskOpened(UUID.randomUUID()));
        assertEquals("2026-11-25T14:03:21.500Z", e.event().get("ts"));
        assertEquals(Instant.parse("2026-11-25T14:03:21.5Z"), e.ts());
        assertEquals(
                "2026-11-25T14:05:02.999999Z",
                accepted(SampleEvents.anonymizationCompleted(UUID.randomUUID()))
                        .event()
                        .get("ts"));
    }

    @Test
    void theAppliancesOwnTypesAreRefusedFromProducersAndOnlyThoseAreItsOwn() {
        String purged = "{\"ts\":\"2026-11-30T03:30:00.000Z\",\"type\":\"retention.purged\","
                + "\"event_id\":\"" + UUID.randomUUID() + "\",\"node\":\"vellum/x\",\"seal_number\":1,"
                + "\"archive\":\"vellum-x-seal-000001.asice\",\"archive_sha256\":\"" + "ab".repeat(32) + "\","
                + "\"target\":\"local\",\"retain_until\":\"2026-11-30T00:00:00Z\"}";
        Rejected forged = assertInstanceOf(Rejected.class, normalize(purged));
        assertEquals(RejectReason.RESERVED_TYPE, forged.reason());
        assertEquals("type", forged.field());

        NormalizedEvent own = assertInstanceOf(Accepted.class, normalizer.normalizeOwn(Json.parseObject(purged)))
                .event();
        assertEquals("retention.purged", own.type());
        assertEquals(
                "local", own.event().get("target"), "the appliance's own event keeps the fields of its allow-list");

        Rejected notOwn = assertInstanceOf(
                Rejected.class, normalizer.normalizeOwn(Json.parseObject(SampleEvents.taskOpened(UUID.randomUUID()))));
        assertEquals(RejectReason.RESERVED_TYPE, notOwn.reason(), "the appliance records only its own types");

        Rejected newer =
                assertInstanceOf(Rejected.class, normalize(purged.replace("retention.purged", "retention.extended")));
        assertEquals(RejectReason.RESERVED_TYPE, newer.reason(), "the whole retention. namespace is the appliance's");
        Rejected action =
                assertInstanceOf(Rejected.class, normalize(purged.replace("retention.purged", "admin.action")));
        assertEquals(RejectReason.RESERVED_TYPE, action.reason(), "so is admin.: producers cannot forge admin actions");
        Rejected posing = assertInstanceOf(
                Rejected.class,
                normalize(SampleEvents.taskOpened(UUID.randomUUID())
                        .replaceFirst("\"node\":\"[^\"]*\"", "\"node\":\"vellum/x\"")));
        assertEquals("node", posing.field(), "a producer may not pose as the appliance");
    }

    @Test
    void theApplianceRecordsConfigAndPermissionChangesWhichProducersMaySendToo() {
        String changed = "{\"ts\":\"2026-11-30T14:00:00.000Z\",\"type\":\"config.changed\","
                + "\"event_id\":\"" + UUID.randomUUID() + "\",\"node\":\"vellum/x\",\"admin\":\"ops@example.org\","
                + "\"key\":\"schedule.nightly-archive\",\"value_before\":\"0 2 * * *\",\"value_after\":\"30 3 * * *\"}";
        NormalizedEvent own = assertInstanceOf(Accepted.class, normalizer.normalizeOwn(Json.parseObject(changed)))
                .event();
        assertEquals("vellum/x", own.node());
        assertEquals("30 3 * * *", own.event().get("value_after"));
        assertTrue(
                ((String) own.event().get("admin")).startsWith("ps:"),
                "an admin's e-mail address is pseudonymized like any identity");

        Rejected posing = assertInstanceOf(Rejected.class, normalize(changed));
        assertEquals("node", posing.field(), "a producer's config.changed may not carry the appliance's node");
        assertInstanceOf(
                Accepted.class,
                normalize(changed.replace("vellum/x", "anon-1")),
                "the platform records its own configuration changes");
        assertEquals(
                RejectReason.RESERVED_TYPE,
                assertInstanceOf(
                                Rejected.class,
                                normalizer.normalizeOwn(
                                        Json.parseObject(changed.replace("config.changed", "model.deployed"))))
                        .reason(),
                "model.deployed is the platform's alone");
    }

    @Test
    void timestampWithoutOffsetNeedsADeclaredZone() {
        String local = SampleEvents.taskOpened(UUID.randomUUID()).replace("15:03:21.5+01:00", "15:03:21.5");
        Rejected r = assertInstanceOf(Rejected.class, normalize(local));
        assertEquals(RejectReason.TIMESTAMP_WITHOUT_OFFSET, r.reason());
        assertEquals("ts", r.field());

        Normalization zoned = normalizer.normalize(Json.parseObject(local), Optional.of(ZoneId.of("Europe/Warsaw")));
        assertEquals(
                "2026-11-25T14:03:21.500Z",
                assertInstanceOf(Accepted.class, zoned).event().event().get("ts"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "missing task_id | \"task_id\":\"T-000187\", | | missing-field | task_id",
                "missing nested model.version | \"version\":\"4.2.1\", | | missing-field | model.version",
                "null required field | \"task_id\":\"T-000187\" | \"task_id\":null | missing-field | task_id",
                "operation outside its enum | blur_all | blur_everything | bad-field-type | operation",
                "number as string | 0.45 | \"0.45\" | bad-field-type | config.confidence_threshold",
                "bad event id | \"event_id\":\" | \"event_id\":\"x | bad-field-type | event_id",
                "date that is no date | 2026-11-25T14:03:22.123Z | yesterday | bad-field-type | ts",
                "model is not an object | \"model\":{ | \"model\":7,\"x\":{ | bad-field-type | model",
                "type with spaces | anonymization.started | Anonymization Started | bad-field-type | type",
            })
    void invalidEventsAreRejectedWithReasonAndField(
            String name, String find, String replace, String reason, String field) {
        String event =
                SampleEvents.anonymizationStarted(UUID.randomUUID()).replace(find, replace == null ? "" : replace);
        Rejected r = assertInstanceOf(Rejected.class, normalize(event));
        assertEquals(reason, r.reason().code(), r.detail());
        assertEquals(field, r.field());
    }

    @Test
    void detailsNeverQuoteTheValue() {
        Rejected r = assertInstanceOf(
                Rejected.class,
                normalize(
                        SampleEvents.taskCreated(UUID.randomUUID()).replace("\"F-55120\"", "[\"anna@example.com\"]")));
        assertFalse(r.detail().contains("anna"));
    }

    @Test
    void objectWithoutTypeIsNotAnAuditEvent() {
        assertInstanceOf(NotAudit.class, normalize("{\"level\":\"DEBUG\",\"msg\":\"cache warm\"}"));
    }

    @Test
    void countsMustBeNonNegativeIntegers() {
        String completed = SampleEvents.anonymizationCompleted(UUID.randomUUID());
        assertInstanceOf(Accepted.class, normalize(completed.replace("100876", "100876.0")));
        for (String bad : List.of("-1", "1.5", "1e300", "\"12\"")) {
            Rejected r = assertInstanceOf(Rejected.class, normalize(completed.replace("100876", bad)), bad);
            assertEquals("duration_ms", r.field());
        }
    }

    @Test
    void removedFieldNamesThatCouldCarryPersonalDataAreNotRecorded() {
        String event = SampleEvents.taskOpened(UUID.randomUUID()).replace("}", ",\"anna@example.com\":1}");
        NormalizedEvent e = accepted(event);
        assertEquals(List.of("(unnamed)"), e.minimization().removed());
    }
}
