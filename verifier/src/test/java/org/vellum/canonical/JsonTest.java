package org.vellum.canonical;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonTest {

    @Test
    void parsesEveryKindOfValue() {
        Map<String, Object> o = Json.parseObject(
                "{\"s\":\"a\\u00e9\\n\",\"n\":-1.5e2,\"t\":true,\"f\":false,\"z\":null,\"a\":[1,{}],\"o\":{\"k\":\"v\"}}");
        assertEquals("a\u00e9\n", o.get("s"));
        assertEquals(new BigDecimal("-1.5e2"), o.get("n"));
        assertEquals(Boolean.TRUE, o.get("t"));
        assertEquals(Boolean.FALSE, o.get("f"));
        assertEquals(JsonNull.INSTANCE, o.get("z"));
        assertEquals(List.of(new BigDecimal("1"), Map.of()), o.get("a"));
        assertEquals(Map.of("k", "v"), o.get("o"));
        assertEquals(List.of("s", "n", "t", "f", "z", "a", "o"), List.copyOf(o.keySet()));
    }

    @Test
    void surrogatePairsAreKept() {
        assertEquals("\ud83d\ude00", Json.parse("\"\\ud83d\\ude00\""));
        assertEquals("\ud83d\ude00", Json.parse("\"\ud83d\ude00\""));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "{",
                "{\"a\":1",
                "{\"a\":1,}",
                "[1,]",
                "{\"a\":1}x",
                "{\"a\":1,\"a\":2}",
                "{'a':1}",
                "01",
                "1.",
                "-",
                "+1",
                ".5",
                "1e",
                "\"\\ud800\"",
                "\"\\udc00x\"",
                "\"tab\there\"",
                "\"\\x\"",
                "\"\\u12\"",
                "tru",
                "nul",
                "NaN",
                "{\"truncated\":\"at rotat"
            })
    void rejectsWhatIsNotStrictJson(String text) {
        assertThrows(JsonException.class, () -> Json.parse(text));
    }

    @Test
    void limitsNesting() {
        String deep = "[".repeat(Json.MAX_DEPTH + 2) + "]".repeat(Json.MAX_DEPTH + 2);
        assertThrows(JsonException.class, () -> Json.parse(deep));
        String fine = "[".repeat(Json.MAX_DEPTH) + "]".repeat(Json.MAX_DEPTH);
        assertInstanceOf(List.class, Json.parse(fine));
    }

    @Test
    void errorsSayWhereButNotWhat() {
        JsonException e = assertThrows(JsonException.class, () -> Json.parse("{\"plate_text\":\"WX 4711K\" x}"));
        assertEquals("expected ',' or '}' at offset 26", e.getMessage());
    }
}
