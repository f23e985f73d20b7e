package org.vellum.web.api;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.RequestScoped;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.vellum.canonical.CanonicalJson;
import org.vellum.problem.VellumException;
import org.vellum.security.Role;
import org.vellum.security.UserService;
import org.vellum.web.security.SignedInSessions;

/**
 * {@code /users}: who has which role; admins change roles, each change appended to the ledger first and ending the
 * account's open sessions.
 */
@RequestScoped
@Path("/users")
@Produces(MediaType.APPLICATION_JSON)
public class UsersResource {
    @EJB
    UserService users;

    @Context
    SecurityContext security;

    @GET
    @RolesAllowed(Role.ADMIN_NAME)
    public String list(
            @QueryParam("offset") @DefaultValue("0") int offset, @QueryParam("limit") @DefaultValue("100") int limit) {
        return CanonicalJson.string(Pages.of(users.users(), offset, limit, UsersResource::json));
    }

    @GET
    @Path("{name}")
    @RolesAllowed(Role.ADMIN_NAME)
    public String user(@PathParam("name") String name) {
        return CanonicalJson.string(json(users.user(name)));
    }

    /** Gives the user exactly the roles of the body, {@code {"roles": [...], "reason": "..."}}. */
    @PUT
    @Path("{name}/roles")
    @Consumes(MediaType.WILDCARD)
    @RolesAllowed(Role.ADMIN_NAME)
    public String setRoles(@PathParam("name") String name, byte[] body) {
        Map<?, ?> map = Bodies.object(body, "a role change is a JSON object");
        if (!(map.get("roles") instanceof List<?> list)) {
            throw new VellumException(VellumException.Kind.INVALID, "bad-roles", "roles is a JSON array of role names");
        }
        List<String> roles = new ArrayList<>();
        for (Object role : list) {
            if (!(role instanceof String r)) {
                throw new VellumException(VellumException.Kind.INVALID, "bad-roles", "a role is a string");
            }
            roles.add(r);
        }
        Object reason = map.get("reason");
        if (reason != null && !(reason instanceof String)) {
            throw new VellumException(VellumException.Kind.INVALID, "bad-roles", "reason is a string");
        }
        String admin = security.getUserPrincipal().getName();
        UserService.User changed = users.setRoles(admin, name, roles, (String) reason);
        SignedInSessions.endSessionsOf(name); // its open sessions would keep the roles they signed in with
        return CanonicalJson.string(json(changed));
    }

    static Map<String, Object> json(UserService.User u) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("name", u.name());
        json.put("roles", u.roles());
        json.put(
                "password_set_at",
                u.passwordSetAt() == null ? null : u.passwordSetAt().toString());
        return json;
    }
}
