package org.vellum.seal;

/** A seal check that failed, with its {@link SealFailure}. */
public final class SealException extends Exception {
    private static final long serialVersionUID = 1L;
    private final SealFailure failure;

    public SealException(SealFailure failure, String message) {
        super(message);
        this.failure = failure;
    }

    public SealException(SealFailure failure, String message, Throwable cause) {
        super(message, cause);
        this.failure = failure;
    }

    public SealFailure failure() {
        return failure;
    }

    @Override
    public String toString() {
        return failure + ": " + getMessage();
    }
}
