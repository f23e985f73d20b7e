package org.vellum.collect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class QuarantineExcerptTest {
    @Test
    void keepsTheEnvelopeAndMasksEverythingElse() {
        String line = "{\"ts\":\"2026-11-25T14:03:22.123Z\",\"type\":\"task.created\",\"event_id\":\"0b6c\","
                + "\"user\":\"anna.kowalska@example.com\",\"exif\":{\"gps_lat\":52.22977731},\"plate_text\":\"WX 4711K\","
                + "\"anna_kowalska_wedding.mp4\":1,\"task_id\":\"T-1 by jan@example.org\",\"trunc";
        String excerpt = QuarantineExcerpt.of(line.getBytes(StandardCharsets.UTF_8), SourceFormat.JSONL);
        assertTrue(excerpt.contains("\"ts\":\"2026-11-25T14:03:22.123Z\""), excerpt);
        assertTrue(excerpt.contains("\"type\":\"task.created\""), excerpt);
        assertTrue(excerpt.contains("\"task_id\":\"T-1 by [redacted]\""), excerpt);
        assertTrue(excerpt.contains("\"user\":\"[removed]\""), excerpt);
        for (String personal : new String[] {"anna", "52.22977731", "WX 4711K", "jan@"}) {
            assertFalse(excerpt.contains(personal), personal + " in " + excerpt);
        }
    }

    @Test
    void syslogKeepsTheHeaderAndDropsTheMessage() {
        String line = "<134>1 2026-11-25T14:03:22.123Z anon-2 anonymizer 4242 task.opened [audit@32473"
                + " event_id=\"0b6c\" user=\"anna.kowalska@example.com\"] opened by anna";
        String excerpt = QuarantineExcerpt.of(line.getBytes(StandardCharsets.UTF_8), SourceFormat.SYSLOG);
        assertTrue(excerpt.startsWith("<134>1 2026-11-25T14:03:22.123Z anon-2 anonymizer 4242 task.opened ["), excerpt);
        assertTrue(excerpt.contains("event_id=\"0b6c\""), excerpt);
        assertFalse(excerpt.contains("anna"), excerpt);
    }

    /** Found by LineClassifierFuzzTest: digits and dots under a kept name were shown as they were, an IPv4 too. */
    @Test
    void anUnquotedAddressUnderAKeptNameIsRedacted() {
        String json = "{\"ts\":\"2026-11-25T14:03:22.123Z\",\"task_id\":203.0.113.7,\"user\":1}";
        String excerpt = QuarantineExcerpt.of(json.getBytes(StandardCharsets.UTF_8), SourceFormat.JSONL);
        assertTrue(excerpt.contains("\"task_id\":[redacted],"), excerpt);
        assertFalse(excerpt.contains("203.0.113.7"), excerpt);
        assertTrue(excerpt.contains("\"ts\":\"2026-11-25T14:03:22.123Z\""), "a kept timestamp stays: " + excerpt);
    }

    /** Found by LineClassifierFuzzTest: in "\t2001:db8::1" the escape's letter hid the address from the redactor. */
    @Test
    void anAddressAfterAnEscapeInAKeptValueIsRedacted() {
        String json = "{\"task_id\":\"task for \\t2001:db8::8302:9c6d\\nvia \\u0041WX 4711K\"}";
        String excerpt = QuarantineExcerpt.of(json.getBytes(StandardCharsets.UTF_8), SourceFormat.JSONL);
        assertEquals("{\"task_id\":\"task for  [redacted] via  [redacted]\"}", excerpt);
    }

    @Test
    void isBounded() {
        String excerpt = QuarantineExcerpt.of(
                ("{\"ts\":\"" + "9".repeat(100_000)).getBytes(StandardCharsets.UTF_8), SourceFormat.JSONL);
        assertTrue(excerpt.length() <= QuarantineExcerpt.MAX_CHARS, String.valueOf(excerpt.length()));
        assertEquals('…', excerpt.charAt(excerpt.length() - 1));
    }
}
