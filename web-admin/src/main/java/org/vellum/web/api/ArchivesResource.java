package org.vellum.web.api;

import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
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
import jakarta.ws.rs.core.StreamingOutput;
import java.nio.file.Files;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.vellum.archive.ArchiveLayout;
import org.vellum.archive.ArchiveProblem;
import org.vellum.archive.ArchiveRecord;
import org.vellum.archive.ArchiveReport;
import org.vellum.archive.ArchiveService;
import org.vellum.canonical.CanonicalJson;
import org.vellum.event.Instants;
import org.vellum.ledger.Hashes;
import org.vellum.problem.VellumException;
import org.vellum.security.Role;
import org.vellum.worm.CopyRecord;
import org.vellum.worm.CopyTable;
import org.vellum.worm.StorageService;

/**
 * {@code /archives}: the signed archive of each seal (ETSI ASiC-E) and its signed PDF/A-3 attestation, for compliance
 * officers, auditors and archivists; and a verification on demand, as {@code vellum-verify archive} does it.
 */
@RequestScoped
@Path("/archives")
public class ArchivesResource {
    static final String PDF = "application/pdf";

    @Inject
    ArchiveService archives;

    @Inject
    StorageService storage;

    @Context
    SecurityContext security;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({Role.COMPLIANCE_OFFICER_NAME, Role.AUDITOR_NAME, Role.ARCHIVIST_NAME, Role.ADMIN_NAME})
    public String list(
            @QueryParam("offset") @DefaultValue("0") int offset, @QueryParam("limit") @DefaultValue("100") int limit) {
        Pages.check(offset, limit);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("total", archives.count());
        json.put("offset", offset);
        json.put(
                "items",
                archives.page(offset, limit).stream()
                        .map(ArchivesResource::summary)
                        .toList());
        return CanonicalJson.string(json);
    }

    @GET
    @Path("{n}")
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({Role.COMPLIANCE_OFFICER_NAME, Role.AUDITOR_NAME, Role.ARCHIVIST_NAME, Role.ADMIN_NAME})
    public String archive(@PathParam("n") long n) {
        return CanonicalJson.string(summary(archives.byNumber(n)));
    }

    /** The {@code .asice} file, streamed, with its SHA-256 as {@code Repr-Digest} (RFC 9530). */
    @GET
    @Path("{n}/content")
    @Produces(ArchiveLayout.MIMETYPE)
    @RolesAllowed({Role.COMPLIANCE_OFFICER_NAME, Role.AUDITOR_NAME, Role.ARCHIVIST_NAME})
    public Response content(@PathParam("n") long n) {
        ArchiveRecord r = archives.byNumber(n);
        return file(archives.file(r), ArchiveLayout.MIMETYPE, r.fileName(), r.size(), r.sha256());
    }

    /** The signed PDF/A-3b attestation. */
    @GET
    @Path("{n}/attestation.pdf")
    @Produces(PDF)
    @RolesAllowed({Role.COMPLIANCE_OFFICER_NAME, Role.AUDITOR_NAME, Role.ARCHIVIST_NAME})
    public Response attestation(@PathParam("n") long n) {
        ArchiveRecord r = archives.byNumber(n);
        return file(archives.attestationFile(r), PDF, r.attestationName(), r.attestationSize(), r.attestationSha256());
    }

    /** Where the archive is stored: one entry per WORM target, with its state, locations, checksum and retention. */
    @GET
    @Path("{n}/copies")
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({Role.COMPLIANCE_OFFICER_NAME, Role.AUDITOR_NAME, Role.ARCHIVIST_NAME, Role.ADMIN_NAME})
    public String copies(
            @PathParam("n") long n,
            @QueryParam("offset") @DefaultValue("0") int offset,
            @QueryParam("limit") @DefaultValue("100") int limit) {
        archives.byNumber(n);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("seal_number", n);
        json.put(
                "legal_hold",
                storage.storage().hold(n).map(ArchivesResource::hold).orElse(null));
        json.putAll(Pages.of(storage.storage().copies(n), offset, limit, ArchivesResource::copy));
        return CanonicalJson.string(json);
    }

    /** Puts the archive on legal hold: its copies are kept past retention until released. In the ledger first. */
    @PUT
    @Path("{n}/legal-hold")
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({Role.COMPLIANCE_OFFICER_NAME, Role.ADMIN_NAME})
    public String setHold(@PathParam("n") long n, byte[] body) {
        return CanonicalJson.string(hold(
                storage.storage().setHold(n, security.getUserPrincipal().getName(), StorageResource.reason(body))));
    }

    @DELETE
    @Path("{n}/legal-hold")
    @RolesAllowed({Role.COMPLIANCE_OFFICER_NAME, Role.ADMIN_NAME})
    public Response releaseHold(@PathParam("n") long n, @QueryParam("reason") String reason) {
        if (reason != null && reason.length() > 1000) {
            throw new VellumException(VellumException.Kind.INVALID, "reason-too-long", "a reason is 1000 characters");
        }
        storage.storage().releaseHold(n, security.getUserPrincipal().getName(), reason);
        return Response.noContent().build();
    }

    private static Map<String, Object> hold(CopyTable.Hold h) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("since", Instants.format(h.since()));
        json.put("by", h.by());
        json.put("reason", h.reason());
        json.put("ledger_seq", h.seq());
        return json;
    }

    private static Map<String, Object> copy(CopyRecord c) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("target", c.target());
        json.put("state", c.state());
        json.put("archive_location", c.archiveLocation());
        json.put("attestation_location", c.attestationLocation());
        json.put("archive_sha256", c.archiveSha256());
        json.put("attestation_sha256", c.attestationSha256());
        json.put("size", c.size());
        json.put("immutable", c.immutable());
        json.put("retain_until", Instants.format(c.retainUntil()));
        json.put("stored_at", c.storedAt() == null ? null : Instants.format(c.storedAt()));
        json.put("verified_at", c.verifiedAt() == null ? null : Instants.format(c.verifiedAt()));
        json.put("verify_result", c.verifyResult());
        json.put("purged_at", c.purgedAt() == null ? null : Instants.format(c.purgedAt()));
        json.put("purge_ledger_seq", c.purgeSeq());
        return json;
    }

    /** Re-reads the archive and its attestation from storage and verifies them; 200 with the report either way. */
    @POST
    @Path("{n}/verify")
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({Role.COMPLIANCE_OFFICER_NAME, Role.AUDITOR_NAME, Role.ARCHIVIST_NAME})
    public String verify(@PathParam("n") long n) {
        ArchiveReport report = archives.verify(n);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("seal_number", n);
        json.put("intact", report.intact());
        json.put("held", report.held());
        json.put(
                "problems",
                report.problems().stream().map(ArchivesResource::problem).toList());
        return CanonicalJson.string(json);
    }

    private static Map<String, Object> problem(ArchiveProblem p) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("failure", p.failure().name());
        json.put("member", p.member());
        json.put("seq", p.seq());
        json.put("detail", p.detail());
        return json;
    }

    private static Response file(java.nio.file.Path path, String type, String name, long size, String sha256) {
        if (!Files.isReadable(path)) {
            throw new VellumException(
                    VellumException.Kind.UNAVAILABLE,
                    "archive-storage",
                    name + " is recorded but cannot be read from the archive folder");
        }
        StreamingOutput body = out -> Files.copy(path, out);
        return Response.ok(body, type)
                .header("Content-Disposition", "attachment; filename=\"" + name + "\"")
                .header("Content-Length", size)
                .header(
                        "Repr-Digest",
                        "sha-256=:" + Base64.getEncoder().encodeToString(Hashes.fromHex(sha256, Hashes.LENGTH)) + ":")
                .build();
    }

    static Map<String, Object> summary(ArchiveRecord r) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("seal_number", r.sealNumber());
        json.put("file_name", r.fileName());
        json.put("size", r.size());
        json.put("sha256", r.sha256());
        json.put("manifest_sha256", r.manifestSha256());
        json.put("entries", r.entries());
        json.put("parts", r.parts());
        json.put("packaged_at", r.packagedAt().toString());
        if (r.attested()) {
            Map<String, Object> a = new LinkedHashMap<>();
            a.put("file_name", r.attestationName());
            a.put("size", r.attestationSize());
            a.put("sha256", r.attestationSha256());
            a.put("attested_at", r.attestedAt().toString());
            json.put("attestation", a);
        } else {
            json.put("attestation", null);
        }
        json.put("verified_at", r.verifiedAt() == null ? null : r.verifiedAt().toString());
        json.put("verify_result", r.verifyResult());
        return json;
    }
}
