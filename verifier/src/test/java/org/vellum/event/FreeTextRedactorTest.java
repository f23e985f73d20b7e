package org.vellum.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FreeTextRedactorTest {

    private static String redact(String text, Map<String, Integer> expectedCounts) {
        MinimizationReport.Builder report = new MinimizationReport.Builder();
        String result = FreeTextRedactor.redact(text, report);
        assertEquals(expectedCounts, report.build().redacted());
        return result;
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "contact jan.nowak@example.com today | contact [redacted] today | email",
                "from 192.168.10.254. | from [redacted]. | ipv4",
                "via fe80::1ff:fe23:4567:890a now | via [redacted] now | ipv6",
                "loopback ::1 | loopback [redacted] | ipv6",
                "mapped ::ffff:192.0.2.128 here | mapped [redacted] here | ipv6",
                "full 2001:0db8:85a3:0000:0000:8a2e:0370:7334 | full [redacted] | ipv6",
                // found by EventNormalizerFuzzTest: a colon after the address hid it from the pattern (policy 3)
                "2001:db8:5ccf:ffc3:86a6:8e7e:d958:26a7: for asked | [redacted]: for asked | ipv6",
                "from 2001:db8::8a2e:7334: please check | from [redacted]: please check | ipv6",
                "ends with fe80::1: | ends with [redacted]: | ipv6",
                "Polish WX 4711K plate | Polish [redacted] plate | plate",
                "German B-AB 1234 plate | German [redacted] plate | plate",
                "French AB-123-CD plate | French [redacted] plate | plate",
                "British AB12 CDE plate | British [redacted] plate | plate",
            })
    void redactsEachKind(String text, String expected, String kind) {
        assertEquals(expected, redact(text, Map.of(kind, 1)));
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "task T-000187 failed at 14:03:22.123",
                "model 4.2.1 on node anon-2",
                "timeout after 3000 ms",
                "file F-55120 sha abcdef0123",
                "version 1.2.3.4567",
                "999.1.1.1 is no address",
                "started 14:03:22: done",
                "ratio 1:2:3: fine",
            })
    void leavesOrdinaryTextAlone(String text) {
        assertEquals(text, redact(text, Map.of()));
    }

    @Test
    void countsEveryOccurrenceAndDoesNotCountAnEmailsDomainAsAddress() {
        String out = redact(
                "a@b.io and c@d.io asked from 10.0.0.1 and 10.0.0.2 about WX 12345",
                Map.of("email", 2, "ipv4", 2, "plate", 1));
        assertEquals("[redacted] and [redacted] asked from [redacted] and [redacted] about [redacted]", out);
    }

    @Test
    void validatesAddressCandidates() {
        assertTrue(FreeTextRedactor.isIpv6("2001:db8::1"));
        assertFalse(FreeTextRedactor.isIpv6("14:03:22"));
        assertFalse(FreeTextRedactor.isIpv6("1::2::3"));
        assertTrue(FreeTextRedactor.isIpv4("255.255.255.255"));
        assertFalse(FreeTextRedactor.isIpv4("256.1.1.1"));
    }
}
