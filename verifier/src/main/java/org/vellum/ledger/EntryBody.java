package org.vellum.ledger;

import java.nio.charset.StandardCharsets;
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
 * <pre>{"event":{...},"flags":[...],"minimized":{...},"origin":{...},"policy":"1","received_at":"..."}</pre>
 *
 * {@code flags} and {@code minimized} are left out when empty, {@code origin} for events that were not read from a
 * file.
 */
public final class EntryBody {
    /** The event's time is later than its receipt plus the allowed skew. */
    public static final String FLAG_SKEW_AHEAD = "clock_skew_ahead";
    /** The event's time is earlier than its node's previous event minus the allowed skew. */
    public static final String FLAG_SKEW_BEHIND = "clock_skew_behind";

    private static final byte[] HEAD = "{\"event\":".getBytes(StandardCharsets.US_ASCII);

    private EntryBody() {}

    public static Map<String, Object> of(NormalizedEvent event, Instant receivedAt, List<String> flags) {
        return of(event, receivedAt, flags, null);
    }

    public static Map<String, Object> of(NormalizedEvent event, Instant receivedAt, List<String> flags, Origin origin) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("event", event.event());
        if (!flags.isEmpty()) {
            body.put("flags", List.copyOf(flags));
        }
        if (!event.minimization().isEmpty()) {
            body.put("minimized", event.minimization().toJson());
        }
        if (origin != null) {
            body.put("origin", origin.toJson());
        }
        body.put("policy", MinimizationPolicy.VERSION);
        body.put("received_at", Instants.format(receivedAt));
        return body;
    }

    /**
     * The canonical bytes of {@link #of}, assembled from the event's precomputed canonical bytes: the members are
     * written in their RFC 8785 order (event, flags, minimized, origin, policy, received_at). {@code EntryBodyTest}
     * checks that this equals the canonical form of {@link #of}.
     *
     * @param origin where the event was read, or null
     */
    public static byte[] canonical(NormalizedEvent event, Instant receivedAt, List<String> flags, Origin origin) {
        StringBuilder tail = new StringBuilder(160);
        if (!flags.isEmpty()) {
            tail.append(",\"flags\":");
            CanonicalJson.write(flags, tail);
        }
        if (!event.minimization().isEmpty()) {
            tail.append(",\"minimized\":").append(event.canonicalMinimization());
        }
        if (origin != null) {
            tail.append(",\"origin\":").append(origin.canonical());
        }
        tail.append(",\"policy\":");
        CanonicalJson.writeString(MinimizationPolicy.VERSION, tail);
        tail.append(",\"received_at\":\"").append(Instants.format(receivedAt)).append("\"}");
        byte[] eventBytes = event.canonicalEvent();
        byte[] tailBytes = tail.toString().getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[HEAD.length + eventBytes.length + tailBytes.length];
        System.arraycopy(HEAD, 0, out, 0, HEAD.length);
        System.arraycopy(eventBytes, 0, out, HEAD.length, eventBytes.length);
        System.arraycopy(tailBytes, 0, out, HEAD.length + eventBytes.length, tailBytes.length);
        return out;
    }
}
