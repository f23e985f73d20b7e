package org.vellum.event;

import java.util.Objects;

/** The outcome of normalizing one input: an event to append, a rejection to report, or a line that is no audit event. */
public sealed interface Normalization {

    /** A valid audit event, minimized. */
    record Accepted(NormalizedEvent event) implements Normalization {
        public Accepted {
            Objects.requireNonNull(event);
        }
    }

    /**
     * An input that claims to be an audit event but cannot be appended.
     *
     * @param field the dotted path of the offending field, or {@code null} when the whole input is at fault
     * @param detail a human-readable explanation that never quotes the value
     */
    record Rejected(RejectReason reason, String field, String detail) implements Normalization {
        public Rejected {
            Objects.requireNonNull(reason);
            Objects.requireNonNull(detail);
        }
    }

    /** A JSON object without {@code type}, or any other line: ordinary application logging, not kept. */
    record NotAudit() implements Normalization {}
}
