package org.vellum.collect;

import java.util.Objects;
import org.vellum.event.NormalizedEvent;
import org.vellum.event.RejectReason;

/** What one line is (producer spec section 5): an event to append, a line to quarantine, or not an audit event. */
public sealed interface Classified {

    record Event(NormalizedEvent event) implements Classified {
        public Event {
            Objects.requireNonNull(event);
        }
    }

    /**
     * A line that claims to be an audit event but cannot be appended.
     *
     * @param field the dotted path of the offending field, or null
     * @param detail why, never quoting the value
     * @param excerpt the line cut short and masked ({@link QuarantineExcerpt})
     */
    record Quarantined(RejectReason reason, String field, String detail, String excerpt) implements Classified {
        public Quarantined {
            Objects.requireNonNull(reason);
            Objects.requireNonNull(detail);
            Objects.requireNonNull(excerpt);
        }
    }

    /** Ordinary application logging: counted, not kept. */
    record NotAudit() implements Classified {}

    NotAudit NOT_AUDIT = new NotAudit();
}
