package org.vellum.fuzz;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;
import org.vellum.event.EventType;

/**
 * Inputs a parser must survive: arbitrary bytes and text (invalid UTF-8, NULs, BOMs, CR/LF mixes, lone surrogates),
 * JSON-shaped text with huge numbers, deep nesting and wrong field types, and mutations of valid lines (flipped,
 * inserted and deleted bytes, truncation).
 */
public final class Hostile {
    /** Bytes that matter to the parsers: JSON and syslog syntax, line ends, a BOM's bytes, NUL, bad UTF-8 leads. */
    private static final byte[] SPECIAL = bytesOf(
            "{}[]\":,\\ \t\r\n0123456789-+.eE<>=@_/tfnu",
            0x00,
            0xEF,
            0xBB,
            0xBF,
            0xC0,
            0xC3,
            0x80,
            0xBF,
            0xED,
            0xA0,
            0xF0,
            0xF4,
            0xFF,
            0x7F);

    /** Pieces of text that matter to the parsers, escapes and non-BMP characters included. */
    private static final List<String> PIECES = List.of(
            "{",
            "}",
            "[",
            "]",
            "\"",
            ":",
            ",",
            "\\",
            " ",
            "\t",
            "\r",
            "\n",
            "\r\n",
            "\u0000",
            "\uFEFF",
            "\u2028",
            "\uD800",
            "\uDC00",
            "\uD83D\uDE00",
            "é",
            "ß",
            "\u0085",
            "0",
            "1",
            "9",
            "-",
            ".",
            "e",
            "E",
            "+",
            "@",
            "a",
            "z",
            "A",
            "Z",
            "_",
            "true",
            "false",
            "null",
            "\\u0000",
            "\\uD800",
            "\\uDC00\\uD800",
            "\\\"",
            "\\/",
            "\\x",
            "1e999999999",
            "-0",
            "0.000001",
            "ts",
            "type",
            "event_id",
            "node",
            "audit@32473",
            "<134>1 ",
            "] ",
            "=\"");

    /** Field names of the producer spec, the dirty ones included, so that JSON shapes reach the normalizer's rules. */
    private static final List<String> NAMES = List.of(
            "ts",
            "type",
            "event_id",
            "node",
            "task_id",
            "user",
            "file_id",
            "operation",
            "model",
            "id",
            "version",
            "deployed_at",
            "config",
            "blur_method",
            "confidence_threshold",
            "outcome",
            "input_sha256",
            "output_sha256",
            "duration_ms",
            "detections_count",
            "error",
            "scope",
            "regions_added",
            "regions_removed",
            "frames",
            "reason",
            "comment",
            "format",
            "recipient",
            "channel",
            "admin",
            "subject",
            "role_before",
            "role_after",
            "key",
            "value_before",
            "value_after",
            "detections",
            "plate_text",
            "face_embedding",
            "thumbnail",
            "exif",
            "original_filename",
            "client_ip",
            "source_channel",
            "seal_number");

    private static final List<String> TYPES = typeNames();

    private Hostile() {}

    /** A length: mostly short, sometimes long, now and then tens of kilobytes. */
    public static int length(SplittableRandom r) {
        double p = r.nextDouble();
        if (p < 0.6) {
            return r.nextInt(40);
        }
        if (p < 0.85) {
            return r.nextInt(400);
        }
        if (p < 0.98) {
            return r.nextInt(5000);
        }
        return r.nextInt(70_000);
    }

    public static Gen<byte[]> bytes() {
        return r -> {
            byte[] out = new byte[length(r)];
            for (int i = 0; i < out.length; i++) {
                out[i] = anyByte(r);
            }
            return out;
        };
    }

    public static Gen<String> text() {
        return r -> {
            int n = length(r);
            StringBuilder out = new StringBuilder();
            while (out.length() < n) {
                out.append(r.nextInt(4) == 0 ? String.valueOf((char) r.nextInt(0x10000)) : piece(r));
            }
            return out.toString();
        };
    }

    /** JSON-shaped text: mostly well-formed, often an event envelope with wrong or hostile values, sometimes broken. */
    public static Gen<String> json() {
        return r -> {
            StringBuilder out = new StringBuilder();
            switch (r.nextInt(10)) {
                case 0 -> nest(out, r);
                case 1 -> value(out, r, 0);
                default -> event(out, r);
            }
            if (r.nextInt(5) == 0) {
                byte[] broken = mutate(out.toString().getBytes(StandardCharsets.UTF_8), r);
                return new String(broken, StandardCharsets.UTF_8);
            }
            return out.toString();
        };
    }

    /** Lines drawn from the valid ones and mutated. */
    public static Gen<byte[]> mutated(List<byte[]> valid) {
        return r -> mutate(valid.get(r.nextInt(valid.size())), r);
    }

    /** One to four mutations of a line. */
    public static byte[] mutate(byte[] line, SplittableRandom r) {
        byte[] out = line;
        for (int k = 1 + r.nextInt(4); k > 0; k--) {
            out = mutateOnce(out, r);
        }
        return out;
    }

    private static byte[] mutateOnce(byte[] in, SplittableRandom r) {
        if (in.length == 0) {
            return insert(in, 0, new byte[] {anyByte(r)});
        }
        int at = r.nextInt(in.length);
        switch (r.nextInt(12)) {
            case 0: {
                byte[] out = in.clone();
                out[at] ^= (byte) (1 << r.nextInt(8));
                return out;
            }
            case 1: {
                byte[] out = in.clone();
                out[at] = SPECIAL[r.nextInt(SPECIAL.length)];
                return out;
            }
            case 2: {
                byte[] add = new byte[1 + r.nextInt(8)];
                for (int i = 0; i < add.length; i++) {
                    add[i] = SPECIAL[r.nextInt(SPECIAL.length)];
                }
                return insert(in, at, add);
            }
            case 3: {
                int n = Math.min(in.length - at, 1 + r.nextInt(16));
                return cut(in, at, n);
            }
            case 4:
                return java.util.Arrays.copyOf(in, at);
            case 5: {
                int n = Math.min(in.length - at, 1 + r.nextInt(64));
                byte[] slice = java.util.Arrays.copyOfRange(in, at, at + n);
                return insert(in, r.nextInt(in.length + 1), slice);
            }
            case 6:
                return insert(in, 0, new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
            case 7: {
                for (int i = at; i < in.length; i++) {
                    if (in[i] >= '0' && in[i] <= '9') {
                        return insert(in, i, digits(r, 1 + r.nextInt(r.nextInt(20) == 0 ? 3000 : 40)));
                    }
                }
                return insert(in, at, digits(r, 30));
            }
            case 8:
                return insert(in, at, new byte[] {'\r'});
            case 9:
                return insert(in, at, new byte[] {0});
            case 10: {
                byte[][] bad = {
                    {(byte) 0xC0, (byte) 0xAF},
                    {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
                    {(byte) 0xFF},
                    {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80},
                    {(byte) 0xE2, (byte) 0x82}
                };
                return insert(in, at, bad[r.nextInt(bad.length)]);
            }
            default: {
                for (int i = at; i < in.length; i++) {
                    if (in[i] == '"') {
                        return insert(in, i, new byte[] {'\\'});
                    }
                }
                return insert(in, at, new byte[] {'"'});
            }
        }
    }

    private static void event(StringBuilder out, SplittableRandom r) {
        out.append('{');
        member(out, "ts", r.nextInt(6) == 0 ? anyValue(r) : "\"" + timestamp(r) + "\"");
        out.append(',');
        member(out, "type", r.nextInt(8) == 0 ? anyValue(r) : "\"" + TYPES.get(r.nextInt(TYPES.size())) + "\"");
        out.append(',');
        member(out, "event_id", r.nextInt(8) == 0 ? anyValue(r) : "\"" + new UUID(r.nextLong(), r.nextLong()) + "\"");
        out.append(',');
        member(out, "node", r.nextInt(8) == 0 ? anyValue(r) : "\"anon-" + r.nextInt(10) + "\"");
        for (int n = r.nextInt(12); n > 0; n--) {
            out.append(',');
            String name = r.nextInt(6) == 0 ? jsonString(randomText(r, 12)) : "\"" + element(NAMES, r) + "\"";
            out.append(name).append(':');
            value(out, r, 1);
        }
        out.append('}');
    }

    private static void member(StringBuilder out, String name, String value) {
        out.append('"').append(name).append("\":").append(value);
    }

    private static String anyValue(SplittableRandom r) {
        StringBuilder v = new StringBuilder();
        value(v, r, 2);
        return v.toString();
    }

    private static void value(StringBuilder out, SplittableRandom r, int depth) {
        int choice = depth > 6 ? 3 + r.nextInt(5) : r.nextInt(8);
        switch (choice) {
            case 0 -> {
                out.append('{');
                for (int n = r.nextInt(5), i = 0; i < n; i++) {
                    if (i > 0) {
                        out.append(',');
                    }
                    out.append(r.nextBoolean() ? "\"" + element(NAMES, r) + "\"" : jsonString(randomText(r, 8)));
                    out.append(':');
                    value(out, r, depth + 1);
                }
                out.append('}');
            }
            case 1, 2 -> {
                out.append('[');
                for (int n = r.nextInt(5), i = 0; i < n; i++) {
                    if (i > 0) {
                        out.append(',');
                    }
                    value(out, r, depth + 1);
                }
                out.append(']');
            }
            case 3, 4 -> out.append(jsonString(randomText(r, r.nextInt(30) == 0 ? 9000 : 24)));
            case 5, 6 -> out.append(r.nextInt(2000) == 0 ? hugeNumber(r) : number(r));
            default -> out.append(element(List.of("true", "false", "null"), r));
        }
    }

    private static void nest(StringBuilder out, SplittableRandom r) {
        int depth = 40 + r.nextInt(60);
        boolean objects = r.nextBoolean();
        for (int i = 0; i < depth; i++) {
            out.append(objects ? "{\"a\":" : "[");
        }
        out.append(number(r));
        for (int i = 0; i < depth; i++) {
            out.append(objects ? "}" : "]");
        }
    }

    /** Numbers from the ordinary to the absurd: huge exponents, thousands of digits, negative zero. */
    public static String number(SplittableRandom r) {
        return switch (r.nextInt(10)) {
            case 0 -> new String(digits(r, 1 + r.nextInt(r.nextInt(10) == 0 ? 3000 : 60)), StandardCharsets.US_ASCII);
            case 1 -> "1e" + (r.nextBoolean() ? "-" : "") + r.nextInt(Integer.MAX_VALUE);
            case 2 -> "-0";
            case 3 -> "0." + "0".repeat(r.nextInt(400)) + "1";
            case 4 -> Long.toString(r.nextLong());
            case 5 -> Double.toString(r.nextDouble() * Math.pow(10, r.nextInt(600) - 300));
            case 6 -> "9007199254740993";
            default -> Integer.toString(r.nextInt(1000));
        };
    }

    /** Hundreds of thousands of digits: cheap to write, and once quadratic to read. */
    public static String hugeNumber(SplittableRandom r) {
        return new String(digits(r, 200_000 + r.nextInt(800_000)), StandardCharsets.US_ASCII);
    }

    private static String timestamp(SplittableRandom r) {
        return switch (r.nextInt(6)) {
            case 0 -> "2026-11-25T14:03:22";
            case 1 -> "+999999999-12-31T23:59:59Z";
            case 2 -> "2026-02-30T25:61:61.1234567891Z";
            case 3 -> "2026-11-25T14:03:22.123+18:00";
            case 4 -> "0000-01-01T00:00:00-00:01";
            default -> "2026-11-25T14:03:22.123Z";
        };
    }

    /** A JSON string literal holding the text, escaped so that it parses (lone surrogates aside). */
    public static String jsonString(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }

    private static String randomText(SplittableRandom r, int max) {
        StringBuilder out = new StringBuilder();
        int n = r.nextInt(max + 1);
        while (out.length() < n) {
            out.append(r.nextInt(3) == 0 ? String.valueOf((char) (0x20 + r.nextInt(0x60))) : piece(r));
        }
        return out.toString();
    }

    private static String piece(SplittableRandom r) {
        return PIECES.get(r.nextInt(PIECES.size()));
    }

    private static <T> T element(List<T> values, SplittableRandom r) {
        return values.get(r.nextInt(values.size()));
    }

    private static byte anyByte(SplittableRandom r) {
        int p = r.nextInt(4);
        if (p < 2) {
            return SPECIAL[r.nextInt(SPECIAL.length)];
        }
        return p == 2 ? (byte) (0x20 + r.nextInt(0x5f)) : (byte) r.nextInt(256);
    }

    private static byte[] digits(SplittableRandom r, int n) {
        byte[] d = new byte[n];
        for (int i = 0; i < n; i++) {
            d[i] = (byte) ('0' + r.nextInt(10));
        }
        return d;
    }

    private static byte[] insert(byte[] in, int at, byte[] add) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(in.length + add.length);
        out.write(in, 0, at);
        out.write(add, 0, add.length);
        out.write(in, at, in.length - at);
        return out.toByteArray();
    }

    private static byte[] cut(byte[] in, int at, int n) {
        byte[] out = new byte[in.length - n];
        System.arraycopy(in, 0, out, 0, at);
        System.arraycopy(in, at + n, out, at, in.length - at - n);
        return out;
    }

    private static byte[] bytesOf(String ascii, int... more) {
        byte[] out = new byte[ascii.length() + more.length];
        for (int i = 0; i < ascii.length(); i++) {
            out[i] = (byte) ascii.charAt(i);
        }
        for (int i = 0; i < more.length; i++) {
            out[ascii.length() + i] = (byte) more[i];
        }
        return out;
    }

    private static List<String> typeNames() {
        List<String> names = new java.util.ArrayList<>();
        for (EventType t : EventType.values()) {
            names.add(t.typeName());
        }
        names.addAll(List.of("review.requested", "face.reviewed", "retention.other", "Bad Type", "a.", ".b", ""));
        return List.copyOf(names);
    }
}
