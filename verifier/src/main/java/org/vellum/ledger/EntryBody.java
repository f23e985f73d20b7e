package org.vellum.ledger;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.vellum.canonical.CanonicalJson;
import org.vellum.event.Instants;
import org.vellum.event.MinimizationPolicy;
import org.vellum.event.NormalizedEvent;

/**
 * The hashed body of an entry: the minimized event together with what the appliance knows about it, so that the
 * receive time, the clock-skew flags and the minimization record are as tamper-evident as the event itself.
 *
 * <pre>{"event":{...},"flags":[...],"minimized":{...},"policy":"1","received_at":"..."}</pre>
 *
 * {@code flags} and {@code minimized} are left out when empty.
 */
public final class EntryBody {
    /** The event's time is later than its receipt plus the allowed skew. */
    public static final String FLAG_SKEW_AHEAD = "clock_skew_ahead";
    /** The event's time is earlier than its node's previous event minus the allowed skew. */
    public static final String FLAG_SKEW_BEHIND = "clock_skew_behind";

    private EntryBody() {}

    public static Map<String, Object> of(NormalizedEvent event, Instant receivedAt, List<String> flags) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("event", event.event());
        if (!flags.isEmpty()) {
            body.put("flags", List.copyOf(flags));
        }
        if (!event.minimization().isEmpty()) {
            body.put("minimized", event.minimization().toJson());
        }
        body.put("policy", MinimizationPolicy.VERSION);
        body.put("received_at", Instants.format(receivedAt));
        return body;
    }

    public static byte[] canonical(NormalizedEvent event, Instant receivedAt, List<String> flags) {
        return CanonicalJson.bytes(of(event, receivedAt, flags));
    }
}
