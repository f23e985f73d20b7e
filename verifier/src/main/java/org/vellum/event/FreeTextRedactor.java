package org.vellum.event;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replaces e-mail addresses, IPv4 and IPv6 addresses and licence-plate-like tokens in free text by {@value #MARK}.
 *
 * <p>The plate patterns are a heuristic over common European formats ({@code WX 4711K}, {@code B-AB 1234}, {@code
 * AB-123-CD}, {@code AB12 CDE}). They err towards redacting: an upper-case code such as {@code ISO 8601} in a comment
 * is redacted too, and counted. Losing a harmless token is cheaper than archiving a plate.
 */
public final class FreeTextRedactor {
    public static final String MARK = "[redacted]";

    /** Kinds in the order they are applied: addresses inside e-mails must not be counted twice. */
    private static final Map<String, Rule> RULES = new LinkedHashMap<>();

    static {
        RULES.put(
                "email",
                new Rule(
                        Pattern.compile("(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]{1,64}+@[A-Za-z0-9-]{1,63}"
                                + "(?:\\.[A-Za-z0-9-]{1,63})*\\.[A-Za-z]{2,63}(?![A-Za-z0-9-])"),
                        m -> true,
                        t -> t.indexOf('@') > 0));
        RULES.put(
                "ipv6",
                new Rule(
                        // An address may be followed by a colon that ends a clause ("from 2001:db8::1: ..."), but
                        // a match never ends in a single colon of its own.
                        Pattern.compile("(?<![0-9A-Za-z:.])(?:[0-9A-Fa-f]{0,4}:){2,7}"
                                + "(?:(?:\\d{1,3}\\.){3}\\d{1,3}|[0-9A-Fa-f]{0,4})(?<!(?<!:):)"
                                + "(?![0-9A-Za-z]|:[0-9A-Za-z:])"),
                        FreeTextRedactor::isIpv6,
                        t -> t.indexOf(':') != t.lastIndexOf(':')));
        RULES.put(
                "ipv4",
                new Rule(
                        Pattern.compile("(?<![0-9.])(?:\\d{1,3}\\.){3}\\d{1,3}(?![0-9]|\\.\\d)"),
                        FreeTextRedactor::isIpv4,
                        FreeTextRedactor::hasDigitDot));
        RULES.put(
                "plate",
                new Rule(
                        Pattern.compile("\\b(?:[A-Z]{1,3}-[A-Z]{1,2} ?\\d{1,4}[EH]?"
                                + "|[A-Z]{2}-\\d{3}-[A-Z]{2}"
                                + "|[A-Z]{2}\\d{2} ?[A-Z]{3}"
                                + "|[A-Z]{2,3}[ -](?=[A-Z]{0,4}\\d)[A-Z0-9]{3,5})\\b"),
                        m -> true,
                        FreeTextRedactor::hasUpperAndDigit));
    }

    private FreeTextRedactor() {}

    /** Redacts {@code text} where no report is kept, e.g. in a quarantined line. */
    public static String redact(String text) {
        return redact(text, new MinimizationReport.Builder());
    }

    /** Redacts {@code text}, adding the count of each kind to {@code report}. */
    static String redact(String text, MinimizationReport.Builder report) {
        String result = text;
        for (Map.Entry<String, Rule> rule : RULES.entrySet()) {
            if (!rule.getValue().mayMatch().test(result)) {
                continue;
            }
            Matcher m = rule.getValue().pattern().matcher(result);
            StringBuilder out = null;
            int last = 0;
            int count = 0;
            while (m.find()) {
                if (!rule.getValue().confirm().test(m.group())) {
                    continue;
                }
                if (out == null) {
                    out = new StringBuilder(result.length());
                }
                out.append(result, last, m.start()).append(MARK);
                last = m.end();
                count++;
            }
            if (out != null) {
                result = out.append(result, last, result.length()).toString();
                report.redacted(rule.getKey(), count);
            }
        }
        return result;
    }

    /** The patterns as published in the minimization policy. */
    static Map<String, String> patterns() {
        Map<String, String> patterns = new LinkedHashMap<>();
        RULES.forEach((kind, rule) -> patterns.put(kind, rule.pattern().pattern()));
        return patterns;
    }

    private static boolean hasDigitDot(String text) {
        for (int i = 1; i < text.length(); i++) {
            if (text.charAt(i) == '.' && Character.isDigit(text.charAt(i - 1))) {
                return true;
            }
        }
        return false;
    }

    private static boolean hasUpperAndDigit(String text) {
        boolean upper = false;
        boolean digit = false;
        for (int i = 0; i < text.length() && !(upper && digit); i++) {
            char c = text.charAt(i);
            upper |= c >= 'A' && c <= 'Z';
            digit |= c >= '0' && c <= '9';
        }
        return upper && digit;
    }

    static boolean isIpv4(String candidate) {
        String[] octets = candidate.split("\\.");
        if (octets.length != 4) {
            return false;
        }
        for (String octet : octets) {
            if (octet.isEmpty() || octet.length() > 3 || Integer.parseInt(octet) > 255) {
                return false;
            }
        }
        return true;
    }

    static boolean isIpv6(String candidate) {
        int compressed = candidate.indexOf("::");
        if (compressed >= 0 && candidate.indexOf("::", compressed + 1) >= 0) {
            return false;
        }
        int groups;
        if (compressed >= 0) {
            int left = countGroups(candidate.substring(0, compressed), false);
            int right = countGroups(candidate.substring(compressed + 2), true);
            if (left < 0 || right < 0) {
                return false;
            }
            groups = left + right;
            return groups <= 7;
        }
        groups = countGroups(candidate, true);
        return groups == 8;
    }

    /** Counts 16-bit groups in a colon-separated run; -1 if malformed. A trailing dotted IPv4 counts as two. */
    private static int countGroups(String run, boolean ipv4TailAllowed) {
        if (run.isEmpty()) {
            return 0;
        }
        String[] parts = run.split(":", -1);
        int groups = 0;
        for (int i = 0; i < parts.length; i++) {
            String part = parts[i];
            if (ipv4TailAllowed && i == parts.length - 1 && part.contains(".")) {
                if (!isIpv4(part)) {
                    return -1;
                }
                groups += 2;
            } else if (part.isEmpty() || part.length() > 4 || !part.chars().allMatch(FreeTextRedactor::isHex)) {
                return -1;
            } else {
                groups++;
            }
        }
        return groups;
    }

    private static boolean isHex(int c) {
        return Character.digit(c, 16) >= 0;
    }

    /**
     * A redaction rule: the published pattern, a confirmation of each match, and a cheap test that skips the pattern
     * for text that cannot match (most free text holds no address at all).
     */
    private record Rule(Pattern pattern, Predicate<String> confirm, Predicate<String> mayMatch) {}
}
