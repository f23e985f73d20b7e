package org.vellum.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.vellum.canonical.Json;

/** A black-box HTTP client of the appliance's REST API, signed in as one of the test accounts. */
public final class Api {
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    private static final Properties PASSWORDS = TestUsers.load();

    private final URI base;
    private final String authorization;
    private final HttpClient http;

    private Api(URI base, String authorization) {
        this(base, authorization, HTTP);
    }

    private Api(URI base, String authorization, HttpClient http) {
        this.base = base;
        this.authorization = authorization;
        this.http = http;
    }

    /** The same account through another client (HTTPS with the test's own trust, for instance). */
    public Api via(URI otherBase, HttpClient client) {
        return new Api(otherBase, authorization, client);
    }

    /** {@code base} is the server root, e.g. http://127.0.0.1:8080/. */
    public static Api as(String role, URI base) {
        return as(role, PASSWORDS.getProperty(role), base);
    }

    public static Api as(String user, String password, URI base) {
        String token = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        return new Api(base, "Basic " + token);
    }

    /**
     * Signed in once through the console's form, then by the session cookie alone, as a producer that keeps its
     * session: no password check per request.
     */
    public static Api session(String user, String password, URI base) {
        HttpClient client = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NEVER)
                .cookieHandler(new java.net.CookieManager())
                .build();
        String form = "j_username=" + java.net.URLEncoder.encode(user, StandardCharsets.UTF_8) + "&j_password="
                + java.net.URLEncoder.encode(password, StandardCharsets.UTF_8);
        try {
            client.send(
                    HttpRequest.newBuilder(base.resolve("/vellum/")).build(), HttpResponse.BodyHandlers.discarding());
            HttpResponse<Void> signedIn = client.send(
                    HttpRequest.newBuilder(base.resolve("/vellum/j_security_check"))
                            .header("Content-Type", "application/x-www-form-urlencoded")
                            .POST(HttpRequest.BodyPublishers.ofString(form))
                            .build(),
                    HttpResponse.BodyHandlers.discarding());
            if (signedIn.statusCode() >= 400) {
                throw new IllegalStateException("sign-in of " + user + " answered " + signedIn.statusCode());
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return new Api(base, null, client);
    }

    public static Api anonymous(URI base) {
        return new Api(base, null);
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve("/vellum/api/v1" + path))
                .timeout(Duration.ofSeconds(120))
                .header(
                        "Accept",
                        "application/json, application/x-ndjson, application/problem+json, application/x-pem-file,"
                                + " application/pkix-crl, application/pkcs7-signature, application/octet-stream,"
                                + " application/vnd.etsi.asic-e+zip, application/pdf");
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return b;
    }

    public HttpResponse<String> get(String path) {
        return send(request(path).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    public HttpResponse<Path> download(String path, Path file) {
        return send(request(path).GET().build(), HttpResponse.BodyHandlers.ofFile(file));
    }

    public HttpResponse<String> post(String path, String json) {
        return post(path, json.getBytes(StandardCharsets.UTF_8));
    }

    public HttpResponse<String> post(String path, byte[] body) {
        return send(
                request(path)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    public HttpResponse<String> put(String path, String json) {
        return send(
                request(path)
                        .header("Content-Type", "application/json")
                        .PUT(HttpRequest.BodyPublishers.ofString(json))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    public HttpResponse<String> delete(String path) {
        return send(request(path).DELETE().build(), HttpResponse.BodyHandlers.ofString());
    }

    private <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        try {
            return http.send(request, handler);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Parses a JSON object response body. */
    public static Map<String, Object> object(HttpResponse<String> response) {
        return Json.parseObject(response.body());
    }

    /** Parses a JSON array response body of objects. */
    @SuppressWarnings("unchecked")
    public static List<Map<String, Object>> array(HttpResponse<String> response) {
        return (List<Map<String, Object>>) Json.parse(response.body());
    }

    /** {@code [e1, e2, ...]} from JSON object texts. */
    public static String jsonArray(List<String> events) {
        return "[" + String.join(",", events) + "]";
    }
}
