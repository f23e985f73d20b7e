package org.vellum.web.api;

import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.vellum.canonical.CanonicalJson;
import org.vellum.collect.CollectBackend;
import org.vellum.collect.QuarantinedLine;
import org.vellum.security.Role;

/**
 * {@code /quarantine}: lines the collection could not append, newest first, with the reason and a masked excerpt.
 * They are deleted when their retention ends ({@code vellum.quarantine.retention}).
 */
@RequestScoped
@Path("/quarantine")
@Produces(MediaType.APPLICATION_JSON)
public class QuarantineResource {
    @Inject
    CollectBackend collect;

    @GET
    @RolesAllowed(Role.COMPLIANCE_OFFICER_NAME)
    public String list(
            @QueryParam("reason") String reason,
            @QueryParam("source") String source,
            @QueryParam("offset") @DefaultValue("0") int offset,
            @QueryParam("limit") @DefaultValue("100") int limit) {
        Pages.check(offset, limit);
        Optional<String> r = Optional.ofNullable(reason).filter(s -> !s.isBlank());
        Optional<String> s = Optional.ofNullable(source).filter(x -> !x.isBlank());
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("total", collect.store().quarantineCount(r, s));
        json.put("offset", offset);
        json.put(
                "items",
                collect.store().quarantine(r, s, offset, limit).stream()
                        .map(QuarantineResource::json)
                        .toList());
        return CanonicalJson.string(json);
    }

    private static Map<String, Object> json(QuarantinedLine q) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", q.id());
        json.put("source", q.source());
        json.put("file", q.fileId());
        json.put("path", q.path());
        json.put("line", q.lineNo());
        json.put("reason", q.reason());
        if (q.field() != null) {
            json.put("field", q.field());
        }
        json.put("detail", q.detail());
        json.put("excerpt", q.excerpt());
        json.put("job_instance", q.jobInstance());
        json.put("quarantined_at", q.quarantinedAt().toString());
        json.put("expires_at", q.expiresAt().toString());
        return json;
    }
}
