package org.vellum.web.api;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.vellum.canonical.Json;
import org.vellum.canonical.JsonException;
import org.vellum.problem.VellumException;

/** Optional JSON-object request bodies (job parameters, a reason). */
final class Bodies {
    private Bodies() {}

    /** The body as a JSON object; an empty body is an empty object. {@code expected} is the error when it is not one. */
    static Map<?, ?> object(byte[] body, String expected) {
        if (body == null || body.length == 0) {
            return Map.of();
        }
        Object parsed;
        try {
            parsed = Json.parse(new String(body, StandardCharsets.UTF_8));
        } catch (JsonException e) {
            throw new VellumException(
                    VellumException.Kind.INVALID, "invalid-json", "the body is not JSON: " + e.getMessage());
        }
        if (!(parsed instanceof Map<?, ?> map)) {
            throw new VellumException(VellumException.Kind.INVALID, "invalid-json", expected);
        }
        return map;
    }
}
