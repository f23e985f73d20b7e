package org.vellum.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/** Calls {@link DatabaseProbeServlet}, the test-only insider with direct database access. */
public final class Probe {
    public static final String NAME = "vellum-it-probe";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final URI base;

    public Probe(URI base) {
        this.base = base;
    }

    /** The probe's own small deployment; never part of the appliance. */
    public static WebArchive deployment() {
        return ShrinkWrap.create(WebArchive.class, NAME + ".war").addClass(DatabaseProbeServlet.class);
    }

    public String call(String op, Object... params) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("op", op);
        for (int i = 0; i < params.length; i += 2) {
            form.put(String.valueOf(params[i]), String.valueOf(params[i + 1]));
        }
        String body = form.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        try {
            HttpResponse<String> response = HTTP.send(
                    HttpRequest.newBuilder(base.resolve("/" + NAME + "/db"))
                            .header("Content-Type", "application/x-www-form-urlencoded")
                            .POST(HttpRequest.BodyPublishers.ofString(body))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("probe " + op + " failed: " + response.body());
            }
            return response.body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
