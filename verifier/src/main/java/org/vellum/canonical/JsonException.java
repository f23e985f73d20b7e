package org.vellum.canonical;

/** Input that is not the strict JSON Vellum accepts; the message says where and why, never what the value was. */
public final class JsonException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public JsonException(String message) {
        // No stack trace: broken input is expected in bulk (quarantined lines), and the message says all there is.
        super(message, null, false, false);
    }
}
