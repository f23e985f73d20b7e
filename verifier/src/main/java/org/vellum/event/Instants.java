package org.vellum.event;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * The one text form of an instant in Vellum: UTC, {@code YYYY-MM-DDTHH:MM:SS.fffZ} with 3, 6 or 9 fraction digits,
 * the fewest that hold the value exactly.
 */
public final class Instants {
    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss");
    private static final Instant MIN = Instant.parse("0000-01-01T00:00:00Z");
    private static final Instant MAX = Instant.parse("9999-12-31T23:59:59.999999999Z");

    private Instants() {}

    public static String format(Instant instant) {
        if (instant.isBefore(MIN) || instant.isAfter(MAX)) {
            throw new IllegalArgumentException("instant outside years 0000-9999");
        }
        StringBuilder out = new StringBuilder(30);
        out.append(SECONDS.format(instant.truncatedTo(ChronoUnit.SECONDS).atOffset(ZoneOffset.UTC)));
        int nanos = instant.getNano();
        String fraction = String.format("%09d", nanos);
        if (nanos % 1_000_000 == 0) {
            fraction = fraction.substring(0, 3);
        } else if (nanos % 1_000 == 0) {
            fraction = fraction.substring(0, 6);
        }
        return out.append('.').append(fraction).append('Z').toString();
    }

    /** Parses the form {@link #format} writes (and any ISO-8601 instant with {@code Z}). */
    public static Instant parse(String text) {
        return Instant.parse(text);
    }

    /**
     * Reads a producer timestamp: ISO-8601 with an offset or {@code Z}; without one only if the source declares a zone.
     *
     * @return the instant, or empty if the text is a valid local date-time but no zone was declared
     * @throws DateTimeParseException if the text is no ISO-8601 date-time at all
     */
    static Optional<Instant> parseProducerTime(String text, Optional<ZoneId> sourceZone) {
        try {
            return Optional.of(OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME)
                    .toInstant());
        } catch (DateTimeParseException withoutOffset) {
            LocalDateTime local = LocalDateTime.parse(text, DateTimeFormatter.ISO_LOCAL_DATE_TIME);
            return sourceZone.map(zone -> local.atZone(zone).toInstant());
        }
    }
}
