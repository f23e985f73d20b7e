package org.vellum.collect;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.Map;
import java.util.Optional;
import org.vellum.canonical.Json;
import org.vellum.canonical.JsonException;
import org.vellum.event.EventNormalizer;
import org.vellum.event.Normalization;
import org.vellum.event.RejectReason;

/**
 * Classifies a line of a log file per the producer spec, section 5, with the same normalizer as the REST path. A line
 * is a candidate audit event if, in JSON lines, its first non-blank character is <code>{</code>, or, in syslog, it
 * carries the {@code audit@32473} structured data; only candidates are quarantined when broken. Anything else is not
 * an audit event. Not thread-safe (it keeps a decoder); one per reader.
 */
public final class LineClassifier {
    private static final byte[] AUDIT_SD = ("[" + SyslogMessage.AUDIT_SD_ID).getBytes(StandardCharsets.US_ASCII);

    private final EventNormalizer normalizer;
    private final CharsetDecoder utf8 = StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);

    public LineClassifier(EventNormalizer normalizer) {
        this.normalizer = normalizer;
    }

    public Classified classify(LineReader.Line line, SourceFormat format, Optional<ZoneId> zone) {
        byte[] bytes = line.bytes();
        boolean candidate = format == SourceFormat.JSONL ? startsWithBrace(bytes) : contains(bytes, AUDIT_SD);
        if (!candidate) {
            return Classified.NOT_AUDIT;
        }
        if (line.tooLong()) {
            return quarantine(bytes, format, RejectReason.LINE_TOO_LONG, null, "the line is longer than 1 MiB");
        }
        String text;
        if (isAscii(bytes)) {
            text = new String(bytes, StandardCharsets.ISO_8859_1); // the common case, without a decoder
        } else {
            try {
                text = utf8.decode(ByteBuffer.wrap(bytes)).toString();
            } catch (CharacterCodingException e) {
                return quarantine(bytes, format, RejectReason.INVALID_UTF8, null, "the line is not valid UTF-8");
            }
        }
        return format == SourceFormat.JSONL ? json(bytes, text, zone) : syslog(bytes, text, zone);
    }

    private Classified json(byte[] bytes, String text, Optional<ZoneId> zone) {
        Map<String, Object> raw;
        try {
            raw = Json.parseObject(text.startsWith("\uFEFF") ? text.substring(1) : text);
        } catch (JsonException e) {
            return quarantine(
                    bytes, SourceFormat.JSONL, RejectReason.INVALID_JSON, null, "the line is not a JSON object");
        }
        return normalized(bytes, SourceFormat.JSONL, raw, zone);
    }

    private Classified syslog(byte[] bytes, String text, Optional<ZoneId> zone) {
        try {
            Optional<SyslogMessage> message = SyslogMessage.parse(text);
            if (message.isEmpty()) {
                return quarantine(
                        bytes, SourceFormat.SYSLOG, RejectReason.INVALID_SYSLOG, null, "the header is not RFC 5424");
            }
            Optional<SyslogMessage.Params> audit = message.get().audit();
            if (audit.isEmpty()) {
                return Classified.NOT_AUDIT; // the SD-ID appeared only in the free-form text
            }
            if (message.get().msgId() == null) {
                return quarantine(bytes, SourceFormat.SYSLOG, RejectReason.MISSING_FIELD, "type", "the MSGID is '-'");
            }
            return normalized(bytes, SourceFormat.SYSLOG, SyslogEvents.toEvent(message.get(), audit.get()), zone);
        } catch (SyslogMessage.Malformed e) {
            return quarantine(bytes, SourceFormat.SYSLOG, RejectReason.INVALID_SYSLOG, null, e.getMessage());
        }
    }

    private Classified normalized(byte[] bytes, SourceFormat format, Map<String, Object> raw, Optional<ZoneId> zone) {
        Normalization n = normalizer.normalize(raw, zone);
        if (n instanceof Normalization.Accepted a) {
            return new Classified.Event(a.event());
        }
        if (n instanceof Normalization.Rejected r) {
            return quarantine(bytes, format, r.reason(), r.field(), r.detail());
        }
        return Classified.NOT_AUDIT;
    }

    private static Classified quarantine(
            byte[] bytes, SourceFormat format, RejectReason reason, String field, String detail) {
        return new Classified.Quarantined(reason, field, detail, QuarantineExcerpt.of(bytes, format));
    }

    private static boolean isAscii(byte[] bytes) {
        for (byte b : bytes) {
            if (b < 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean startsWithBrace(byte[] bytes) {
        for (byte b : bytes) {
            if (b == '{') {
                return true;
            }
            if (b != ' ' && b != '\t' && b != (byte) 0xEF && b != (byte) 0xBB && b != (byte) 0xBF) {
                return false; // a UTF-8 byte order mark before the brace is tolerated
            }
        }
        return false;
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int k = 0; k < needle.length; k++) {
                if (haystack[i + k] != needle[k]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
