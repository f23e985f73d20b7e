package org.vellum.canonical;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.vellum.fuzz.Gen;
import org.vellum.fuzz.Hostile;
import org.vellum.fuzz.Tries;

/** The strict parser under hostile text: a value or a {@link JsonException}, at once, and nothing else. */
class JsonFuzzTest {
    private static final Gen<String> ANY = Gen.oneOf(Hostile.text(), Hostile.json(), Hostile.json());

    @Test
    void everyTextParsesOrIsRefusedWithAPlaceNotAValue() {
        Tries.of(1500).forAllText(ANY, text -> {
            try {
                Json.parse(text);
            } catch (JsonException e) {
                // the message names what and where, never the input: "<what> at offset <n>"
                assertTrue(e.getMessage().matches("[a-z0-9 ,'()\\\\{}\\[\\]:^-]+ at offset \\d+"), e.getMessage());
            }
        });
    }

    @Test
    void theCanonicalFormOfAParsedValueReadsBackToItself() {
        Tries.of(1500).forAllText(ANY, text -> {
            Object value;
            try {
                value = Json.parse(text);
            } catch (JsonException refused) {
                return;
            }
            String canonical;
            try {
                canonical = CanonicalJson.string(value);
            } catch (JsonException noJsonForm) {
                assertTrue(noJsonForm.getMessage().contains("NaN and Infinity"), noJsonForm.getMessage());
                return;
            }
            assertEquals(canonical, CanonicalJson.string(Json.parse(canonical)));
        });
    }

    /** Found by the properties above: BigDecimal reads a long digit run in quadratic time (about 25 s a MiB). */
    @Test
    void aNumberOfAMillionDigitsIsRefusedAtOnce() {
        String line = "{\"duration_ms\":" + "7".repeat(1 << 20) + "}";
        JsonException e = assertTimeoutPreemptively(
                Duration.ofSeconds(5), () -> assertThrows(JsonException.class, () -> Json.parse(line)));
        assertTrue(e.getMessage().startsWith("number longer than 1000 characters"), e.getMessage());
    }

    @Test
    void numbersUpToTheLimitStillParse() {
        String digits = "1" + "0".repeat(Json.MAX_NUMBER_LENGTH - 1);
        assertEquals(Json.MAX_NUMBER_LENGTH, ((java.math.BigDecimal) Json.parse(digits)).precision());
        assertThrows(JsonException.class, () -> Json.parse(digits + "0"));
        assertThrows(JsonException.class, () -> Json.parse("-" + digits));
    }
}
