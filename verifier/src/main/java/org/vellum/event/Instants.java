package org.vellum.event;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * The one text form of an instant in Vellum: UTC, {@code YYYY-MM-DDTHH:MM:SS.fffZ} with 3, 6 or 9 fraction digits,
 * the fewest that hold the value exactly.
 */
public final class Instants {
    private static final Instant MIN = Instant.parse("0000-01-01T00:00:00Z");
    private static final Instant MAX = Instant.parse("9999-12-31T23:59:59.999999999Z");

    private Instants() {}

    public static String format(Instant instant) {
        if (instant.isBefore(MIN) || instant.isAfter(MAX)) {
            throw new IllegalArgumentException("instant outside years 0000-9999");
        }
        // Written by hand: this runs several times per event, and DateTimeFormatter costs microseconds.
        LocalDateTime t = LocalDateTime.ofEpochSecond(instant.getEpochSecond(), 0, ZoneOffset.UTC);
        char[] out = new char[30];
        digits(out, 0, t.getYear(), 4);
        out[4] = '-';
        digits(out, 5, t.getMonthValue(), 2);
        out[7] = '-';
        digits(out, 8, t.getDayOfMonth(), 2);
        out[10] = 'T';
        digits(out, 11, t.getHour(), 2);
        out[13] = ':';
        digits(out, 14, t.getMinute(), 2);
        out[16] = ':';
        digits(out, 17, t.getSecond(), 2);
        out[19] = '.';
        int nanos = instant.getNano();
        int length = nanos % 1_000_000 == 0 ? 3 : nanos % 1_000 == 0 ? 6 : 9;
        digits(out, 20, nanos / POWERS[9 - length], length);
        out[20 + length] = 'Z';
        return new String(out, 0, 21 + length);
    }

    /**
     * The form nearly every producer line uses, {@code YYYY-MM-DDTHH:MM:SS[.fraction](Z|+HH:MM|-HH:MM)}, read without
     * DateTimeFormatter; null for anything else, which then takes the general path.
     */
    private static Instant parseCommonForm(String s) {
        int n = s.length();
        if (n < 20
                || s.charAt(4) != '-'
                || s.charAt(7) != '-'
                || s.charAt(10) != 'T'
                || s.charAt(13) != ':'
                || s.charAt(16) != ':') {
            return null;
        }
        int pos = 19;
        int nanos = 0;
        if (s.charAt(pos) == '.') {
            int start = ++pos;
            while (pos < n && Character.isDigit(s.charAt(pos))) {
                pos++;
            }
            int count = pos - start;
            if (count == 0 || count > 9) {
                return null;
            }
            nanos = number(s, start, count) * POWERS[9 - count];
        }
        int offsetSeconds;
        if (pos == n - 1 && s.charAt(pos) == 'Z') {
            offsetSeconds = 0;
        } else if (pos == n - 6 && (s.charAt(pos) == '+' || s.charAt(pos) == '-') && s.charAt(pos + 3) == ':') {
            int hours = number(s, pos + 1, 2);
            int minutes = number(s, pos + 4, 2);
            if (hours < 0 || minutes < 0 || hours > 18 || minutes > 59) {
                return null;
            }
            offsetSeconds = (s.charAt(pos) == '-' ? -1 : 1) * (hours * 3600 + minutes * 60);
        } else {
            return null;
        }
        int year = number(s, 0, 4);
        int month = number(s, 5, 2);
        int day = number(s, 8, 2);
        int hour = number(s, 11, 2);
        int minute = number(s, 14, 2);
        int second = number(s, 17, 2);
        if (year < 0 || month < 0 || day < 0 || hour < 0 || minute < 0 || second < 0) {
            return null;
        }
        try {
            return LocalDateTime.of(year, month, day, hour, minute, second, nanos)
                    .toInstant(ZoneOffset.ofTotalSeconds(offsetSeconds));
        } catch (DateTimeException e) {
            return null;
        }
    }

    /** The decimal number in {@code s[at, at + count)}, or -1 if a character is no digit. */
    private static int number(String s, int at, int count) {
        int value = 0;
        for (int i = at; i < at + count; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    private static final int[] POWERS = {
        1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000, 1_000_000_000
    };

    private static void digits(char[] out, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            out[i] = (char) ('0' + value % 10);
            value /= 10;
        }
    }

    /** Parses the form {@link #format} writes (and any ISO-8601 instant with {@code Z}). */
    public static Instant parse(String text) {
        Instant fast = parseCommonForm(text);
        return fast != null ? fast : Instant.parse(text);
    }

    /**
     * Reads a producer timestamp: ISO-8601 with an offset or {@code Z}; without one only if the source declares a zone.
     *
     * @return the instant, or empty if the text is a valid local date-time but no zone was declared
     * @throws DateTimeParseException if the text is no ISO-8601 date-time at all
     */
    static Optional<Instant> parseProducerTime(String text, Optional<ZoneId> sourceZone) {
        Instant fast = parseCommonForm(text);
        if (fast != null) {
            return Optional.of(fast);
        }
        try {
            return Optional.of(OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME)
                    .toInstant());
        } catch (DateTimeParseException withoutOffset) {
            LocalDateTime local = LocalDateTime.parse(text, DateTimeFormatter.ISO_LOCAL_DATE_TIME);
            return sourceZone.map(zone -> local.atZone(zone).toInstant());
        }
    }
}
