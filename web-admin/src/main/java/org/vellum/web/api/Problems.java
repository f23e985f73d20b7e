package org.vellum.web.api;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.Map;
import org.vellum.canonical.CanonicalJson;

/** RFC 9457 problem details, each with a stable {@code code} that docs/api.md lists. */
final class Problems {
    static final MediaType PROBLEM_JSON = new MediaType("application", "problem+json");

    private Problems() {}

    static Map<String, Object> body(int status, String code, String title, String detail) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "urn:vellum:problem:" + code);
        body.put("title", title);
        body.put("status", status);
        body.put("code", code);
        if (detail != null) {
            body.put("detail", detail);
        }
        return body;
    }

    static Response response(int status, String code, String title, String detail) {
        return response(body(status, code, title, detail));
    }

    static Response response(Map<String, Object> body) {
        return Response.status(((Number) body.get("status")).intValue())
                .type(PROBLEM_JSON)
                .entity(CanonicalJson.string(body))
                .build();
    }
}
