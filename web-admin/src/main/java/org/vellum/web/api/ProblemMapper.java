package org.vellum.web.api;

import jakarta.ejb.EJBException;
import jakarta.resource.ResourceException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import org.jboss.logging.Logger;
import org.vellum.problem.VellumException;

/** Turns every failure that reaches JAX-RS into problem details; unexpected ones are logged under an incident id. */
@Provider
public class ProblemMapper implements ExceptionMapper<Throwable> {
    private static final Logger LOG = Logger.getLogger(ProblemMapper.class);

    @Override
    public Response toResponse(Throwable thrown) {
        return map(thrown);
    }

    static Response map(Throwable thrown) {
        Throwable t = thrown;
        while ((t instanceof EJBException || t instanceof CompletionException) && t.getCause() != null) {
            t = t.getCause();
        }
        if (t instanceof VellumException v) {
            return Problems.response(status(v.kind()), v.code(), title(v.kind()), v.getMessage());
        }
        if (t instanceof TimeoutException) {
            return Problems.response(
                    503,
                    "receipt-timeout",
                    "Service Unavailable",
                    "no durable receipt in time; retrying with the same event ids is safe");
        }
        if (t instanceof WebApplicationException w) {
            Response.StatusType s = w.getResponse().getStatusInfo();
            return Problems.response(s.getStatusCode(), "http-" + s.getStatusCode(), s.getReasonPhrase(), null);
        }
        if (databaseUnreachable(t)) {
            LOG.warnf("VELLUM-0901 the database cannot be reached: %s", t.getMessage());
            return Problems.response(
                    503,
                    "database-unavailable",
                    "Service Unavailable",
                    "the appliance cannot reach its database; nothing was changed, retry later");
        }
        String incident = UUID.randomUUID().toString();
        LOG.errorf(t, "VELLUM-0900 unexpected failure, incident %s", incident);
        return Problems.response(500, "internal-error", "Internal Server Error", "logged as incident " + incident);
    }

    /**
     * Whether {@code t} comes from a database that cannot be reached: a connection failure (SQLSTATE class 08) or the
     * connection pool unable to make a connection, however the caller (JBeret, JPA) wrapped it.
     */
    static boolean databaseUnreachable(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof SQLTransientConnectionException
                    || c instanceof SQLNonTransientConnectionException
                    || c instanceof ResourceException) {
                return true;
            }
            if (c instanceof SQLException s
                    && s.getSQLState() != null
                    && s.getSQLState().startsWith("08")) {
                return true;
            }
        }
        return false;
    }

    private static int status(VellumException.Kind kind) {
        return switch (kind) {
            case INVALID -> 400;
            case NOT_FOUND -> 404;
            case CONFLICT -> 409;
            case TOO_LARGE -> 413;
            case UNAVAILABLE -> 503;
        };
    }

    private static String title(VellumException.Kind kind) {
        return switch (kind) {
            case INVALID -> "Bad Request";
            case NOT_FOUND -> "Not Found";
            case CONFLICT -> "Conflict";
            case TOO_LARGE -> "Content Too Large";
            case UNAVAILABLE -> "Service Unavailable";
        };
    }
}
