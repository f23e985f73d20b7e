package org.vellum.web.api;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriInfo;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.vellum.canonical.CanonicalJson;
import org.vellum.collect.RunRecord;
import org.vellum.jobs.JobLauncher;
import org.vellum.jobs.JobScheduler;
import org.vellum.jobs.JobView;
import org.vellum.problem.VellumException;
import org.vellum.security.AdminActions;
import org.vellum.security.Role;

/** {@code /jobs}: start, watch, restart and stop the appliance's batch jobs. */
@RequestScoped
@Path("/jobs")
@Produces(MediaType.APPLICATION_JSON)
public class JobsResource {
    @Inject
    JobLauncher launcher;

    @EJB
    JobScheduler scheduler;

    @Inject
    AdminActions actions;

    @Context
    UriInfo uri;

    @Context
    SecurityContext security;

    /** Starts {@code nightly-archive}; the body is an optional JSON object of string job parameters. */
    @POST
    @Path("{job}")
    @Consumes(MediaType.WILDCARD)
    @RolesAllowed(Role.ADMIN_NAME)
    public Response start(@PathParam("job") String job, byte[] body) {
        Map<String, String> parameters = parameters(body);
        if (JobLauncher.isJob(job)) {
            actions.record(security.getUserPrincipal().getName(), "job.start", job);
        }
        JobView view = launcher.start(job, parameters);
        return accepted(view);
    }

    /**
     * Starts {@code tape-export} (docs/tape.md): archivists move archives to tape. The body is a JSON object of job
     * parameters: {@code device}, {@code barcode}, and optionally {@code archives}, {@code period},
     * {@code includeExported}.
     */
    @POST
    @Path(JobLauncher.TAPE_EXPORT)
    @Consumes(MediaType.WILDCARD)
    @RolesAllowed({Role.ARCHIVIST_NAME, Role.ADMIN_NAME})
    public Response exportToTape(byte[] body) {
        Map<String, String> parameters = parameters(body);
        actions.record(security.getUserPrincipal().getName(), "job.start", JobLauncher.TAPE_EXPORT);
        return accepted(launcher.start(JobLauncher.TAPE_EXPORT, parameters));
    }

    @GET
    @RolesAllowed({Role.ADMIN_NAME, Role.COMPLIANCE_OFFICER_NAME, Role.ARCHIVIST_NAME})
    public String list(
            @QueryParam("offset") @DefaultValue("0") int offset, @QueryParam("limit") @DefaultValue("50") int limit) {
        Pages.check(offset, limit);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("total", launcher.executionCount());
        json.put("offset", offset);
        json.put(
                "items",
                launcher.executions(offset, limit).stream()
                        .map(JobsResource::json)
                        .toList());
        return CanonicalJson.string(json);
    }

    /** Each job's schedule and its next run (server time). */
    @GET
    @Path("schedules")
    @RolesAllowed({Role.ADMIN_NAME, Role.COMPLIANCE_OFFICER_NAME})
    public String schedules(
            @QueryParam("offset") @DefaultValue("0") int offset, @QueryParam("limit") @DefaultValue("50") int limit) {
        return CanonicalJson.string(Pages.of(scheduler.schedules(), offset, limit, JobsResource::schedule));
    }

    /**
     * Changes a job's schedule: a JSON object with {@code cron} and/or {@code enabled}. Each changed value is appended
     * to the ledger as {@code config.changed} first.
     */
    @PUT
    @Path("schedules/{job}")
    @Consumes(MediaType.WILDCARD)
    @RolesAllowed(Role.ADMIN_NAME)
    public String changeSchedule(@PathParam("job") String job, byte[] body) {
        Map<?, ?> map = Bodies.object(body, "a schedule change is a JSON object");
        Object cron = map.get("cron");
        Object enabled = map.get("enabled");
        if ((cron != null && !(cron instanceof String)) || (enabled != null && !(enabled instanceof Boolean))) {
            throw new VellumException(
                    VellumException.Kind.INVALID, "bad-schedule", "cron is a string and enabled true or false");
        }
        for (Object key : map.keySet()) {
            if (!"cron".equals(key) && !"enabled".equals(key)) {
                throw new VellumException(
                        VellumException.Kind.INVALID, "bad-schedule", "a schedule has only cron and enabled: " + key);
            }
        }
        String admin = security.getUserPrincipal().getName();
        return CanonicalJson.string(schedule(scheduler.change(job, (String) cron, (Boolean) enabled, admin)));
    }

    static Map<String, Object> schedule(JobScheduler.Schedule s) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("job", s.job());
        json.put("cron", s.cron());
        json.put("enabled", s.enabled());
        putIfPresent(json, "next_run", s.nextRun());
        putIfPresent(json, "changed_by", s.changedBy());
        putIfPresent(json, "changed_at", s.changedAt());
        return json;
    }

    @GET
    @Path("executions/{id}")
    @RolesAllowed({Role.ADMIN_NAME, Role.COMPLIANCE_OFFICER_NAME, Role.ARCHIVIST_NAME})
    public String execution(@PathParam("id") long id) {
        return CanonicalJson.string(json(launcher.execution(id)));
    }

    /**
     * Restarts a failed or stopped execution; an optional JSON body overrides job parameters (for tape-export, say,
     * the barcode of another cartridge). Archivists restart and stop tape exports only.
     */
    @POST
    @Path("executions/{id}/restart")
    @Consumes(MediaType.WILDCARD)
    @RolesAllowed({Role.ADMIN_NAME, Role.ARCHIVIST_NAME})
    public Response restart(@PathParam("id") long id, byte[] body) {
        refuseUnlessAllowed(id);
        Map<String, String> overrides = parameters(body);
        actions.record(security.getUserPrincipal().getName(), "job.restart", "execution " + id);
        return accepted(launcher.restart(id, overrides));
    }

    @POST
    @Path("executions/{id}/stop")
    @Consumes(MediaType.WILDCARD)
    @RolesAllowed({Role.ADMIN_NAME, Role.ARCHIVIST_NAME})
    public Response stop(@PathParam("id") long id) {
        refuseUnlessAllowed(id);
        actions.record(security.getUserPrincipal().getName(), "job.stop", "execution " + id);
        return accepted(launcher.stop(id));
    }

    /** An archivist who is not also an admin may act on tape-export executions only; the execution must exist. */
    private void refuseUnlessAllowed(long id) {
        String job = launcher.execution(id).jobName();
        if (!security.isUserInRole(Role.ADMIN_NAME) && !JobLauncher.TAPE_EXPORT.equals(job)) {
            throw new ForbiddenException("archivists restart and stop tape-export executions only");
        }
    }

    private Response accepted(JobView view) {
        return Response.accepted(CanonicalJson.string(json(view)))
                .location(uri.getBaseUriBuilder().path("jobs/executions/{id}").build(view.executionId()))
                .build();
    }

    static Map<String, String> parameters(byte[] body) {
        Map<?, ?> map = Bodies.object(body, "job parameters are a JSON object");
        Map<String, String> params = new LinkedHashMap<>();
        map.forEach((k, v) -> {
            if (!(v instanceof String) && !(v instanceof Number)) {
                throw new VellumException(
                        VellumException.Kind.INVALID,
                        "bad-job-parameter",
                        "job parameter " + k + " must be a string or number");
            }
            params.put((String) k, v instanceof java.math.BigDecimal n ? plain(n, k) : (String) v);
        });
        return params;
    }

    /** A number's digits; one that would need more than 64 is refused (1e999999999 would need a billion). */
    private static String plain(java.math.BigDecimal n, Object name) {
        if (n.precision() - n.scale() > 64 || n.scale() > 64) {
            throw new VellumException(
                    VellumException.Kind.INVALID, "bad-job-parameter", "job parameter " + name + " is out of range");
        }
        return n.toPlainString();
    }

    static Map<String, Object> json(JobView v) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("execution_id", v.executionId());
        json.put("instance_id", v.instanceId());
        json.put("job", v.jobName());
        json.put("status", v.status());
        putIfPresent(json, "exit_status", v.exitStatus());
        putIfPresent(json, "created_at", v.createTime());
        putIfPresent(json, "started_at", v.startTime());
        putIfPresent(json, "ended_at", v.endTime());
        json.put("parameters", v.parameters());
        List<Map<String, Object>> steps = v.steps().stream()
                .map(s -> {
                    Map<String, Object> step = new LinkedHashMap<>();
                    step.put("name", s.name());
                    step.put("status", s.status());
                    putIfPresent(step, "exit_status", s.exitStatus());
                    putIfPresent(step, "started_at", s.startTime());
                    putIfPresent(step, "ended_at", s.endTime());
                    step.put("metrics", s.metrics());
                    return step;
                })
                .toList();
        json.put("steps", steps);
        v.collection().ifPresent(r -> json.put("collection", collection(r)));
        return json;
    }

    private static Map<String, Object> collection(RunRecord r) {
        Map<String, Object> json = new LinkedHashMap<>();
        r.firstSeq().ifPresent(s -> json.put("first_seq", s));
        r.lastSeq().ifPresent(s -> json.put("last_seq", s));
        json.put("accounting", r.accounting().toJson());
        return json;
    }

    private static void putIfPresent(Map<String, Object> json, String name, Object value) {
        if (value != null) {
            json.put(name, value.toString());
        }
    }
}
