package org.vellum.timestamp;

import org.vellum.problem.VellumException;

/** No configured TSA gave a valid time-stamp; whatever needed one was not done and can be retried. */
public class TimeStampUnavailableException extends VellumException {
    private static final long serialVersionUID = 1L;

    public TimeStampUnavailableException(String message) {
        super(Kind.UNAVAILABLE, "tsa-unavailable", message);
    }
}
