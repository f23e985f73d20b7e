package org.vellum.collect;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/** The two line formats of the producer spec (section 1). */
public enum SourceFormat {
    /** One JSON object per line ({@code *.log}, {@code *.jsonl}, possibly gzipped). */
    JSONL,
    /** RFC 5424 messages with the {@code audit@32473} structured data ({@code *.syslog}, possibly gzipped). */
    SYSLOG;

    private static final Pattern SYSLOG_NAME = Pattern.compile(".*\\.syslog(\\.\\d+)?(\\.gz)?");

    /**
     * The format of a file: the declared one, or by name. {@code *.syslog} and {@code *.syslog.gz} are syslog, and so
     * are their rotated generations ({@code audit.syslog.1}, {@code audit.syslog.2.gz}).
     */
    public static SourceFormat of(String fileName, Optional<SourceFormat> declared) {
        if (declared.isPresent()) {
            return declared.get();
        }
        return SYSLOG_NAME.matcher(fileName.toLowerCase(Locale.ROOT)).matches() ? SYSLOG : JSONL;
    }

    /**
     * Parses a configured or requested format: {@code jsonl}, {@code syslog}, or {@code auto} (empty: by file name).
     */
    public static Optional<SourceFormat> parse(String text) {
        String t = text == null ? "auto" : text.trim().toLowerCase(Locale.ROOT);
        return switch (t) {
            case "", "auto" -> Optional.empty();
            case "jsonl", "json" -> Optional.of(JSONL);
            case "syslog" -> Optional.of(SYSLOG);
            default -> throw new CollectException(
                    "bad-format", "format must be jsonl, syslog or auto, not '" + text + "'");
        };
    }
}
