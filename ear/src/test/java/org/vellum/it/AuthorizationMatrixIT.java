package org.vellum.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.vellum.it.support.Api;
import org.vellum.it.support.Deployments;
import org.vellum.it.support.TestUsers;

/**
 * The authorization matrix, against the documentation: every endpoint of docs/api.md's table, called by every role and
 * without credentials. A role the table names must get past authorization (any answer but 401 and 403; the calls use
 * ids that do not exist and malformed bodies, so that nothing changes); every other role gets 403; no credentials get
 * 401; the two public reads answer everyone. A new endpoint missing from the table, or a table the server does not
 * keep, fails here.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class AuthorizationMatrixIT {
    private static final Pattern ROW = Pattern.compile("^\\| (`[A-Z]+ /[^|]*) \\| ([^|]+) \\|");
    private static final Pattern CALL = Pattern.compile("`([A-Z]+) (/[^`?]*)[^`]*`");
    private static final Pattern ROLE = Pattern.compile("`([a-z-]+)`");

    /** One documented endpoint and the roles the table allows; {@code open} for the public reads. */
    record Endpoint(String method, String path, Set<String> roles, boolean open) {}

    @Deployment(testable = false)
    static EnterpriseArchive appliance() {
        return Deployments.appliance();
    }

    @ArquillianResource
    URL url;

    private URI base() {
        return Deployments.serverRoot(url);
    }

    static List<Endpoint> documented() throws IOException {
        List<Endpoint> endpoints = new ArrayList<>();
        Set<String> previous = Set.of();
        for (String line : Files.readAllLines(Path.of("../docs/api.md"), StandardCharsets.UTF_8)) {
            Matcher row = ROW.matcher(line);
            if (!row.find() || row.group(1).contains("outside `/api/v1`")) {
                continue; // the built-in TSA at /vellum/tsa is outside the API; TimeStampClient tests cover it
            }
            String who = row.group(2).strip();
            boolean open = who.equals("none");
            Set<String> roles = new LinkedHashSet<>();
            if (who.equals("same")) {
                roles.addAll(previous);
            } else {
                Matcher r = ROLE.matcher(who);
                while (r.find()) {
                    if (!r.group(1).equals("tape-export")) {
                        roles.add(r.group(1));
                    }
                }
            }
            previous = roles;
            Matcher call = CALL.matcher(row.group(1));
            while (call.find()) {
                endpoints.add(new Endpoint(call.group(1), call.group(2), Set.copyOf(roles), open));
            }
        }
        return endpoints;
    }

    /** A path with ids that name nothing, so that an allowed call answers 400 or 404 and changes nothing. */
    private static String concrete(String path) {
        return path.replace("{eventId}", "00000000-0000-4000-8000-000000000000")
                .replace("{n}", "999999")
                .replace("{m}", "999999")
                .replace("{id}", "999999999")
                .replace("{name}", "no-such-target")
                .replace("{barcode}", "NOSUCHTAPE")
                .replace("{job}", "no-such-job");
    }

    private static HttpResponse<String> call(Api api, Endpoint e) {
        String path = concrete(e.path());
        return switch (e.method()) {
            case "GET" -> api.get(path);
            case "POST" -> api.post(path, "[");
            case "PUT" -> api.put(path, "[");
            case "DELETE" -> api.delete(path + "?reason=" + "x".repeat(1001));
            default -> throw new IllegalArgumentException(e.method());
        };
    }

    @Test
    void everyDocumentedEndpointTimesEveryRoleAndNoneKeepsTheTable() throws IOException {
        List<Endpoint> endpoints = documented();
        assertTrue(endpoints.size() >= 40, "the table was read: " + endpoints);
        List<String> wrong = new ArrayList<>();
        int calls = 0;
        for (Endpoint e : endpoints) {
            for (String role : TestUsers.ROLES) {
                if (e.method().equals("POST")
                        && e.path().equals("/seals")
                        && e.roles().contains(role)) {
                    continue; // it has no body to refuse: an allowed call would seal (SealsIT makes that call)
                }
                HttpResponse<String> r = call(Api.as(role, base()), e);
                calls++;
                int status = r.statusCode();
                boolean allowed = e.open() || e.roles().contains(role);
                if (allowed ? status == 401 || status == 403 : status != 403) {
                    wrong.add(e.method() + " " + e.path() + " as " + role + ": " + status + " ("
                            + (allowed ? "allowed" : "not allowed") + " by docs/api.md)");
                }
            }
            HttpResponse<String> anonymous = call(Api.anonymous(base()), e);
            calls++;
            if (e.open() ? anonymous.statusCode() != 200 : anonymous.statusCode() != 401) {
                wrong.add(e.method() + " " + e.path() + " without credentials: " + anonymous.statusCode());
            }
        }
        assertEquals(List.of(), wrong, calls + " calls; these differ from docs/api.md");
    }

    /**
     * The served OpenAPI document and the table list the same endpoints with the same roles: an endpoint the table
     * forgot, or one it names that the server does not have, fails here. A documented path matches the operation
     * whose template it fits with the fewest variables, as JAX-RS chooses ({@code /jobs/tape-export} before
     * {@code /jobs/{job}}).
     */
    @Test
    @SuppressWarnings("unchecked")
    void theServedOpenApiDocumentListsTheTablesEndpointsWithTheSameRoles() throws IOException {
        HttpResponse<String> r = Api.as("auditor", base()).get("/openapi");
        assertEquals(200, r.statusCode(), r.body());
        Map<String, Object> paths = (Map<String, Object>) Api.object(r).get("paths");
        Map<String, Set<String>> served = new TreeMap<>();
        paths.forEach((path, item) -> ((Map<String, Object>) item)
                .forEach((method, op) ->
                        served.put(method.toUpperCase(Locale.ROOT) + " " + path, new TreeSet<>((List<String>)
                                ((Map<String, Object>) op).get("x-roles")))));

        List<String> wrong = new ArrayList<>();
        Set<String> matched = new TreeSet<>();
        for (Endpoint e : documented()) {
            String best = null;
            for (String op : served.keySet()) {
                String template = op.substring(op.indexOf(' ') + 1);
                String regex = Arrays.stream(template.split("\\{\\w+}", -1))
                        .map(Pattern::quote)
                        .collect(Collectors.joining("[^/]+"));
                boolean fits = op.startsWith(e.method() + " ")
                        && e.path().replaceAll("\\{\\w+}", "x").matches(regex);
                if (fits && (best == null || variables(op) < variables(best))) {
                    best = op;
                }
            }
            if (best == null) {
                wrong.add(e.method() + " " + e.path() + " is in docs/api.md but the server does not describe it");
                continue;
            }
            matched.add(best);
            Set<String> documentedRoles = e.open() ? Set.of() : new TreeSet<>(e.roles());
            if (!served.get(best).equals(documentedRoles)) {
                wrong.add(e.method() + " " + e.path() + ": docs/api.md allows " + documentedRoles + ", the server "
                        + served.get(best));
            }
        }
        Set<String> undocumented = new TreeSet<>(served.keySet());
        undocumented.removeAll(matched);
        undocumented.forEach(op -> wrong.add(op + " is served but not in docs/api.md"));
        assertEquals(List.of(), wrong, served.size() + " operations served");
    }

    private static long variables(String op) {
        return op.chars().filter(c -> c == '{').count();
    }
}
