package org.vellum.web.api;

import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.vellum.canonical.CanonicalJson;
import org.vellum.event.Instants;
import org.vellum.problem.VellumException;
import org.vellum.security.AdminActions;
import org.vellum.security.Role;
import org.vellum.worm.StorageAlert;
import org.vellum.worm.StorageService;
import org.vellum.worm.TargetRecord;
import org.vellum.worm.VerifyRun;

/**
 * {@code /storage}: the WORM targets with their self-test verdicts, the admin's acceptance of a target that is not
 * write-once, the last verification of the stored copies; and {@code /alerts}, what needs a person's attention.
 */
@RequestScoped
@Path("/")
public class StorageResource {
    @Inject
    StorageService storage;

    @Context
    SecurityContext security;

    @Inject
    AdminActions actions;

    @GET
    @Path("storage/targets")
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({Role.ADMIN_NAME, Role.ARCHIVIST_NAME})
    public String targets(
            @QueryParam("offset") @DefaultValue("0") int offset, @QueryParam("limit") @DefaultValue("100") int limit) {
        return CanonicalJson.string(Pages.of(storage.storage().targets(), offset, limit, StorageResource::target));
    }

    @GET
    @Path("storage/targets/{name}")
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({Role.ADMIN_NAME, Role.ARCHIVIST_NAME})
    public String target(@PathParam("name") String name) {
        storage.storage().target(name);
        return CanonicalJson.string(
                target(storage.storage().table().target(name).orElseThrow()));
    }

    /** Runs the target's WORM self-test now and answers the target with its new verdict. */
    @POST
    @Path("storage/targets/{name}/self-test")
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({Role.ADMIN_NAME, Role.ARCHIVIST_NAME})
    public String selfTest(@PathParam("name") String name) {
        storage.storage().target(name); // no-such-target before anything is recorded
        actions.record(security.getUserPrincipal().getName(), "storage.self_test", name);
        storage.storage().selfTest(name);
        return target(name);
    }

    /**
     * Takes a target that its self-test found not write-once for archive copies anyway; body {@code {"reason": ".."}}.
     * Recorded in the ledger as {@code storage.non_worm_accepted}.
     */
    @POST
    @Path("storage/targets/{name}/accept")
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed(Role.ADMIN_NAME)
    public String accept(@PathParam("name") String name, byte[] body) {
        TargetRecord r = storage.storage()
                .acceptNonWorm(name, security.getUserPrincipal().getName(), reason(body));
        return CanonicalJson.string(target(r));
    }

    /** The last run of verify-archives: how many stored copies, how many intact, the rate, the failures. */
    @GET
    @Path("storage/verifications/latest")
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({Role.ADMIN_NAME, Role.ARCHIVIST_NAME, Role.COMPLIANCE_OFFICER_NAME, Role.AUDITOR_NAME})
    public String lastVerification() {
        VerifyRun run = storage.storage()
                .lastVerification()
                .orElseThrow(() -> new VellumException(
                        VellumException.Kind.NOT_FOUND, "no-verification", "verify-archives has not run yet"));
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", run.id());
        json.put("started_at", Instants.format(run.startedAt()));
        json.put("finished_at", Instants.format(run.finishedAt()));
        json.put("copies", run.copies());
        json.put("intact", run.intact());
        json.put("integrity_verification_rate", String.format(java.util.Locale.ROOT, "%.2f", run.rate()));
        json.put("failures", run.failures());
        return CanonicalJson.string(json);
    }

    /** Alerts about stored copies and targets, newest first. */
    @GET
    @Path("alerts")
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({Role.ADMIN_NAME, Role.ARCHIVIST_NAME, Role.COMPLIANCE_OFFICER_NAME})
    public String alerts(
            @QueryParam("offset") @DefaultValue("0") int offset, @QueryParam("limit") @DefaultValue("100") int limit) {
        Pages.check(offset, limit);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("total", storage.storage().table().alertCount());
        json.put("offset", offset);
        json.put(
                "items",
                storage.storage().table().alerts(offset, limit).stream()
                        .map(StorageResource::alert)
                        .toList());
        return CanonicalJson.string(json);
    }

    private static Map<String, Object> alert(StorageAlert a) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", a.id());
        json.put("raised_at", Instants.format(a.raisedAt()));
        json.put("kind", a.kind());
        json.put("seal_number", a.sealNumber());
        json.put("target", a.target());
        json.put("message", a.message());
        return json;
    }

    static Map<String, Object> target(TargetRecord r) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("name", r.name());
        json.put("type", r.type());
        json.put("location", r.location());
        json.put("worm", r.worm());
        json.put("self_test_at", r.selfTestAt() == null ? null : Instants.format(r.selfTestAt()));
        json.put(
                "findings",
                r.findings() == null ? List.of() : Arrays.asList(r.findings().split("\n")));
        json.put("usable", r.usable());
        if (r.acceptedBy() != null) {
            Map<String, Object> accepted = new LinkedHashMap<>();
            accepted.put("by", r.acceptedBy());
            accepted.put("at", Instants.format(r.acceptedAt()));
            accepted.put("reason", r.acceptedReason());
            accepted.put("ledger_seq", r.acceptedSeq());
            json.put("accepted_non_worm", accepted);
        }
        return json;
    }

    /** The optional {@code reason} of a JSON body; an empty body has none. */
    static String reason(byte[] body) {
        Map<?, ?> map = Bodies.object(body, "the body is a JSON object with a string reason");
        if (!(map.get("reason") == null || map.get("reason") instanceof String)) {
            throw new VellumException(VellumException.Kind.INVALID, "invalid-json", "reason is a string");
        }
        String reason = (String) map.get("reason");
        if (reason != null && reason.length() > 1000) {
            throw new VellumException(VellumException.Kind.INVALID, "reason-too-long", "a reason is 1000 characters");
        }
        return reason;
    }
}
