package org.vellum.problem;

import jakarta.ejb.ApplicationException;
import java.util.Objects;

/**
 * A business failure with a stable, documented code. Adapters translate it (REST: RFC 9457 problem details); the
 * message is for people and never carries personal data.
 */
@ApplicationException(rollback = true)
public class VellumException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** How the failure relates to the request, so that every adapter can answer in its own terms. */
    public enum Kind {
        INVALID,
        NOT_FOUND,
        /** The request conflicts with the current state, e.g. a job that is already running. */
        CONFLICT,
        TOO_LARGE,
        UNAVAILABLE
    }

    private final Kind kind;
    private final String code;

    public VellumException(Kind kind, String code, String message) {
        this(kind, code, message, null);
    }

    public VellumException(Kind kind, String code, String message, Throwable cause) {
        super(message, cause);
        this.kind = Objects.requireNonNull(kind);
        this.code = Objects.requireNonNull(code);
    }

    public Kind kind() {
        return kind;
    }

    /** A stable identifier such as {@code ledger-unavailable}, documented in docs/api.md. */
    public String code() {
        return code;
    }
}
