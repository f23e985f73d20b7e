package org.vellum.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.vellum.canonical.CanonicalJson;
import org.vellum.canonical.Json;
import org.vellum.event.EventNormalizer;
import org.vellum.event.HmacPseudonymizer;
import org.vellum.event.Normalization;
import org.vellum.event.NormalizedEvent;
import org.vellum.event.SampleEvents;

class EntryBodyTest {
    private final EventNormalizer normalizer = new EventNormalizer(new HmacPseudonymizer(new byte[32]));

    @Test
    void assembledBytesAreTheCanonicalFormOfTheBody() {
        Instant receivedAt = Instant.parse("2026-11-25T14:03:22.123456Z");
        for (String sample : SampleEvents.everyType()) {
            NormalizedEvent event =
                    ((Normalization.Accepted) normalizer.normalize(Json.parseObject(sample), Optional.empty())).event();
            for (List<String> flags :
                    List.of(List.<String>of(), List.of(EntryBody.FLAG_SKEW_AHEAD, EntryBody.FLAG_SKEW_BEHIND))) {
                for (Origin origin : Arrays.asList(null, new Origin("spool-1", "ab".repeat(32), 42))) {
                    String expected = CanonicalJson.string(EntryBody.of(event, receivedAt, flags, origin));
                    assertEquals(
                            expected,
                            new String(EntryBody.canonical(event, receivedAt, flags, origin), StandardCharsets.UTF_8));
                    // ...and reading it back and canonicalizing again changes nothing.
                    assertEquals(expected, CanonicalJson.string(Json.parse(expected)));
                }
            }
        }
    }
}
