package org.vellum.collect;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vellum.canonical.CanonicalJson;
import org.vellum.canonical.Json;
import org.vellum.canonical.JsonException;
import org.vellum.canonical.JsonNull;
import org.vellum.event.EventNormalizer;
import org.vellum.event.EventType;
import org.vellum.event.FieldSpec;
import org.vellum.event.HmacPseudonymizer;
import org.vellum.event.NormalizedEvent;
import org.vellum.fuzz.Gen;
import org.vellum.fuzz.Hostile;
import org.vellum.fuzz.Planted;
import org.vellum.fuzz.Shrink;
import org.vellum.fuzz.Tries;

/**
 * The nightly collection's line classifier (producer spec section 5) under hostile lines, JSON lines and syslog:
 * every line ends as an event, a quarantined line with a reason, or no audit event, quickly and without any other
 * exception; valid lines stay valid through a round trip; and what quarantine keeps never holds a planted datum.
 */
class LineClassifierFuzzTest {
    @TempDir
    static Path tmp;

    private static SimulatedSpool clean;
    private static SimulatedSpool dirty;
    private static final Set<String> SPEC_NAMES = specNames();
    private final EventNormalizer normalizer = new EventNormalizer(new HmacPseudonymizer(new byte[32]));

    @BeforeAll
    static void spools() {
        clean = SimulatedSpool.write(tmp.resolve("clean"), false, 11);
        dirty = SimulatedSpool.write(tmp.resolve("dirty"), true, 12);
    }

    private Classified classify(byte[] bytes, SourceFormat format) {
        return new LineClassifier(normalizer)
                .classify(
                        new LineReader.Line(1, bytes.length + 1, bytes, bytes.length, true), format, Optional.empty());
    }

    @Test
    void everyJsonLineEndsInOneBucketWithAReason() {
        Gen<byte[]> lines = Gen.oneOf(
                Hostile.bytes(),
                Hostile.json().map(Tries::utf8),
                Hostile.mutated(clean.json),
                Hostile.mutated(dirty.json));
        Tries.of(2000)
                .forAllBytes(lines, line -> accountedFor(line, SourceFormat.JSONL, classify(line, SourceFormat.JSONL)));
    }

    @Test
    void everySyslogLineEndsInOneBucketWithAReason() {
        Gen<byte[]> lines = Gen.oneOf(
                Hostile.bytes(),
                LineClassifierFuzzTest::hostileSyslog,
                Hostile.mutated(clean.syslog),
                Hostile.mutated(dirty.syslog));
        Tries.of(2000)
                .forAllBytes(
                        lines, line -> accountedFor(line, SourceFormat.SYSLOG, classify(line, SourceFormat.SYSLOG)));
    }

    /** The invariants of section 5 for one line and what became of it. */
    private static void accountedFor(byte[] line, SourceFormat format, Classified c) {
        assertNotNull(c);
        if (c instanceof Classified.Event e) {
            NormalizedEvent event = e.event();
            assertEquals(
                    CanonicalJson.string(event.event()),
                    CanonicalJson.string(Json.parse(new String(event.canonicalEvent(), StandardCharsets.UTF_8))));
        } else if (c instanceof Classified.Quarantined q) {
            assertNotNull(q.reason());
            assertFalse(q.detail().isBlank(), "a quarantined line has a reason in words");
            assertTrue(q.excerpt().length() <= QuarantineExcerpt.MAX_CHARS, q.excerpt());
            if (q.field() != null) {
                // spec names only, and under config (whose other scalars the spec keeps) plain identifiers
                assertTrue(
                        q.field().matches("config\\.[A-Za-z_][A-Za-z0-9_]{0,63}")
                                || Arrays.stream(q.field().split("\\.", -1))
                                        .map(part -> part.replaceAll("\\[\\d+\\]$", ""))
                                        .allMatch(SPEC_NAMES::contains),
                        () -> "names field " + q.field());
            }
        } else if (format == SourceFormat.JSONL && startsWithBrace(line)) {
            // a line starting with '{' is no audit event only as a JSON object without type (section 5)
            Map<String, Object> object;
            try {
                String text = new String(line, StandardCharsets.UTF_8).strip();
                object = Json.parseObject(text.startsWith("\uFEFF") ? text.substring(1) : text);
            } catch (JsonException e) {
                throw new AssertionError("a broken line starting with '{' was not quarantined", e);
            }
            Object type = object.get("type");
            assertTrue(
                    type == null || type == JsonNull.INSTANCE, "an object with a type was dropped as no audit event");
        }
    }

    @Test
    void everyValidLineIsAnEventAndReadsTheSameAfterARoundTrip() {
        List<byte[]> all = new ArrayList<>();
        all.addAll(clean.json);
        all.addAll(clean.syslog);
        for (byte[] line : all) {
            SourceFormat format = line[0] == '<' ? SourceFormat.SYSLOG : SourceFormat.JSONL;
            NormalizedEvent once = assertInstanceOf(
                            Classified.Event.class, classify(line, format), () -> Tries.show(line))
                    .event();
            byte[] again = CanonicalJson.bytes(once.event());
            NormalizedEvent twice = assertInstanceOf(Classified.Event.class, classify(again, SourceFormat.JSONL))
                    .event();
            assertArrayEquals(once.canonicalEvent(), twice.canonicalEvent(), () -> Tries.show(line));
        }
        assertTrue(clean.json.size() > 100 && clean.syslog.size() > 50, "the simulator wrote both formats");
    }

    @Test
    void structuredDataReadsBackAsWritten() {
        Tries.of(1000).forAll(LineClassifierFuzzTest::params, Shrink.none(), Object::toString, params -> {
            String line = syslogLine("anon-1", "task.opened", params) + " free text ] [x";
            SyslogMessage m = SyslogMessage.parse(line).orElseThrow();
            SyslogMessage.Params audit = m.audit().orElseThrow();
            assertEquals(new ArrayList<>(params.keySet()), audit.names());
            assertEquals(new ArrayList<>(params.values()), audit.values());
        });
    }

    @Test
    void whatQuarantineKeepsNeverHoldsAPlantedDatum() {
        Tries.of(1500).forAll(this::plantedAndBroken, Shrink.none(), p -> p.datum + " in " + Tries.show(p.line), p -> {
            Classified c = classify(p.line, p.format);
            if (c instanceof Classified.Quarantined q) {
                assertFalse(q.excerpt().contains(p.datum), () -> "excerpt " + q.excerpt());
                assertFalse(q.detail().contains(p.datum), () -> "detail " + q.detail());
                assertTrue(q.field() == null || !q.field().contains(p.datum), () -> "field " + q.field());
            } else if (c instanceof Classified.Event e && p.minimized) {
                String stored = CanonicalJson.string(e.event().event())
                        + CanonicalJson.string(e.event().minimization().toJson());
                assertFalse(stored.contains(p.datum), () -> "event " + stored);
            }
        });
    }

    // ---- cases the properties found, kept as examples

    /** A repeated SD-ID was quoted in the quarantine reason; an SD-ID can hold anything, an address included. */
    @Test
    void aRepeatedSdIdIsNotQuotedInTheReason() {
        String line = "<134>1 2026-11-25T14:03:22.123Z anon-1 anonymizer 4242 task.opened [audit@32473 task_id=\"T-1\"]"
                + "[ozfycoujcs@example.net a=\"1\"][ozfycoujcs@example.net b=\"2\"] x";
        Classified.Quarantined q =
                assertInstanceOf(Classified.Quarantined.class, classify(Tries.utf8(line), SourceFormat.SYSLOG));
        assertEquals("an SD-ID appears twice", q.detail());
        assertFalse(q.excerpt().contains("ozfycoujcs"), q.excerpt());
    }

    /** A repeated SD-PARAM name of digits and dots (an IPv4 address) was quoted in the reason, and in the excerpt. */
    @Test
    void aRepeatedSdParamNameOfAnAddressIsQuotedNowhere() {
        String line = "<134>1 2026-11-25T14:03:22.123Z anon-2 anonymizer 4242 model.deployed [audit@32473"
                + " event_id=\"6ea3e22c-c0bd-452d-a509-24c71c98cd0a\" task_id=\"198.51.100.181\""
                + " 198.51.100.181=\"1\" 198.51.100.181=\"2\"] done";
        Classified.Quarantined q =
                assertInstanceOf(Classified.Quarantined.class, classify(Tries.utf8(line), SourceFormat.SYSLOG));
        assertEquals("SD-PARAM (unnamed) is empty, repeated or conflicting", q.detail());
        assertFalse(q.excerpt().contains("198.51.100.181"), q.excerpt());
    }

    /**
     * @param minimized whether the datum is sure to sit where the spec minimizes it (quarantine masks it anyway); not
     *     after a random mutation, which can merge fields
     */
    record Plant(byte[] line, SourceFormat format, String datum, boolean minimized) {
        /** A line that took a random mutation: the datum may have moved into a field the spec does not minimize. */
        Plant mutated() {
            return new Plant(line, format, datum, false);
        }
    }

    /**
     * A valid line with a datum where the spec minimizes it or quarantine must mask it (free text, unknown fields,
     * identities, the envelope's task_id, keys and, in syslog, SD names and SD-IDs), then broken in one of the ways of
     * section 3 or left whole.
     */
    private Plant plantedAndBroken(SplittableRandom r) {
        boolean syslog = r.nextBoolean();
        String datum = Planted.datum(r);
        boolean minimized = true;
        String text;
        String freeText = List.of("reason", "comment", "error").get(r.nextInt(3));
        boolean plainName = datum.length() <= 32 && !datum.contains(" ");
        if (syslog) {
            SyslogMessage m;
            try {
                m = SyslogMessage.parse(new String(pick(clean.syslog, r), StandardCharsets.UTF_8))
                        .orElseThrow();
            } catch (SyslogMessage.Malformed e) {
                throw new AssertionError(e);
            }
            SyslogMessage.Params a = m.audit().orElseThrow();
            Map<String, String> params = new LinkedHashMap<>();
            for (int i = 0; i < a.names().size(); i++) {
                params.put(a.names().get(i), a.values().get(i));
            }
            String extra = "";
            switch (r.nextInt(6)) {
                case 0 -> params.put(freeText, Planted.inFreeText(datum, r));
                case 1 -> params.put("note", datum);
                case 2 -> {
                    params.put("task_id", Planted.inFreeText(datum, r));
                    minimized = false; // task_id is no free text: only quarantine masks it
                }
                case 3 -> {
                    datum = Planted.email(r);
                    params.put("user", datum);
                }
                case 4 -> params.put(plainName ? datum : "client_ip", plainName ? "x" : datum);
                default -> {
                    if (plainName) {
                        extra = "[" + datum + " a=\"1\"][" + datum + " b=\"2\"]"; // a repeated SD-ID
                    } else {
                        params.put("plate_text", datum);
                    }
                }
            }
            String audit = syslogLine(m.hostname(), m.msgId(), params);
            if (plainName && r.nextInt(4) == 0) {
                // a repeated SD-PARAM name holding the datum, inside the audit element
                audit = audit.substring(0, audit.length() - 1) + " " + datum + "=\"1\" " + datum + "=\"2\"]";
            }
            text = audit + extra + " done";
        } else {
            Map<String, Object> raw =
                    new LinkedHashMap<>(Json.parseObject(new String(pick(clean.json, r), StandardCharsets.UTF_8)));
            switch (r.nextInt(5)) {
                case 0 -> raw.put(freeText, Planted.inFreeText(datum, r));
                case 1 -> {
                    raw.put("task_id", Planted.inFreeText(datum, r));
                    minimized = false;
                }
                case 2 -> raw.put(datum, "x"); // a key holding the datum
                case 3 -> {
                    datum = Planted.email(r);
                    raw.put("user", datum);
                }
                default -> raw.put("exif", Map.of("owner", datum));
            }
            text = CanonicalJson.string(raw);
        }
        byte[] line = text.getBytes(StandardCharsets.UTF_8);
        int at = text.indexOf(datum) + datum.length();
        byte[] broken =
                switch (r.nextInt(5)) {
                    case 0 -> Arrays.copyOf(line, at + r.nextInt(line.length - at + 1)); // cut after the datum
                    case 1 -> insert(line, at + r.nextInt(line.length - at + 1), new byte[] {(byte) 0xC0, (byte) 0xAF});
                    case 2 -> insert(line, r.nextInt(line.length + 1), new byte[] {'\\', 'q'});
                    case 3 -> line;
                    default -> null;
                };
        if (broken == null) {
            return new Plant(
                            mutateAround(text, text.indexOf(datum), at, r),
                            syslog ? SourceFormat.SYSLOG : SourceFormat.JSONL,
                            datum,
                            minimized)
                    .mutated();
        }
        return new Plant(broken, syslog ? SourceFormat.SYSLOG : SourceFormat.JSONL, datum, minimized);
    }

    /**
     * Mutates the line before or after the datum and its neighbours, never the datum itself: glued to a digit run or
     * cut in half it would no longer be the datum a person wrote.
     */
    private static byte[] mutateAround(String text, int from, int to, SplittableRandom r) {
        int a = Math.max(0, from - 2); // two: a separator may be an escape such as \t
        int b = Math.min(text.length(), to + 2);
        byte[] head = text.substring(0, a).getBytes(StandardCharsets.UTF_8);
        byte[] middle = text.substring(a, b).getBytes(StandardCharsets.UTF_8);
        byte[] tail = text.substring(b).getBytes(StandardCharsets.UTF_8);
        boolean datumInTail = text.indexOf(text.substring(from, to), to) >= 0; // a repeated SD name
        if (datumInTail || r.nextBoolean()) {
            head = Hostile.mutate(head, r);
        } else {
            tail = Hostile.mutate(tail, r);
        }
        return insert(insert(tail, 0, middle), 0, head);
    }

    private static byte[] hostileSyslog(SplittableRandom r) {
        Map<String, String> params = params(r);
        String line = syslogLine(r.nextBoolean() ? "anon-1" : "-", r.nextBoolean() ? "task.opened" : "-", params);
        return Hostile.mutate(line.getBytes(StandardCharsets.UTF_8), r);
    }

    /** SD-PARAMs with values that need RFC 5424's escapes, names dotted and not. */
    private static Map<String, String> params(SplittableRandom r) {
        Map<String, String> params = new LinkedHashMap<>();
        for (int n = r.nextInt(8); n > 0; n--) {
            String name = List.of("event_id", "task_id", "user", "model.id", "config.blur_method", "a_b", "x.y.z")
                    .get(r.nextInt(7));
            StringBuilder value = new StringBuilder();
            for (int k = r.nextInt(12); k > 0; k--) {
                value.append(List.of("\"", "\\", "]", "[", "=", " ", "a", "é", "\uD83D\uDE00", "\\\"", "\t")
                        .get(r.nextInt(11)));
            }
            params.put(name, value.toString());
        }
        return params;
    }

    /** An RFC 5424 line with the audit SD element; values escaped as the RFC says. */
    static String syslogLine(String host, String msgId, Map<String, String> params) {
        StringBuilder sd = new StringBuilder("[audit@32473");
        params.forEach((name, value) -> sd.append(' ')
                .append(name)
                .append("=\"")
                .append(value.replace("\\", "\\\\").replace("\"", "\\\"").replace("]", "\\]"))
                .append('"'));
        return "<134>1 2026-11-25T14:03:22.123Z " + (host == null ? "-" : host) + " anonymizer 4242 "
                + (msgId == null ? "-" : msgId) + " " + sd + "]";
    }

    private static byte[] pick(List<byte[]> lines, SplittableRandom r) {
        return lines.get(r.nextInt(lines.size()));
    }

    private static byte[] insert(byte[] in, int at, byte[] add) {
        byte[] out = new byte[in.length + add.length];
        System.arraycopy(in, 0, out, 0, at);
        System.arraycopy(add, 0, out, at, add.length);
        System.arraycopy(in, at, out, at + add.length, in.length - at);
        return out;
    }

    private static boolean startsWithBrace(byte[] line) {
        String text = new String(line, StandardCharsets.UTF_8);
        int i = 0;
        while (i < text.length() && (text.charAt(i) == ' ' || text.charAt(i) == '\t' || text.charAt(i) == '\uFEFF')) {
            i++;
        }
        return i < text.length() && text.charAt(i) == '{';
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
