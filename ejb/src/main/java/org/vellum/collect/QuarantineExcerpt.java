package org.vellum.collect;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Pattern;
import org.vellum.event.EventType;
import org.vellum.event.FieldSpec;
import org.vellum.event.FreeTextRedactor;

/**
 * What quarantine keeps of a rejected line: enough to see what was wrong with it, never the personal data it may
 * carry. The line is cut to its first bytes and masked without being parsed (it may not parse): every quoted value is
 * replaced by {@code "[removed]"} and every number by {@code #}, except the values of the envelope fields ({@code ts},
 * {@code type}, {@code event_id}, {@code node}, {@code task_id}), which are kept with e-mail addresses, IP addresses
 * and plates redacted. Field names are kept only if the producer spec knows them (a key can itself be a name, say
 * {@code "anna_kowalska_wedding.mp4"}); others read {@code (unnamed)}. A syslog message's header is kept and its
 * free-form text dropped.
 */
public final class QuarantineExcerpt {
    /** The most characters an excerpt has. */
    public static final int MAX_CHARS = 1024;

    private static final int MAX_INPUT = 4096;
    private static final int MAX_KEPT_VALUE = 128;
    private static final String REMOVED = "\"[removed]\"";
    private static final Set<String> KEPT = Set.of("ts", "type", "event_id", "node", "task_id");
    private static final Pattern ESCAPE = Pattern.compile("\\\\(?:u[0-9A-Fa-f]{4}|.?)");
    /** Names of section 2's fields and of section 3's leaks: the only keys an excerpt shows. */
    private static final Set<String> KNOWN_NAMES = knownNames();

    private QuarantineExcerpt() {}

    public static String of(byte[] line, SourceFormat format) {
        String text = new String(line, 0, Math.min(line.length, MAX_INPUT), StandardCharsets.UTF_8);
        StringBuilder out = new StringBuilder(Math.min(text.length(), MAX_CHARS) + 16);
        int start = 0;
        if (format == SourceFormat.SYSLOG) {
            int bracket = text.indexOf('[');
            int header = bracket < 0 ? text.length() : bracket;
            out.append(FreeTextRedactor.redact(text.substring(0, header)));
            start = header;
            int end = text.lastIndexOf(']');
            text = end < start ? text.substring(0, start) : text.substring(0, end + 1);
        }
        mask(text, start, out);
        if (line.length > MAX_INPUT || out.length() > MAX_CHARS) {
            out.setLength(Math.min(out.length(), MAX_CHARS - 1));
            out.append('…');
        }
        return out.toString();
    }

    private static void mask(String text, int from, StringBuilder out) {
        String key = null;
        int i = from;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '"') {
                int end = stringEnd(text, i);
                String content = text.substring(i + 1, Math.max(i + 1, end - 1));
                int next = skipSpace(text, end);
                if (next < text.length() && text.charAt(next) == ':') {
                    key = content;
                    out.append('"').append(shownName(content)).append('"');
                } else if (key != null && KEPT.contains(key)) {
                    // an escape such as \t glues its letter to what follows and hides an address from the
                    // redactor; shown as a space, it parts them
                    String kept =
                            FreeTextRedactor.redact(ESCAPE.matcher(content).replaceAll(" "));
                    out.append('"')
                            .append(kept.length() > MAX_KEPT_VALUE ? kept.substring(0, MAX_KEPT_VALUE) : kept)
                            .append('"');
                } else {
                    out.append(REMOVED);
                }
                i = end;
            } else if (Character.isLetter(c) || c == '_') {
                int end = i;
                while (end < text.length()
                        && (Character.isLetterOrDigit(text.charAt(end)) || "_.@-".indexOf(text.charAt(end)) >= 0)) {
                    end++;
                }
                String word = text.substring(i, end);
                boolean syslogName = end < text.length() && text.charAt(end) == '=';
                if (syslogName) {
                    key = word;
                    out.append(shownName(word));
                } else if (word.equals("true") || word.equals("false") || word.equals("null")) {
                    out.append(word);
                } else {
                    out.append("[removed]");
                }
                i = end;
            } else if (Character.isDigit(c) || c == '-' || c == '+') {
                int end = i + 1;
                while (end < text.length() && "0123456789.eE+-".indexOf(text.charAt(end)) >= 0) {
                    end++;
                }
                // digits and dots under a kept name can be an IPv4 address (an unquoted value, a syslog name)
                out.append(key != null && KEPT.contains(key) ? FreeTextRedactor.redact(text.substring(i, end)) : "#");
                i = end;
            } else {
                out.append(c);
                i++;
            }
            if (out.length() > MAX_CHARS) {
                return;
            }
        }
    }

    private static String shownName(String name) {
        for (String part : name.split("\\.", -1)) {
            if (!KNOWN_NAMES.contains(part)) {
                return "(unnamed)";
            }
        }
        return name;
    }

    private static Set<String> knownNames() {
        Set<String> names = new HashSet<>(Set.of(
                "detections",
                "plate_text",
                "face_embedding",
                "thumbnail",
                "exif",
                "gps_lat",
                "gps_lon",
                "camera_serial",
                "original_filename",
                "client_ip",
                "regions",
                "label",
                "x",
                "y",
                "w",
                "h",
                "score",
                "level",
                "msg"));
        EventType.ENVELOPE.forEach(f -> addNames(f, names));
        EventType.UNKNOWN_TYPE_EXTRAS.forEach(f -> addNames(f, names));
        for (EventType type : EventType.values()) {
            type.fields().forEach(f -> addNames(f, names));
        }
        return Set.copyOf(names);
    }

    private static void addNames(FieldSpec spec, Set<String> names) {
        names.add(spec.name());
        spec.children().forEach(c -> addNames(c, names));
    }

    /** The index after a string's closing quote, or the end of the text for an unterminated one. */
    private static int stringEnd(String text, int open) {
        int i = open + 1;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '\\') {
                i += 2;
            } else if (c == '"') {
                return i + 1;
            } else {
                i++;
            }
        }
        return text.length();
    }

    private static int skipSpace(String text, int i) {
        while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
            i++;
        }
        return i;
    }
}
