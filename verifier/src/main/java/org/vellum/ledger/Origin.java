package org.vellum.ledger;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Where a collected event was read: the source's name, the file's content fingerprint and the line number. It names
 * the physical line, so that a line read again after a crash is recognized as the same line, not as a duplicate.
 *
 * @param source the configured source's name, e.g. {@code spool}
 * @param file the file's fingerprint: 64 hex digits, stable across renames and compression
 * @param line the 1-based line number within the file's uncompressed content
 */
public record Origin(String source, String file, long line) {
    private static final Pattern NAME = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$");
    private static final Pattern HEX64 = Pattern.compile("^[0-9a-f]{64}$");

    public Origin {
        Objects.requireNonNull(source);
        Objects.requireNonNull(file);
        if (!NAME.matcher(source).matches()) {
            throw new IllegalArgumentException("a source name is 1 to 64 letters, digits, '.', '_' or '-'");
        }
        if (!HEX64.matcher(file).matches()) {
            throw new IllegalArgumentException("a file fingerprint is 64 lower-case hex digits");
        }
        if (line < 1) {
            throw new IllegalArgumentException("line numbers start at 1");
        }
    }

    /** The JSON form in the entry body, members in canonical order. */
    public Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("file", file);
        json.put("line", line);
        json.put("source", source);
        return json;
    }

    /** The canonical text of {@link #toJson()}; the members need no escaping, as the constructor ensures. */
    String canonical() {
        return "{\"file\":\"" + file + "\",\"line\":" + line + ",\"source\":\"" + source + "\"}";
    }

    /** Reads an origin back from an entry body's {@code origin} member. */
    public static Origin fromJson(Object json) {
        if (!(json instanceof Map<?, ?> m)
                || !(m.get("source") instanceof String source)
                || !(m.get("file") instanceof String file)
                || !(m.get("line") instanceof Number line)) {
            throw new IllegalArgumentException("not an origin");
        }
        return new Origin(source, file, line.longValue());
    }
}
