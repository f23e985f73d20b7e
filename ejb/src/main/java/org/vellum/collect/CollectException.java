package org.vellum.collect;

import org.vellum.problem.VellumException;

/** A collection that cannot start or go on as asked: a bad source, an unreadable folder, a bad job parameter. */
public class CollectException extends VellumException {
    private static final long serialVersionUID = 1L;

    public CollectException(String code, String message) {
        super(Kind.INVALID, code, message);
    }

    public CollectException(String code, String message, Throwable cause) {
        super(Kind.INVALID, code, message, cause);
    }
}
