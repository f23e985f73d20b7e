package org.vellum.event;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * One allowed field of an event type. Objects carry their own allow-list; {@code openScalars} lets an object keep
 * further scalar members (the producer spec's {@code config.*}).
 */
public record FieldSpec(
        String name,
        FieldKind kind,
        boolean required,
        List<String> values,
        List<FieldSpec> children,
        boolean openScalars) {

    public FieldSpec {
        Objects.requireNonNull(name);
        Objects.requireNonNull(kind);
        values = List.copyOf(values);
        children = List.copyOf(children);
        if ((kind == FieldKind.ENUM) == values.isEmpty()) {
            throw new IllegalArgumentException(name + ": enum values go with ENUM fields only");
        }
        if (kind != FieldKind.OBJECT && (!children.isEmpty() || openScalars)) {
            throw new IllegalArgumentException(name + ": only objects have children");
        }
    }

    static FieldSpec required(String name, FieldKind kind) {
        return new FieldSpec(name, kind, true, List.of(), List.of(), false);
    }

    static FieldSpec optional(String name, FieldKind kind) {
        return new FieldSpec(name, kind, false, List.of(), List.of(), false);
    }

    static FieldSpec requiredEnum(String name, String... values) {
        return new FieldSpec(name, FieldKind.ENUM, true, List.of(values), List.of(), false);
    }

    static FieldSpec requiredObject(String name, FieldSpec... children) {
        return new FieldSpec(name, FieldKind.OBJECT, true, List.of(), List.of(children), false);
    }

    static FieldSpec requiredOpenObject(String name, FieldSpec... children) {
        return new FieldSpec(name, FieldKind.OBJECT, true, List.of(), List.of(children), true);
    }

    /** This field as a JSON-ready description, part of the published minimization policy. */
    Map<String, Object> describe() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("kind", kind.name().toLowerCase(Locale.ROOT));
        d.put("required", required);
        if (!values.isEmpty()) {
            d.put("values", values);
        }
        if (kind == FieldKind.OBJECT) {
            Map<String, Object> fields = new LinkedHashMap<>();
            children.forEach(c -> fields.put(c.name(), c.describe()));
            d.put("fields", fields);
            d.put("other_scalars_kept", openScalars);
        }
        return d;
    }
}
