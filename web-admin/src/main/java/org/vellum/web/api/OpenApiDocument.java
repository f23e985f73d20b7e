package org.vellum.web.api;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The OpenAPI 3.1 document of the REST API, read off the JAX-RS annotations of its resources: every path and method,
 * its path and query parameters (with their defaults), the media types it takes and gives, problem details for every
 * error, and in {@code x-roles} the roles {@code @RolesAllowed} lets in (none: public). docs/api.md says what each
 * answer holds.
 */
final class OpenApiDocument {
    static final String PROBLEM = "application/problem+json";

    private OpenApiDocument() {}

    static Map<String, Object> of(List<Class<?>> resources) {
        Map<String, Object> paths = new TreeMap<>();
        for (Class<?> resource : resources) {
            Method[] methods = resource.getMethods();
            Arrays.sort(methods, Comparator.comparing(Method::getName));
            for (Method m : methods) {
                String verb = httpMethod(m);
                if (verb == null) {
                    continue;
                }
                @SuppressWarnings("unchecked")
                Map<String, Object> item =
                        (Map<String, Object>) paths.computeIfAbsent(path(resource, m), p -> new TreeMap<>());
                item.put(verb.toLowerCase(Locale.ROOT), operation(resource, m));
            }
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("openapi", "3.1.0");
        doc.put(
                "info",
                Map.of(
                        "title",
                        "Vellum REST API",
                        "version",
                        "1",
                        "description",
                        "The audit-log archive's API; docs/api.md describes every answer and problem code."));
        doc.put("servers", List.of(Map.of("url", "/vellum/api/v1")));
        doc.put("security", List.of(Map.of("basic", List.of())));
        doc.put("paths", paths);
        doc.put(
                "components",
                Map.of(
                        "securitySchemes",
                        Map.of("basic", Map.of("type", "http", "scheme", "basic")),
                        "schemas",
                        Map.of("Problem", problemSchema())));
        return doc;
    }

    private static String httpMethod(Method m) {
        for (Annotation a : m.getAnnotations()) {
            HttpMethod h = a.annotationType().getAnnotation(HttpMethod.class);
            if (h != null) {
                return h.value();
            }
        }
        return null;
    }

    /** The class's and the method's {@code @Path} joined, with regular expressions taken out of the templates. */
    static String path(Class<?> resource, Method m) {
        String p = "/" + value(resource.getAnnotation(Path.class)) + "/" + value(m.getAnnotation(Path.class));
        p = p.replaceAll("\\{\\s*(\\w+)\\s*:[^}]*}", "{$1}").replaceAll("/+", "/");
        return p.length() > 1 && p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
    }

    private static String value(Path path) {
        return path == null ? "" : path.value();
    }

    private static Map<String, Object> operation(Class<?> resource, Method m) {
        Map<String, Object> op = new TreeMap<>();
        op.put("operationId", lowerFirst(resource.getSimpleName().replace("Resource", "")) + "." + m.getName());
        op.put("tags", List.of(resource.getSimpleName().replace("Resource", "")));
        RolesAllowed roles = m.getAnnotation(RolesAllowed.class);
        if (roles == null) {
            roles = resource.getAnnotation(RolesAllowed.class);
        }
        List<String> allowed = roles == null ? List.of() : List.of(roles.value());
        op.put("x-roles", allowed);
        if (allowed.isEmpty()) {
            op.put("security", List.of());
        }
        List<Object> parameters = new ArrayList<>();
        boolean body = false;
        for (Parameter p : m.getParameters()) {
            PathParam path = p.getAnnotation(PathParam.class);
            QueryParam query = p.getAnnotation(QueryParam.class);
            if (path != null) {
                parameters.add(parameter(path.value(), "path", true, p));
            } else if (query != null) {
                parameters.add(parameter(query.value(), "query", false, p));
            } else if (p.getAnnotation(Context.class) == null) {
                body = true;
            }
        }
        if (!parameters.isEmpty()) {
            op.put("parameters", parameters);
        }
        if (body) {
            Map<String, Object> content = new TreeMap<>();
            for (String type : mediaTypes(resource, m, true)) {
                content.put(type.equals("*/*") ? "application/json" : type, Map.of());
            }
            op.put("requestBody", Map.of("required", false, "content", content));
        }
        Map<String, Object> ok = new TreeMap<>();
        ok.put("description", "see docs/api.md");
        Map<String, Object> content = new TreeMap<>();
        for (String type : mediaTypes(resource, m, false)) {
            content.put(type, Map.of());
        }
        if (!content.isEmpty()) {
            ok.put("content", content);
        }
        op.put(
                "responses",
                Map.of(
                        "2XX",
                        ok,
                        "default",
                        Map.of(
                                "description",
                                "a problem (RFC 9457) with a stable code",
                                "content",
                                Map.of(PROBLEM, Map.of("schema", Map.of("$ref", "#/components/schemas/Problem"))))));
        return op;
    }

    private static Map<String, Object> parameter(String name, String in, boolean required, Parameter p) {
        Map<String, Object> schema = new TreeMap<>();
        Class<?> type = p.getType();
        schema.put(
                "type",
                type == int.class || type == long.class || type == Integer.class || type == Long.class
                        ? "integer"
                        : type == boolean.class || type == Boolean.class ? "boolean" : "string");
        DefaultValue dflt = p.getAnnotation(DefaultValue.class);
        if (dflt != null) {
            schema.put(
                    "default",
                    schema.get("type").equals("integer") ? (Object) Long.parseLong(dflt.value()) : dflt.value());
        }
        Map<String, Object> param = new TreeMap<>();
        param.put("name", name);
        param.put("in", in);
        param.put("required", required);
        param.put("schema", schema);
        return param;
    }

    private static List<String> mediaTypes(Class<?> resource, Method m, boolean consumes) {
        String[] types;
        if (consumes) {
            Consumes c = m.getAnnotation(Consumes.class) != null
                    ? m.getAnnotation(Consumes.class)
                    : resource.getAnnotation(Consumes.class);
            types = c == null ? new String[] {"application/json"} : c.value();
        } else {
            Produces p = m.getAnnotation(Produces.class) != null
                    ? m.getAnnotation(Produces.class)
                    : resource.getAnnotation(Produces.class);
            types = p == null ? new String[0] : p.value();
        }
        List<String> out = new ArrayList<>();
        for (String t : types) {
            for (String one : t.split(",")) {
                out.add(one.strip().replaceAll(";.*", ""));
            }
        }
        return out;
    }

    private static Map<String, Object> problemSchema() {
        Map<String, Object> props = new TreeMap<>();
        props.put("type", Map.of("type", "string"));
        props.put("title", Map.of("type", "string"));
        props.put("status", Map.of("type", "integer"));
        props.put("detail", Map.of("type", "string"));
        props.put("code", Map.of("type", "string", "description", "stable; docs/api.md lists every code"));
        return Map.of("type", "object", "required", List.of("status", "code"), "properties", props);
    }

    private static String lowerFirst(String s) {
        return s.isEmpty() ? s : Character.toLowerCase(s.charAt(0)) + s.substring(1);
    }
}
