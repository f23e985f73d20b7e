package org.vellum.web.api;

import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.StreamingOutput;
import jakarta.ws.rs.core.UriInfo;
import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.vellum.canonical.CanonicalJson;
import org.vellum.ledger.Hashes;
import org.vellum.ledger.LedgerExport;
import org.vellum.seal.Seal;
import org.vellum.seal.SealException;
import org.vellum.seal.SealRecord;
import org.vellum.seal.SealService;
import org.vellum.seal.SealSignature;
import org.vellum.security.AdminActions;
import org.vellum.security.Role;

/**
 * {@code /seals}: make a seal now (admin), list them, and hand out each seal's exact signed bytes, its detached CAdES
 * signature, its signature time-stamp, consistency proofs between seals, and the whole chain for {@code vellum-verify
 * seals}.
 */
@RequestScoped
@Path("/seals")
public class SealsResource {
    static final String SIGNATURE = "application/pkcs7-signature";
    static final String TOKEN = "application/octet-stream";

    @Inject
    SealService seals;

    @Inject
    UriInfo uri;

    @Context
    SecurityContext security;

    @Inject
    AdminActions actions;

    /** Seals everything appended since the last seal; 503 {@code tsa-unavailable} when no TSA answers. */
    @POST
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed(Role.ADMIN_NAME)
    public Response seal() {
        // in the ledger first: the seal it asks for covers it
        actions.record(security.getUserPrincipal().getName(), "seal.now", "ledger");
        SealRecord r = seals.sealNow();
        return Response.created(uri.getBaseUriBuilder()
                        .path("seals")
                        .path(Long.toString(r.number()))
                        .build())
                .entity(CanonicalJson.string(summary(r)))
                .type(MediaType.APPLICATION_JSON_TYPE)
                .build();
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({Role.ADMIN_NAME, Role.AUDITOR_NAME, Role.COMPLIANCE_OFFICER_NAME, Role.ARCHIVIST_NAME})
    public String list(
            @QueryParam("offset") @DefaultValue("0") int offset, @QueryParam("limit") @DefaultValue("100") int limit) {
        Pages.check(offset, limit);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("total", seals.count());
        json.put("offset", offset);
        json.put(
                "items",
                seals.page(offset, limit).stream().map(SealsResource::summary).toList());
        return CanonicalJson.string(json);
    }

    /** The seal's canonical JSON, byte for byte what the signature covers. */
    @GET
    @Path("{n}")
    @Produces({Seal.MEDIA_TYPE, MediaType.APPLICATION_JSON})
    @RolesAllowed({Role.ADMIN_NAME, Role.AUDITOR_NAME, Role.COMPLIANCE_OFFICER_NAME, Role.ARCHIVIST_NAME})
    public Response seal(@PathParam("n") long n) {
        return download(seals.byNumber(n).canonical(), null, "seal-" + n + ".json");
    }

    /** The detached CMS (CAdES-BASELINE-T) signature, DER. */
    @GET
    @Path("{n}/signature")
    @Produces(SIGNATURE)
    @RolesAllowed({Role.ADMIN_NAME, Role.AUDITOR_NAME, Role.COMPLIANCE_OFFICER_NAME, Role.ARCHIVIST_NAME})
    public Response signature(@PathParam("n") long n) {
        return download(seals.byNumber(n).signature(), SIGNATURE, "seal-" + n + ".p7s");
    }

    /** The signature time-stamp token (RFC 3161 TimeStampToken, a DER CMS ContentInfo) over the signature value. */
    @GET
    @Path("{n}/timestamp")
    @Produces(TOKEN)
    @RolesAllowed({Role.ADMIN_NAME, Role.AUDITOR_NAME, Role.COMPLIANCE_OFFICER_NAME, Role.ARCHIVIST_NAME})
    public Response timestamp(@PathParam("n") long n) throws SealException {
        return download(SealSignature.timeStampToken(seals.byNumber(n).signature()), TOKEN, "seal-" + n + ".tst");
    }

    /** The RFC 9162 consistency proof from seal n's ledger-wide tree to seal m's. */
    @GET
    @Path("{n}/consistency/{m}")
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({Role.ADMIN_NAME, Role.AUDITOR_NAME, Role.COMPLIANCE_OFFICER_NAME, Role.ARCHIVIST_NAME})
    public String consistency(@PathParam("n") long n, @PathParam("m") long m) {
        Seal older = seals.byNumber(n).seal();
        Seal newer = seals.byNumber(m).seal();
        List<byte[]> proof = seals.consistency(n, m);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("from_seal", n);
        json.put("to_seal", m);
        json.put("tree_size_1", older.lastSeq());
        json.put("tree_size_2", newer.lastSeq());
        json.put("root_1", Hashes.hex(older.ledgerRoot()));
        json.put("root_2", Hashes.hex(newer.ledgerRoot()));
        json.put("proof", proof.stream().map(Hashes::hex).toList());
        return CanonicalJson.string(json);
    }

    /** Every seal, one bundle per line, each with its consistency proof from the one before. */
    @GET
    @Path("export")
    @Produces(LedgerExport.MEDIA_TYPE)
    @RolesAllowed({Role.ADMIN_NAME, Role.AUDITOR_NAME, Role.COMPLIANCE_OFFICER_NAME, Role.ARCHIVIST_NAME})
    public Response export() {
        StreamingOutput body = out -> {
            BufferedWriter w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
            try {
                seals.bundles(b -> {
                    try {
                        w.write(b.line());
                        w.write('\n');
                    } catch (java.io.IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            } finally {
                w.flush();
            }
        };
        return Response.ok(body, LedgerExport.MEDIA_TYPE)
                .header("Content-Disposition", "attachment; filename=\"seals.jsonl\"")
                .build();
    }

    private static Response download(byte[] body, String type, String name) {
        Response.ResponseBuilder r = Response.ok(body);
        if (type != null) {
            r.type(type);
        }
        return r.header("Content-Disposition", "attachment; filename=\"" + name + "\"")
                .build();
    }

    static Map<String, Object> summary(SealRecord r) {
        Seal seal = r.seal();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("seal_number", r.number());
        json.put("sealed_at", r.sealedAt().toString());
        json.put("trigger", seal.trigger());
        json.put("first_seq", r.firstSeq());
        json.put("last_seq", r.lastSeq());
        json.put("tree_size", r.treeSize());
        json.put("merkle_root", Hashes.hex(seal.merkleRoot()));
        json.put("ledger_root", Hashes.hex(seal.ledgerRoot()));
        json.put("chain_hash", Hashes.hex(seal.chainHash()));
        json.put("timestamp", Map.of("gen_time", r.genTime().toString(), "tsa", r.tsa()));
        json.put("clock_flags", r.clockFlags());
        if (r.jobInstance() != null) {
            json.put("job_instance", r.jobInstance());
        }
        return json;
    }
}
