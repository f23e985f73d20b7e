package org.vellum.web.api;

import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.vellum.canonical.CanonicalJson;
import org.vellum.event.Instants;
import org.vellum.problem.VellumException;
import org.vellum.security.Role;
import org.vellum.tape.TapeExporter;
import org.vellum.tapes.CartridgeRecord;
import org.vellum.tapes.TapeService;

/** {@code /tapes}: the cartridges written by tape-export, and each one's catalog (docs/tape.md). */
@RequestScoped
@Path("/tapes")
@Produces(MediaType.APPLICATION_JSON)
public class TapesResource {
    @Inject
    TapeService tapes;

    @GET
    @RolesAllowed({Role.ARCHIVIST_NAME, Role.ADMIN_NAME, Role.COMPLIANCE_OFFICER_NAME, Role.AUDITOR_NAME})
    public String list(
            @QueryParam("offset") @DefaultValue("0") int offset, @QueryParam("limit") @DefaultValue("50") int limit) {
        Pages.check(offset, limit);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("total", tapes.library().table().cartridgeCount());
        json.put("offset", offset);
        json.put(
                "items",
                tapes.library().table().cartridges(offset, limit).stream()
                        .map(TapesResource::cartridge)
                        .toList());
        return CanonicalJson.string(json);
    }

    /** The cartridge with its catalog: every archive tape file with its members' sizes and SHA-256. */
    @GET
    @Path("{barcode}")
    @RolesAllowed({Role.ARCHIVIST_NAME, Role.ADMIN_NAME, Role.COMPLIANCE_OFFICER_NAME, Role.AUDITOR_NAME})
    public String cartridge(@PathParam("barcode") String barcode) {
        CartridgeRecord c = tapes.library()
                .table()
                .cartridge(barcode)
                .orElseThrow(() -> new VellumException(
                        VellumException.Kind.NOT_FOUND,
                        "no-such-cartridge",
                        "no cartridge " + barcode + " was written"));
        Map<String, Object> json = cartridge(c);
        tapes.library().progress(barcode).ifPresent(p -> {
            Map<String, Object> progress = new LinkedHashMap<>();
            progress.put("tape_file", p.tapeFile());
            progress.put("records", p.records());
            json.put("progress", progress);
        });
        List<Map<String, Object>> files = tapes.library().table().files(barcode).stream()
                .map(TapesResource::file)
                .toList();
        json.put("files", files);
        return CanonicalJson.string(json);
    }

    private static Map<String, Object> cartridge(CartridgeRecord c) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("barcode", c.barcode());
        json.put("device", c.device());
        json.put("medium", c.medium());
        json.put("record_size", c.recordSize());
        json.put("state", c.state());
        json.put("job_instance", c.jobInstance());
        json.put("started_at", format(c.startedAt()));
        json.put("written_at", format(c.writtenAt()));
        json.put("verified_at", format(c.verifiedAt()));
        json.put("verify_result", c.verifyResult());
        json.put("full", c.full());
        return json;
    }

    private static Map<String, Object> file(TapeExporter.Entry f) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("tape_file", f.tapeFile());
        json.put("seal_number", f.sealNumber());
        json.put("records", f.records());
        json.put("members", f.members().stream().map(TapeExporter.Member::json).toList());
        if (f.span() != null) {
            json.put("span", f.span().json());
        }
        return json;
    }

    private static String format(java.time.Instant t) {
        return t == null ? null : Instants.format(t);
    }
}
