package org.vellum.web.api;

import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.vellum.canonical.CanonicalJson;
import org.vellum.security.Role;

/**
 * {@code /openapi}: the OpenAPI 3.1 document of the whole API, built from the resources themselves. Any account may
 * read it; the appliance serves nothing without a role.
 */
@ApplicationScoped
@Path("/openapi")
public class OpenApiResource {
    private volatile String document;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({
        Role.ADMIN_NAME,
        Role.PRODUCER_NAME,
        Role.COMPLIANCE_OFFICER_NAME,
        Role.ARCHIVIST_NAME,
        Role.AUDITOR_NAME
    })
    public String document() {
        String d = document;
        if (d == null) {
            d = CanonicalJson.string(OpenApiDocument.of(RestApplication.RESOURCES));
            document = d;
        }
        return d;
    }
}
