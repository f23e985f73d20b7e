package org.vellum.collect;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An RFC 5424 message: the header fields ({@code null} for the NILVALUE {@code -}) and the structured data, SD-ID to
 * its parameters in order, values unescaped. The free-form MSG is not kept: it is not part of an audit event.
 */
public record SyslogMessage(
        String timestamp, String hostname, String appName, String procId, String msgId, Map<String, Params> data) {

    /** The parameters of one SD element; a name may repeat, as RFC 5424 allows. */
    public record Params(List<String> names, List<String> values) {
        public Params {
            names = Collections.unmodifiableList(names);
            values = Collections.unmodifiableList(values);
        }
    }

    /** The SD-ID of the producer's audit data (private enterprise number 32473, reserved for documentation). */
    public static final String AUDIT_SD_ID = "audit@32473";

    public Optional<Params> audit() {
        return Optional.ofNullable(data.get(AUDIT_SD_ID));
    }

    /** Thrown for a line that has an RFC 5424 header but broken structured data. */
    public static final class Malformed extends Exception {
        private static final long serialVersionUID = 1L;

        Malformed(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * Parses one line. Empty if it is not an RFC 5424 message at all (ordinary text in a syslog file).
     *
     * @throws Malformed if the header is RFC 5424 but the structured data is not
     */
    public static Optional<SyslogMessage> parse(String line) throws Malformed {
        Cursor c = new Cursor(line);
        if (!c.pri() || !c.version()) {
            return Optional.empty();
        }
        String[] header = new String[5];
        for (int i = 0; i < header.length; i++) {
            if (!c.space()) {
                return Optional.empty();
            }
            String field = c.token();
            if (field == null) {
                return Optional.empty();
            }
            header[i] = "-".equals(field) ? null : field;
        }
        if (!c.space()) {
            throw new Malformed("no structured data after the header");
        }
        Map<String, Params> data = new LinkedHashMap<>();
        if (c.peek() == '-') {
            c.pos++;
        } else {
            if (c.peek() != '[') {
                throw new Malformed("structured data must start with '[' or be '-'");
            }
            while (c.peek() == '[') {
                c.pos++;
                String id = c.sdName();
                List<String> names = new ArrayList<>();
                List<String> values = new ArrayList<>();
                while (c.peek() == ' ') {
                    c.pos++;
                    names.add(c.sdName());
                    if (c.peek() != '=') {
                        throw new Malformed("an SD-PARAM needs '=' after its name");
                    }
                    c.pos++;
                    values.add(c.quoted());
                }
                if (c.peek() != ']') {
                    throw new Malformed("an SD element must end with ']'");
                }
                c.pos++;
                if (data.putIfAbsent(id, new Params(names, values)) != null) {
                    // only the audit SD-ID is named: any other could be anything, personal data included
                    throw new Malformed((id.equals(AUDIT_SD_ID) ? "SD-ID " + id : "an SD-ID") + " appears twice");
                }
            }
        }
        if (c.pos < line.length() && line.charAt(c.pos) != ' ') {
            throw new Malformed("the structured data must be followed by a space or the end of the line");
        }
        return Optional.of(new SyslogMessage(header[0], header[1], header[2], header[3], header[4], data));
    }

    private static final class Cursor {
        final String s;
        int pos;

        Cursor(String s) {
            this.s = s;
        }

        int peek() {
            return pos < s.length() ? s.charAt(pos) : -1;
        }

        boolean pri() {
            if (peek() != '<') {
                return false;
            }
            int start = ++pos;
            while (pos < s.length() && Character.isDigit(s.charAt(pos)) && pos - start < 3) {
                pos++;
            }
            if (pos == start || peek() != '>') {
                return false;
            }
            int pri = Integer.parseInt(s, start, pos, 10);
            pos++;
            return pri <= 191;
        }

        boolean version() {
            int start = pos;
            while (pos < s.length() && Character.isDigit(s.charAt(pos)) && pos - start < 3) {
                pos++;
            }
            return pos > start && s.charAt(start) != '0';
        }

        boolean space() {
            if (peek() == ' ') {
                pos++;
                return true;
            }
            return false;
        }

        /** A header field: printable US-ASCII up to the next space. */
        String token() {
            int start = pos;
            while (pos < s.length()) {
                char ch = s.charAt(pos);
                if (ch == ' ') {
                    break;
                }
                if (ch < 33 || ch > 126) {
                    return null;
                }
                pos++;
            }
            return pos > start ? s.substring(start, pos) : null;
        }

        String sdName() throws Malformed {
            int start = pos;
            while (pos < s.length()) {
                char ch = s.charAt(pos);
                if (ch == '=' || ch == ' ' || ch == ']' || ch == '"' || ch < 33 || ch > 126) {
                    break;
                }
                pos++;
            }
            if (pos == start || pos - start > 32) {
                throw new Malformed("an SD name must have 1 to 32 printable characters");
            }
            return s.substring(start, pos);
        }

        /** A PARAM-VALUE in quotes, with its escapes {@code \"}, {@code \\} and {@code \]} undone. */
        String quoted() throws Malformed {
            if (peek() != '"') {
                throw new Malformed("an SD-PARAM value must be quoted");
            }
            pos++;
            StringBuilder value = new StringBuilder();
            while (pos < s.length()) {
                char ch = s.charAt(pos++);
                if (ch == '"') {
                    return value.toString();
                }
                if (ch == '\\' && pos < s.length()) {
                    char next = s.charAt(pos);
                    if (next == '"' || next == '\\' || next == ']') {
                        value.append(next);
                        pos++;
                        continue;
                    }
                }
                if (ch == ']') {
                    throw new Malformed("an unescaped ']' inside an SD-PARAM value");
                }
                value.append(ch);
            }
            throw new Malformed("an SD-PARAM value is not closed");
        }
    }
}
