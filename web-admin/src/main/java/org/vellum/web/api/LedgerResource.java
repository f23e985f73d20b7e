package org.vellum.web.api;

import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.vellum.canonical.CanonicalJson;
import org.vellum.ledger.Genesis;
import org.vellum.ledger.Hashes;
import org.vellum.ledger.LedgerExport;
import org.vellum.ledger.LedgerHead;
import org.vellum.ledger.LedgerService;
import org.vellum.problem.VellumException;
import org.vellum.security.Role;

/** {@code /ledger}: the chain's head and the streaming export that {@code vellum-verify ledger} checks. */
@RequestScoped
@Path("/ledger")
public class LedgerResource {

    private static final int BUFFER = 1 << 16;

    @Inject
    LedgerService ledger;

    @GET
    @Path("head")
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({Role.AUDITOR_NAME, Role.COMPLIANCE_OFFICER_NAME})
    public String head() {
        LedgerHead head = ledger.head();
        Genesis genesis = ledger.genesis();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("appliance_id", genesis.applianceId());
        json.put("seq", head.seq());
        json.put("chain_hash", Hashes.hex(head.chainHash()));
        json.put("genesis_hash", Hashes.hex(genesis.chainHash()));
        return CanonicalJson.string(json);
    }

    /**
     * Entries {@code from..to} (default: all) as JSON lines: a header line, then one line per entry in seq order.
     */
    @GET
    @Path("export")
    @Produces(LedgerExport.MEDIA_TYPE)
    @RolesAllowed({Role.AUDITOR_NAME, Role.COMPLIANCE_OFFICER_NAME, Role.ARCHIVIST_NAME})
    public Response export(@QueryParam("from") Long fromParam, @QueryParam("to") Long toParam) {
        LedgerHead head = ledger.head();
        long from = fromParam == null ? 1 : fromParam;
        long to = toParam == null ? head.seq() : toParam;
        if (from < 1 || to > head.seq() || to < from - 1) {
            throw new VellumException(
                    VellumException.Kind.INVALID,
                    "invalid-range",
                    "from and to must satisfy 1 <= from <= to + 1 and to <= " + head.seq());
        }
        String header = LedgerExport.header(ledger.genesis(), from, to, ledger.chainHashAt(from - 1));
        StreamingOutput body = output -> {
            ByteArrayOutputStream buffer = new ByteArrayOutputStream(2 * BUFFER);
            buffer.writeBytes((header + "\n").getBytes(StandardCharsets.UTF_8));
            try {
                ledger.forEach(from, to, entry -> {
                    LedgerExport.write(entry, buffer);
                    buffer.write('\n');
                    if (buffer.size() >= BUFFER) {
                        drain(buffer, output);
                    }
                });
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
            drain(buffer, output);
            output.flush();
        };
        return Response.ok(body, LedgerExport.MEDIA_TYPE)
                .header("Content-Disposition", "attachment; filename=\"vellum-ledger-" + from + "-" + to + ".jsonl\"")
                .build();
    }

    private static void drain(ByteArrayOutputStream buffer, OutputStream output) {
        try {
            buffer.writeTo(output);
            buffer.reset();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
