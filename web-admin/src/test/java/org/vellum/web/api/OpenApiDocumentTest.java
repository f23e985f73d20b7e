package org.vellum.web.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.ws.rs.Path;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.vellum.canonical.CanonicalJson;
import org.vellum.canonical.Json;

/** The OpenAPI document describes every resource of the package, read off their annotations. */
class OpenApiDocumentTest {
    private static final Map<String, Object> DOC =
            Json.parseObject(CanonicalJson.string(OpenApiDocument.of(RestApplication.RESOURCES)));

    @SuppressWarnings("unchecked")
    private static Map<String, Object> op(String path, String method) {
        Map<String, Object> item = (Map<String, Object>) ((Map<String, Object>) DOC.get("paths")).get(path);
        assertTrue(item != null, path + " is not in the document: " + ((Map<?, ?>) DOC.get("paths")).keySet());
        Map<String, Object> op = (Map<String, Object>) item.get(method);
        assertTrue(op != null, method + " " + path + " is not in the document: " + item.keySet());
        return op;
    }

    @Test
    void everyResourceClassOfThePackageIsServedAndDescribed() throws IOException, URISyntaxException {
        java.nio.file.Path dir = Paths.get(RestApplication.class
                        .getResource("RestApplication.class")
                        .toURI())
                .getParent();
        List<String> unlisted = new ArrayList<>();
        try (Stream<java.nio.file.Path> files = Files.list(dir)) {
            for (java.nio.file.Path f : files.toList()) {
                String name = f.getFileName().toString();
                if (name.endsWith(".class") && !name.contains("$")) {
                    try {
                        Class<?> c = Class.forName("org.vellum.web.api." + name.replace(".class", ""));
                        if (c.isAnnotationPresent(Path.class) && !RestApplication.RESOURCES.contains(c)) {
                            unlisted.add(c.getSimpleName());
                        }
                    } catch (ClassNotFoundException e) {
                        throw new IllegalStateException(e);
                    }
                }
            }
        }
        assertEquals(
                List.of(),
                unlisted,
                "resources missing from RestApplication.RESOURCES are neither served nor described");
    }

    @Test
    void operationsCarryTheirRolesParametersAndMediaTypes() {
        assertEquals("3.1.0", DOC.get("openapi"));
        assertEquals(List.of("admin"), op("/jobs/schedules/{job}", "put").get("x-roles"));
        assertEquals(List.of("compliance-officer"), op("/quarantine", "get").get("x-roles"));
        assertEquals(List.of(), op("/trust-anchors", "get").get("security"), "the trust anchors are public");

        List<?> params = (List<?>) op("/quarantine", "get").get("parameters");
        assertEquals(
                List.of("reason", "source", "offset", "limit"),
                params.stream().map(p -> ((Map<?, ?>) p).get("name")).toList());
        assertEquals(
                "{\"default\":100,\"type\":\"integer\"}",
                CanonicalJson.string(((Map<?, ?>) params.get(3)).get("schema")),
                "limit's default, as the resource declares it");
        Map<?, ?> copies = op("/archives/{n}/copies", "get");
        assertTrue(
                copies.get("parameters").toString().contains("offset"),
                "every list pages: " + copies.get("parameters"));

        Map<?, ?> ok =
                (Map<?, ?>) ((Map<?, ?>) op("/archives/{n}/content", "get").get("responses")).get("2XX");
        assertTrue(((Map<?, ?>) ok.get("content")).containsKey("application/vnd.etsi.asic-e+zip"), ok.toString());
        assertTrue(op("/events", "post").containsKey("requestBody"));
        assertTrue(!op("/events/{eventId}", "get").containsKey("requestBody"), "a @Context parameter is no body");
    }
}
