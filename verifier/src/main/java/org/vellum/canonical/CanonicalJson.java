package org.vellum.canonical;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

/**
 * RFC 8785 (JSON Canonicalization Scheme) serialization: members sorted by their UTF-16 code units, no insignificant
 * whitespace, strings with the minimal escaping, numbers in the ECMAScript shortest round-trip form.
 *
 * <p>Accepts the values {@link Json} produces, plus {@link Long}, {@link Integer} and {@link Double} numbers.
 */
public final class CanonicalJson {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private CanonicalJson() {}

    /** The canonical UTF-8 bytes of a value. */
    public static byte[] bytes(Object value) {
        return string(value).getBytes(StandardCharsets.UTF_8);
    }

    /** The canonical text of a value. */
    public static String string(Object value) {
        StringBuilder out = new StringBuilder(256);
        write(value, out);
        return out.toString();
    }

    /** Appends the canonical text of a value. */
    public static void write(Object value, StringBuilder out) {
        if (value == null || value instanceof JsonNull) {
            out.append("null");
        } else if (value instanceof String s) {
            writeString(s, out);
        } else if (value instanceof Boolean b) {
            out.append(b ? "true" : "false");
        } else if (value instanceof Map<?, ?> map) {
            writeObject(map, out);
        } else if (value instanceof List<?> list) {
            out.append('[');
            for (int i = 0; i < list.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                write(list.get(i), out);
            }
            out.append(']');
        } else if (value instanceof Long || value instanceof Integer) {
            long l = ((Number) value).longValue();
            if (Math.abs(l) > (1L << 53)) {
                out.append(number((double) l));
            } else {
                out.append(l);
            }
        } else if (value instanceof BigDecimal d) {
            out.append(number(d.doubleValue()));
        } else if (value instanceof Double d) {
            out.append(number(d));
        } else {
            throw new IllegalArgumentException(
                    "not a JSON value: " + value.getClass().getName());
        }
    }

    private static void writeObject(Map<?, ?> map, StringBuilder out) {
        List<String> names = new ArrayList<>(map.size());
        for (Object key : map.keySet()) {
            names.add((String) key);
        }
        // String.compareTo compares UTF-16 code units, which is exactly the order RFC 8785 section 3.2.3 asks for;
        // a naturally ordered SortedMap is in that order already.
        if (!(map instanceof SortedMap<?, ?> sorted) || sorted.comparator() != null) {
            names.sort(null);
        }
        out.append('{');
        boolean first = true;
        for (String name : names) {
            if (!first) {
                out.append(',');
            }
            first = false;
            writeString(name, out);
            out.append(':');
            write(map.get(name), out);
        }
        out.append('}');
    }

    /** Appends a string literal with the escaping of RFC 8785 section 3.2.2.2. */
    public static void writeString(String s, StringBuilder out) {
        out.append('"');
        int start = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c != '"' && c != '\\') {
                continue;
            }
            out.append(s, start, i);
            start = i + 1;
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> out.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xF]);
            }
        }
        out.append(s, start, s.length());
        out.append('"');
    }

    /**
     * The ECMAScript {@code Number.prototype.toString} form of a double (ECMA-262, Number::toString), which RFC 8785
     * requires. Java 17's {@code Double.toString} is not always the shortest round-trip form, so the digits are found
     * here: the fewest significant digits that read back as the same double, the closest such candidate if two do.
     */
    public static String number(double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            throw new JsonException("NaN and Infinity have no JSON form");
        }
        if (value == 0) {
            return "0";
        }
        StringBuilder out = new StringBuilder(24);
        if (value < 0) {
            out.append('-');
            value = -value;
        }
        BigDecimal shortest = shortestDigits(value);
        String digits = shortest.unscaledValue().toString();
        int k = digits.length();
        // value = 0.d1d2...dk * 10^n
        int n = k - shortest.scale();
        if (k <= n && n <= 21) {
            out.append(digits);
            out.append("0".repeat(n - k));
        } else if (0 < n && n <= 21) {
            out.append(digits, 0, n).append('.').append(digits, n, k);
        } else if (-6 < n && n <= 0) {
            out.append("0.").append("0".repeat(-n)).append(digits);
        } else {
            int exponent = n - 1;
            out.append(digits.charAt(0));
            if (k > 1) {
                out.append('.').append(digits, 1, k);
            }
            out.append('e').append(exponent >= 0 ? '+' : '-').append(Math.abs(exponent));
        }
        return out.toString();
    }

    private static BigDecimal shortestDigits(double value) {
        BigDecimal exact = new BigDecimal(value);
        for (int precision = 1; precision <= 17; precision++) {
            BigDecimal down = exact.round(new MathContext(precision, RoundingMode.FLOOR));
            BigDecimal up = exact.round(new MathContext(precision, RoundingMode.CEILING));
            boolean downOk = down.doubleValue() == value;
            boolean upOk = up.doubleValue() == value;
            if (downOk && upOk) {
                int cmp = exact.subtract(down).compareTo(up.subtract(exact));
                BigDecimal pick = cmp < 0 ? down : cmp > 0 ? up : evenOf(down, up);
                return pick.stripTrailingZeros();
            }
            if (downOk) {
                return down.stripTrailingZeros();
            }
            if (upOk) {
                return up.stripTrailingZeros();
            }
        }
        return exact.round(MathContext.DECIMAL64).stripTrailingZeros();
    }

    private static BigDecimal evenOf(BigDecimal a, BigDecimal b) {
        return a.unscaledValue().testBit(0) ? b : a;
    }
}
