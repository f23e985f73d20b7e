package org.vellum.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class InstantsTest {

    @ParameterizedTest
    @CsvSource({
        "2026-11-25T14:03:22Z, 2026-11-25T14:03:22.000Z",
        "2026-11-25T14:03:22.1Z, 2026-11-25T14:03:22.100Z",
        "2026-11-25T14:03:22.123456Z, 2026-11-25T14:03:22.123456Z",
        "2026-11-25T14:03:22.1234567Z, 2026-11-25T14:03:22.123456700Z",
        "2026-11-25T15:03:22.5+01:00, 2026-11-25T14:03:22.500Z",
        "2026-11-25T09:33:22-04:30, 2026-11-25T14:03:22.000Z",
        "0001-01-01T00:00:00Z, 0001-01-01T00:00:00.000Z",
    })
    void producerTimesNormalizeToUtc(String input, String expected) {
        assertEquals(
                expected,
                Instants.format(
                        Instants.parseProducerTime(input, Optional.empty()).orElseThrow()));
    }

    @Test
    void theFastPathAgreesWithJavaTimeOnRandomInstants() {
        Random random = new Random(7);
        for (int i = 0; i < 10_000; i++) {
            Instant instant = Instant.ofEpochSecond(random.nextInt(2_000_000_000), random.nextInt(1_000_000_000));
            String text = instant.atOffset(ZoneOffset.ofHours(random.nextInt(25) - 12))
                    .toString();
            assertEquals(
                    instant, Instants.parseProducerTime(text, Optional.empty()).orElseThrow(), text);
            assertEquals(OffsetDateTime.parse(Instants.format(instant)).toInstant(), instant);
        }
    }

    @Test
    void localTimesNeedAZoneAndNonsenseFails() {
        assertEquals(Optional.empty(), Instants.parseProducerTime("2026-11-25T14:03:22.123", Optional.empty()));
        assertEquals(
                Instant.parse("2026-11-25T13:03:22.123Z"),
                Instants.parseProducerTime("2026-11-25T14:03:22.123", Optional.of(ZoneId.of("Europe/Berlin")))
                        .orElseThrow());
        assertThrows(
                RuntimeException.class, () -> Instants.parseProducerTime("2026-13-45T99:99:99Z", Optional.empty()));
        assertThrows(RuntimeException.class, () -> Instants.parseProducerTime("yesterday", Optional.empty()));
    }
}
