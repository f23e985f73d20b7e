package org.vellum.collect;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.vellum.event.EventType;
import org.vellum.event.FieldKind;
import org.vellum.event.FieldSpec;

/**
 * Turns the syslog form of an event (producer spec section 4) into the JSON-lines form the normalizer takes: the
 * header's TIMESTAMP, HOSTNAME and MSGID become {@code ts}, {@code node} and {@code type}; dotted SD-PARAM names become
 * nested objects; and, since every SD-PARAM value is a string, values of numeric fields in the type's allow-list are
 * read as numbers. A value that is not a number stays a string, and the normalizer rejects it for its type.
 */
final class SyslogEvents {
    private SyslogEvents() {}

    /**
     * The event object.
     *
     * @throws SyslogMessage.Malformed if dotted names conflict (e.g. {@code model} and {@code model.id})
     */
    static Map<String, Object> toEvent(SyslogMessage message, SyslogMessage.Params audit)
            throws SyslogMessage.Malformed {
        Map<String, Object> event = new TreeMap<>();
        putHeader(event, "ts", message.timestamp());
        putHeader(event, "node", message.hostname());
        putHeader(event, "type", message.msgId());
        Optional<EventType> type = Optional.ofNullable(message.msgId()).flatMap(EventType::byName);
        List<FieldSpec> topLevel = new ArrayList<>(EventType.ENVELOPE);
        topLevel.addAll(type.map(EventType::fields).orElse(List.of()));
        for (int i = 0; i < audit.names().size(); i++) {
            String name = audit.names().get(i);
            String[] path = name.indexOf('.') < 0 ? new String[] {name} : name.split("\\.", -1);
            Map<String, Object> parent = event;
            List<FieldSpec> specs = topLevel;
            for (int k = 0; k < path.length - 1; k++) {
                String part = path[k];
                if (part.isEmpty()) {
                    throw new SyslogMessage.Malformed("an empty segment in the SD-PARAM name " + safe(name));
                }
                Object child = parent.computeIfAbsent(part, p -> new TreeMap<String, Object>());
                if (!(child instanceof Map)) {
                    throw new SyslogMessage.Malformed("SD-PARAM " + safe(name) + " nests below a plain value");
                }
                specs = childrenOf(specs, part);
                @SuppressWarnings("unchecked")
                Map<String, Object> next = (Map<String, Object>) child;
                parent = next;
            }
            String leaf = path[path.length - 1];
            if (leaf.isEmpty() || parent.containsKey(leaf)) {
                throw new SyslogMessage.Malformed("SD-PARAM " + safe(name) + " is empty, repeated or conflicting");
            }
            parent.put(leaf, typed(audit.values().get(i), kindOf(specs, leaf)));
        }
        return event;
    }

    private static void putHeader(Map<String, Object> event, String name, String value) {
        if (value != null) {
            event.put(name, value);
        }
    }

    private static List<FieldSpec> childrenOf(List<FieldSpec> specs, String name) {
        for (FieldSpec spec : specs) {
            if (spec.name().equals(name) && spec.kind() == FieldKind.OBJECT) {
                return spec.children();
            }
        }
        return List.of();
    }

    private static Optional<FieldKind> kindOf(List<FieldSpec> specs, String name) {
        for (FieldSpec spec : specs) {
            if (spec.name().equals(name)) {
                return Optional.of(spec.kind());
            }
        }
        return Optional.empty();
    }

    private static Object typed(String value, Optional<FieldKind> kind) {
        if (kind.isEmpty()) {
            return value;
        }
        switch (kind.get()) {
            case COUNT, NUMBER:
                return number(value).<Object>map(n -> n).orElse(value);
            case FRAMES: {
                if (value.indexOf(',') < 0) {
                    return number(value).<Object>map(n -> n).orElse(value);
                }
                List<Object> frames = new ArrayList<>();
                for (String part : value.split(",", -1)) {
                    frames.add(number(part.trim()).<Object>map(n -> n).orElse(part));
                }
                return frames;
            }
            default:
                return value;
        }
    }

    private static Optional<BigDecimal> number(String text) {
        if (text.isEmpty() || text.length() > 64) {
            return Optional.empty();
        }
        try {
            return Optional.of(new BigDecimal(text));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /**
     * A parameter name fit for a quarantine reason: dotted identifiers only; others could carry anything (an address
     * such as {@code 203.0.113.7} is made of digits and dots).
     */
    private static String safe(String name) {
        return name.length() <= 64 && name.matches("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)*")
                ? name
                : "(unnamed)";
    }
}
