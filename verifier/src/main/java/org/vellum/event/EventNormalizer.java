package org.vellum.event;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.vellum.canonical.JsonNull;
import org.vellum.event.Normalization.Accepted;
import org.vellum.event.Normalization.NotAudit;
import org.vellum.event.Normalization.Rejected;

/**
 * Validates a parsed producer event against its type's allow-list and minimizes it (producer spec section 5). Pure
 * and thread-safe: the REST path and the nightly collection run the same instance logic.
 */
public final class EventNormalizer {
    static final int MAX_TEXT = 256;
    static final int MAX_IDENTITY = 320;
    static final int MAX_FREE_TEXT = 8192;
    static final int MAX_SCALAR_TEXT = 1024;

    private static final Pattern PLAIN_NAME = Pattern.compile("^[A-Za-z_][A-Za-z0-9_]{0,63}$");
    private static final BigDecimal MAX_SAFE_INTEGER = BigDecimal.valueOf(1L << 53);

    /** Each known type's fields with the envelope first, built once. */
    private static final Map<EventType, List<FieldSpec>> ALLOWED = new EnumMap<>(EventType.class);

    private static final List<FieldSpec> ALLOWED_UNKNOWN;
    /** The names in every allow-list, by list identity: membership tests run for every member of every event. */
    private static final Map<List<FieldSpec>, Set<String>> NAMES = new IdentityHashMap<>();

    static {
        for (EventType type : EventType.values()) {
            List<FieldSpec> all = new ArrayList<>(EventType.ENVELOPE);
            all.addAll(type.fields());
            ALLOWED.put(type, List.copyOf(all));
        }
        List<FieldSpec> unknown = new ArrayList<>(EventType.ENVELOPE);
        unknown.addAll(EventType.UNKNOWN_TYPE_EXTRAS);
        ALLOWED_UNKNOWN = List.copyOf(unknown);
        ALLOWED.values().forEach(EventNormalizer::indexNames);
        indexNames(ALLOWED_UNKNOWN);
    }

    private static void indexNames(List<FieldSpec> specs) {
        Set<String> names = new HashSet<>();
        for (FieldSpec spec : specs) {
            names.add(spec.name());
            if (!spec.children().isEmpty()) {
                indexNames(spec.children());
            }
        }
        NAMES.put(specs, names);
    }

    private final Pseudonymizer pseudonymizer;

    public EventNormalizer(Pseudonymizer pseudonymizer) {
        this.pseudonymizer = pseudonymizer;
    }

    /**
     * Normalizes one event.
     *
     * @param raw the parsed JSON object (or the object built from a syslog message)
     * @param sourceZone the zone a source declares for timestamps without offset, if any
     */
    public Normalization normalize(Map<String, Object> raw, Optional<ZoneId> sourceZone) {
        return normalize(raw, sourceZone, false);
    }

    /** Normalizes an event the appliance records itself, of a type it may record ({@link EventType#recordedByAppliance()}). */
    public Normalization normalizeOwn(Map<String, Object> raw) {
        return normalize(raw, Optional.empty(), true);
    }

    private Normalization normalize(Map<String, Object> raw, Optional<ZoneId> sourceZone, boolean own) {
        Object type = raw.get("type");
        if (type == null || type == JsonNull.INSTANCE) {
            return new NotAudit();
        }
        try {
            if (!(type instanceof String typeName)) {
                throw new Reject(RejectReason.BAD_FIELD_TYPE, "type", "must be a string");
            }
            Optional<EventType> known = EventType.byName(typeName);
            if (known.isEmpty()
                    && !EventType.UNKNOWN_TYPE_PATTERN.matcher(typeName).matches()) {
                throw new Reject(
                        RejectReason.BAD_FIELD_TYPE, "type", "is neither a known type nor a dotted lower-case name");
            }
            boolean refused = own
                    ? !known.map(EventType::recordedByAppliance).orElse(false)
                    : known.map(EventType::applianceOwn).orElse(EventType.applianceOwn(typeName));
            if (refused) {
                throw new Reject(
                        RejectReason.RESERVED_TYPE,
                        "type",
                        own ? "is not one of the appliance's own types" : "is recorded only by the appliance itself");
            }
            if (!own && raw.get("node") instanceof String node && node.startsWith(EventType.APPLIANCE_NODE_PREFIX)) {
                throw new Reject(RejectReason.RESERVED_TYPE, "node", "names the appliance itself");
            }
            Context context = new Context(sourceZone);
            TreeMap<String, Object> event = new TreeMap<>();
            List<FieldSpec> allowed = known.map(ALLOWED::get).orElse(ALLOWED_UNKNOWN);
            normalizeMembers(raw, allowed, false, "", event, context);
            return new Accepted(new NormalizedEvent(
                    (String) event.get("event_id"),
                    typeName,
                    known.isPresent(),
                    (String) event.get("node"),
                    Instants.parse((String) event.get("ts")),
                    event,
                    context.report.build()));
        } catch (Reject r) {
            return new Rejected(r.reason, r.field, r.getMessage());
        }
    }

    private void normalizeMembers(
            Map<String, Object> raw,
            List<FieldSpec> allowed,
            boolean openScalars,
            String prefix,
            Map<String, Object> out,
            Context context) {
        for (FieldSpec spec : allowed) {
            Object value = raw.get(spec.name());
            String path = prefix + spec.name();
            if (value == null || value == JsonNull.INSTANCE) {
                if (spec.required()) {
                    throw new Reject(RejectReason.MISSING_FIELD, path, "is required");
                }
                continue;
            }
            out.put(spec.name(), normalizeValue(spec, value, path, context));
        }
        for (Map.Entry<String, Object> member : raw.entrySet()) {
            String name = member.getKey();
            if (isAllowed(allowed, name)) {
                continue;
            }
            if (openScalars
                    && isScalar(member.getValue())
                    && PLAIN_NAME.matcher(name).matches()) {
                out.put(name, scalar(member.getValue(), prefix + name));
            } else {
                context.report.removed(prefix + safeName(name));
            }
        }
    }

    private static boolean isAllowed(List<FieldSpec> allowed, String name) {
        Set<String> names = NAMES.get(allowed);
        if (names != null) {
            return names.contains(name);
        }
        for (FieldSpec spec : allowed) {
            if (spec.name().equals(name)) {
                return true;
            }
        }
        return false;
    }

    @SuppressWarnings("unchecked")
    private Object normalizeValue(FieldSpec spec, Object value, String path, Context context) {
        switch (spec.kind()) {
            case TEXT:
                return text(value, path, MAX_TEXT);
            case IDENTITY: {
                String identity = text(value, path, MAX_IDENTITY);
                if (isEmail(identity)) {
                    context.report.pseudonymized(path);
                    return pseudonymizer.pseudonym(identity);
                }
                return identity;
            }
            case FREE_TEXT:
                return FreeTextRedactor.redact(text(value, path, MAX_FREE_TEXT), context.report);
            case UUID: {
                String id = text(value, path, 36);
                if (!isUuid(id)) {
                    throw new Reject(RejectReason.BAD_FIELD_TYPE, path, "must be a UUID");
                }
                return id.toLowerCase(Locale.ROOT);
            }
            case INSTANT:
                try {
                    return Instants.format(instant(text(value, path, 64), path, context));
                } catch (IllegalArgumentException outOfRange) {
                    throw new Reject(RejectReason.BAD_FIELD_TYPE, path, "must lie in the years 0000 to 9999");
                }
            case ENUM: {
                String choice = text(value, path, MAX_TEXT);
                if (!spec.values().contains(choice)) {
                    throw new Reject(RejectReason.BAD_FIELD_TYPE, path, "must be one of " + spec.values());
                }
                return choice;
            }
            case SHA256: {
                String digest = text(value, path, 64);
                if (!isHex(digest, 64)) {
                    throw new Reject(RejectReason.BAD_FIELD_TYPE, path, "must be 64 hexadecimal digits");
                }
                return digest.toLowerCase(Locale.ROOT);
            }
            case COUNT:
                return count(value, path);
            case NUMBER:
                return number(value, path);
            case SCALAR:
                return scalar(value, path);
            case FRAMES:
                if (value instanceof List<?> frames) {
                    List<Object> out = new ArrayList<>(frames.size());
                    for (int i = 0; i < frames.size(); i++) {
                        out.add(count(frames.get(i), path + "[" + i + "]"));
                    }
                    return out;
                }
                return count(value, path);
            case OBJECT: {
                if (!(value instanceof Map)) {
                    throw new Reject(RejectReason.BAD_FIELD_TYPE, path, "must be an object");
                }
                TreeMap<String, Object> nested = new TreeMap<>();
                normalizeMembers(
                        (Map<String, Object>) value, spec.children(), spec.openScalars(), path + ".", nested, context);
                return nested;
            }
            default:
                throw new IllegalStateException("unhandled field kind " + spec.kind());
        }
    }

    private Instant instant(String text, String path, Context context) {
        try {
            return Instants.parseProducerTime(text, context.sourceZone)
                    .orElseThrow(() -> new Reject(
                            RejectReason.TIMESTAMP_WITHOUT_OFFSET,
                            path,
                            "has no offset and the source declares no zone"));
        } catch (DateTimeParseException e) {
            throw new Reject(RejectReason.BAD_FIELD_TYPE, path, "must be an ISO-8601 date-time with offset");
        }
    }

    private static String text(Object value, String path, int maxLength) {
        if (!(value instanceof String s)) {
            throw new Reject(RejectReason.BAD_FIELD_TYPE, path, "must be a string");
        }
        if (s.isEmpty() || s.length() > maxLength) {
            throw new Reject(RejectReason.BAD_FIELD_TYPE, path, "must hold 1 to " + maxLength + " characters");
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 && c != '\n' && c != '\t') {
                throw new Reject(RejectReason.BAD_FIELD_TYPE, path, "must not contain control characters");
            }
        }
        return s;
    }

    private static Long count(Object value, String path) {
        if (!(value instanceof BigDecimal n)) {
            throw new Reject(RejectReason.BAD_FIELD_TYPE, path, "must be a non-negative integer");
        }
        try {
            BigDecimal integral = n.stripTrailingZeros();
            if (integral.signum() < 0 || integral.compareTo(MAX_SAFE_INTEGER) > 0) {
                throw new Reject(RejectReason.BAD_FIELD_TYPE, path, "must be a non-negative integer up to 2^53");
            }
            return integral.longValueExact();
        } catch (ArithmeticException e) {
            throw new Reject(RejectReason.BAD_FIELD_TYPE, path, "must be a non-negative integer");
        }
    }

    private static BigDecimal number(Object value, String path) {
        if (!(value instanceof BigDecimal n) || Double.isInfinite(n.doubleValue())) {
            throw new Reject(RejectReason.BAD_FIELD_TYPE, path, "must be a finite number");
        }
        return n;
    }

    private static Object scalar(Object value, String path) {
        if (value instanceof String) {
            return text(value, path, MAX_SCALAR_TEXT);
        }
        if (value instanceof BigDecimal) {
            return number(value, path);
        }
        if (value instanceof Boolean || value == JsonNull.INSTANCE) {
            return value;
        }
        throw new Reject(RejectReason.BAD_FIELD_TYPE, path, "must be a string, number, boolean or null");
    }

    private static boolean isScalar(Object value) {
        return !(value instanceof Map) && !(value instanceof List);
    }

    /** As {@code [0-9a-fA-F]{8}-...-[0-9a-fA-F]{12}}, without a regex: this runs for every event. */
    static boolean isUuid(String s) {
        if (s.length() != 36) {
            return false;
        }
        for (int i = 0; i < 36; i++) {
            char c = s.charAt(i);
            boolean dash = i == 8 || i == 13 || i == 18 || i == 23;
            if (dash ? c != '-' : Character.digit(c, 16) < 0 || c > 'f') {
                return false;
            }
        }
        return true;
    }

    static boolean isHex(String s, int length) {
        if (s.length() != length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            char c = s.charAt(i);
            if (Character.digit(c, 16) < 0 || c > 'f') {
                return false;
            }
        }
        return true;
    }

    /** As {@code ^[^@\s]+@[^@\s]+\.[^@\s]+$}, without a regex. */
    static boolean isEmail(String s) {
        int at = s.indexOf('@');
        if (at <= 0 || s.indexOf('@', at + 1) >= 0) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == ' ' || c == '\t' || c == '\n' || c == 0x0B || c == '\f' || c == '\r') {
                return false; // the regex's \s
            }
        }
        int dot = s.indexOf('.', at + 2);
        return dot > 0 && dot < s.length() - 1;
    }

    /** A field name fit to be recorded: names that could themselves carry personal data are not. */
    private static String safeName(String name) {
        return PLAIN_NAME.matcher(name).matches() ? name : "(unnamed)";
    }

    private static final class Context {
        final Optional<ZoneId> sourceZone;
        final MinimizationReport.Builder report = new MinimizationReport.Builder();

        Context(Optional<ZoneId> sourceZone) {
            this.sourceZone = sourceZone;
        }
    }

    /** Control flow out of a nested field: never escapes this class. */
    private static final class Reject extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final RejectReason reason;
        final String field;

        Reject(RejectReason reason, String field, String detail) {
            super(detail, null, false, false);
            this.reason = reason;
            this.field = field;
        }
    }
}
