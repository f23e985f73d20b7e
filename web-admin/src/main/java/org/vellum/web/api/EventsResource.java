package org.vellum.web.api;

import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.regex.Pattern;
import org.vellum.canonical.CanonicalJson;
import org.vellum.ingest.IngestService;
import org.vellum.ingest.ItemResult;
import org.vellum.ledger.LedgerExport;
import org.vellum.ledger.LedgerService;
import org.vellum.problem.VellumException;
import org.vellum.seal.SealService;
import org.vellum.security.Role;

/** {@code /events}: producers append, auditors read back what was stored. */
@RequestScoped
@Path("/events")
public class EventsResource {
    private static final Pattern UUID = Pattern.compile("[0-9a-fA-F]{8}(-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}");

    @Inject
    SealService seals;

    @Inject
    IngestService ingest;

    @Inject
    LedgerService ledger;

    /**
     * One event (answered with one receipt) or an array of events (answered with an array). If any item is rejected
     * the answer is a 422 problem listing each rejected item under {@code errors}, and the receipts of the items that
     * were appended under {@code receipts}.
     */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed(Role.PRODUCER_NAME)
    public CompletionStage<Response> append(InputStream body) throws IOException {
        Instant receivedAt = Instant.now();
        int limit = ingest.maxRequestBytes();
        byte[] bytes = body.readNBytes(limit + 1);
        if (bytes.length > limit) {
            throw new VellumException(
                    VellumException.Kind.TOO_LARGE,
                    "request-too-large",
                    "a request body may hold at most " + limit + " bytes");
        }
        CompletableFuture<IngestService.Outcome> outcome;
        try {
            outcome = ingest.ingest(bytes, receivedAt);
        } catch (VellumException e) {
            return CompletableFuture.completedFuture(ProblemMapper.map(e));
        }
        return outcome.handle((result, error) -> error != null ? ProblemMapper.map(error) : respond(result));
    }

    private static Response respond(IngestService.Outcome outcome) {
        List<ItemResult> items = outcome.items();
        if (outcome.rejected() == 0) {
            Object body = outcome.batch()
                    ? items.stream().map(i -> ReceiptJson.receipt(i.receipt())).toList()
                    : ReceiptJson.receipt(items.get(0).receipt());
            return Response.ok(CanonicalJson.string(body), MediaType.APPLICATION_JSON_TYPE)
                    .build();
        }
        long rejected = outcome.rejected();
        var problem = Problems.body(
                422,
                "events-rejected",
                "Unprocessable Content",
                rejected + " of " + items.size() + " events rejected; " + (items.size() - rejected) + " appended");
        problem.put(
                "errors",
                items.stream()
                        .filter(i -> !i.isAppended())
                        .map(ReceiptJson::error)
                        .toList());
        problem.put(
                "receipts",
                items.stream()
                        .filter(ItemResult::isAppended)
                        .map(ReceiptJson::indexedReceipt)
                        .toList());
        return Problems.response(problem);
    }

    /**
     * The proof that the event is in the ledger (docs/FORMAT.md §8.5): the entry, its audit path to its seal's Merkle
     * root, and the seal with its signature; 404 {@code not-sealed-yet} until a seal covers it.
     */
    @GET
    @Path("{eventId}/proof")
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({Role.AUDITOR_NAME, Role.COMPLIANCE_OFFICER_NAME})
    public String proof(@PathParam("eventId") String eventId) {
        if (!UUID.matcher(eventId).matches()) {
            throw new VellumException(VellumException.Kind.INVALID, "invalid-event-id", "an event id is a UUID");
        }
        return seals.proof(eventId.toLowerCase(Locale.ROOT)).text();
    }

    /** The stored, minimized entry with its salt and hashes, in the export's line form. */
    @GET
    @Path("{eventId}")
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({Role.AUDITOR_NAME, Role.COMPLIANCE_OFFICER_NAME})
    public Response entry(@PathParam("eventId") String eventId) {
        if (!UUID.matcher(eventId).matches()) {
            throw new VellumException(VellumException.Kind.INVALID, "invalid-event-id", "an event id is a UUID");
        }
        return ledger.byEventId(eventId.toLowerCase(Locale.ROOT))
                .map(e -> Response.ok(LedgerExport.line(e), MediaType.APPLICATION_JSON_TYPE)
                        .build())
                .orElseThrow(() -> new VellumException(
                        VellumException.Kind.NOT_FOUND, "event-not-found", "no entry holds this event id"));
    }
}
