package org.vellum.fuzz;

import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Personal data of the kinds the producer spec says must never reach an archive (section 3), made up from reserved
 * ranges only: e-mail addresses at example domains (RFC 2606), IPv4 documentation networks (RFC 5737), the IPv6
 * documentation prefix (RFC 3849), and plate-shaped tokens. Nothing here belongs to anybody.
 */
public final class Planted {
    private static final List<String> WORDS =
            List.of("upload", "failed", "for", "task", "asked", "by", "from", "see", "ok", "reported", "missed", "via");
    private static final List<String> SEPARATORS = List.of(" ", ", ", " (", ") ", ": ", "; ", "\n", "\t", " <", "> ");

    private Planted() {}

    public static String email(SplittableRandom r) {
        String local = word(r, 1, 10) + (r.nextBoolean() ? "." + word(r, 1, 10) : "");
        String domain = List.of("example.com", "example.org", "example.net", "mail.example.com")
                .get(r.nextInt(4));
        return local + "@" + domain;
    }

    public static String ipv4(SplittableRandom r) {
        String net = List.of("192.0.2.", "198.51.100.", "203.0.113.").get(r.nextInt(3));
        return net + r.nextInt(256);
    }

    public static String ipv6(SplittableRandom r) {
        if (r.nextBoolean()) {
            return String.format(Locale.ROOT, "2001:db8::%x:%x", r.nextInt(0x10000), 1 + r.nextInt(0xffff));
        }
        StringBuilder full = new StringBuilder("2001:db8");
        for (int i = 0; i < 6; i++) {
            full.append(':').append(Integer.toHexString(r.nextInt(0x10000)));
        }
        return full.toString();
    }

    /** A plate in one of the formats the redactor's policy names ({@code WX 4711K}, {@code B-AB 1234}, ...). */
    public static String plate(SplittableRandom r) {
        return switch (r.nextInt(4)) {
            case 0 -> upper(r, 2) + " " + (1000 + r.nextInt(9000)) + upper(r, 1);
            case 1 -> upper(r, 1) + "-" + upper(r, 2) + " " + (1000 + r.nextInt(9000));
            case 2 -> upper(r, 2) + "-" + (100 + r.nextInt(900)) + "-" + upper(r, 2);
            default -> upper(r, 2) + (10 + r.nextInt(90)) + " " + upper(r, 3);
        };
    }

    /** Any of the kinds the free-text rule redacts. */
    public static String datum(SplittableRandom r) {
        return switch (r.nextInt(4)) {
            case 0 -> email(r);
            case 1 -> ipv4(r);
            case 2 -> ipv6(r);
            default -> plate(r);
        };
    }

    /** Free text with the datum inside, set off as a person would write it (spaces, punctuation, line breaks). */
    public static String inFreeText(String datum, SplittableRandom r) {
        StringBuilder out = new StringBuilder();
        for (int n = r.nextInt(4); n > 0; n--) {
            out.append(WORDS.get(r.nextInt(WORDS.size()))).append(' ');
        }
        if (out.length() > 0 || r.nextBoolean()) {
            out.append(SEPARATORS.get(r.nextInt(SEPARATORS.size())));
        }
        out.append(datum);
        if (r.nextBoolean()) {
            out.append(SEPARATORS.get(r.nextInt(SEPARATORS.size())));
            for (int n = r.nextInt(4); n > 0; n--) {
                out.append(WORDS.get(r.nextInt(WORDS.size()))).append(' ');
            }
        }
        return out.toString().strip().isEmpty() ? datum : out.toString();
    }

    private static String word(SplittableRandom r, int min, int max) {
        StringBuilder w = new StringBuilder();
        for (int n = min + r.nextInt(max - min + 1); n > 0; n--) {
            w.append((char) ('a' + r.nextInt(26)));
        }
        return w.toString();
    }

    private static String upper(SplittableRandom r, int n) {
        StringBuilder w = new StringBuilder();
        for (int i = 0; i < n; i++) {
            w.append((char) ('A' + r.nextInt(26)));
        }
        return w.toString();
    }
}
