package org.vellum.web.ui;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.vellum.canonical.CanonicalJson;
import org.vellum.canonical.Json;
import org.vellum.ledger.LedgerEntry;
import org.vellum.ledger.LedgerService;
import org.vellum.seal.SealService;

/**
 * Finds ledger entries by event id (the ledger's own index) or by task id (a scan of the newest {@value #TASK_SCAN}
 * entries, since the ledger keeps no index by task), each with its proof download once a seal covers it.
 */
@Named("eventsPage")
@RequestScoped
public class EventsPage {
    /** How many of the newest entries a task lookup reads. */
    static final long TASK_SCAN = 200_000;

    private static final Pattern UUID_TEXT =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final int MAX_HITS = 200;

    @Inject
    LedgerService ledger;

    @Inject
    SealService seals;

    private String query = "";
    private List<Hit> hits;
    private String searched = "";

    /** One entry found: its position, event id, type, body, and whether a seal covers it. */
    public record Hit(long seq, String eventId, String type, String receivedAt, String body, boolean sealed) {}

    public String getQuery() {
        return query;
    }

    public void setQuery(String query) {
        this.query = query == null ? "" : query.strip();
    }

    public String getSearched() {
        getHits();
        return searched;
    }

    public List<Hit> getHits() {
        if (hits != null) {
            return hits;
        }
        hits = new ArrayList<>();
        if (query.isEmpty()) {
            return hits;
        }
        long sealedTo = seals.sealedTo();
        if (UUID_TEXT.matcher(query).matches()) {
            ledger.byEventId(query.toLowerCase(Locale.ROOT)).ifPresent(e -> hits.add(hit(e, sealedTo)));
            searched = "event id " + query;
            return hits;
        }
        byte[] needle = ("\"task_id\":" + CanonicalJson.string(query)).getBytes(StandardCharsets.UTF_8);
        long head = ledger.head().seq();
        long from = Math.max(1, head - TASK_SCAN + 1);
        ledger.forEach(from, head, e -> {
            if (hits.size() < MAX_HITS && contains(e.canonical(), needle)) {
                hits.add(hit(e, sealedTo));
            }
        });
        searched = "task id " + query + " in entries " + from + " to " + head
                + (from > 1 ? " (the newest " + TASK_SCAN + ")" : "")
                + (hits.size() == MAX_HITS ? "; the first " + MAX_HITS + " shown" : "");
        return hits;
    }

    @SuppressWarnings("unchecked")
    private static Hit hit(LedgerEntry e, long sealedTo) {
        String body = new String(e.canonical(), StandardCharsets.UTF_8);
        Map<String, Object> event = (Map<String, Object>) Json.parseObject(body).get("event");
        return new Hit(
                e.seq(),
                e.eventId(),
                String.valueOf(event.get("type")),
                e.receivedAt().toString(),
                body,
                e.seq() <= sealedTo);
    }

    static boolean contains(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
