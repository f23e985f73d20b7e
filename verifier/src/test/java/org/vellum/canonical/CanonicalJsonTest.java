package org.vellum.canonical;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CanonicalJsonTest {

    /** Every number in numbers.tsv was printed by Node.js, an independent ECMAScript implementation. */
    @Test
    void numbersMatchEcmaScriptOnThousandsOfDoubles() throws IOException {
        List<String> mismatches = new ArrayList<>();
        int checked = 0;
        try (BufferedReader in = new BufferedReader(
                new InputStreamReader(getClass().getResourceAsStream("/jcs/numbers.tsv"), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.startsWith("#")) {
                    continue;
                }
                String[] cols = line.split("\t");
                double d = Double.longBitsToDouble(Long.parseUnsignedLong(cols[0], 16));
                String ours = CanonicalJson.number(d);
                if (!ours.equals(cols[1])) {
                    mismatches.add(cols[0] + ": expected " + cols[1] + " got " + ours);
                }
                checked++;
            }
        }
        assertEquals(List.of(), mismatches);
        assertEquals(4024, checked);
    }

    @Test
    void rfc8785SampleCanonicalizes() {
        String input = "{\n  \"numbers\": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],\n"
                + "  \"string\": \"\\u20ac$\\u000F\\u000aA'\\u0042\\u0022\\u005c\\\\\\\"\\/\",\n"
                + "  \"literals\": [null, true, false]\n}";
        String expected = "{\"literals\":[null,true,false],\"numbers\":[333333333.3333333,1e+30,4.5,0.002,1e-27],"
                + "\"string\":\"\u20ac$\\u000f\\nA'B\\\"\\\\\\\\\\\"/\"}";
        assertEquals(expected, CanonicalJson.string(Json.parse(input)));
    }

    @Test
    void membersSortByUtf16CodeUnits() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("\u20ac", 1L);
        map.put("\r", 2L);
        map.put("\ud83d\ude00", 3L);
        map.put("1", 4L);
        map.put("\u0080", 5L);
        map.put("\u00f6", 6L);
        // U+1F600 is the surrogate pair D83D DE00, which sorts after U+20AC (RFC 8785 section 3.2.3).
        assertEquals(
                "{\"\\r\":2,\"1\":4,\"\u0080\":5,\"\u00f6\":6,\"\u20ac\":1,\"\ud83d\ude00\":3}",
                CanonicalJson.string(map));
    }

    @Test
    void integersAndDecimalsFromParsedInput() {
        assertEquals(
                "[1,0.45,-0,1e+21,100]".replace("-0", "0"),
                CanonicalJson.string(Json.parse("[1.0,0.450,-0.0,1e21,1E2]")));
        assertEquals("9007199254740992", CanonicalJson.string(1L << 53));
        assertEquals("0.45", CanonicalJson.string(new BigDecimal("0.45")));
    }

    @Test
    void nonFiniteNumbersHaveNoForm() {
        assertThrows(JsonException.class, () -> CanonicalJson.number(Double.NaN));
        assertThrows(JsonException.class, () -> CanonicalJson.number(Double.POSITIVE_INFINITY));
        assertThrows(JsonException.class, () -> CanonicalJson.string(Json.parse("1e400")));
    }
}
