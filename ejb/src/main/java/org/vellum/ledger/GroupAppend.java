package org.vellum.ledger;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.vellum.event.NormalizedEvent;

/**
 * One group of requests turned into ledger entries after a head, in queue order: each new event gets the next seq, a
 * fresh salt, its chain hash and its clock-skew flags; an event the ledger already holds (or that came earlier in the
 * group) gets the earlier receipt and no entry. Both ledger writers build their groups with it.
 */
final class GroupAppend {
    /** The entries to append, in seq order. */
    final List<IndexedEntry> fresh = new ArrayList<>();
    /** Each node's newest source time among {@link #fresh}. */
    final Map<String, Optional<Instant>> nodeTimes = new HashMap<>();
    /** Identity: a request's hashCode would hash every event in it. */
    private final Map<AppendRequest, List<Receipt>> receipts = new IdentityHashMap<>();

    private LedgerHead tail;

    /**
     * @param known receipts of the group's events that the ledger already holds (by event id); filled further here
     * @param lastTs a node's newest source time in the ledger before this group
     */
    GroupAppend(
            List<AppendRequest> group,
            LedgerHead start,
            Map<String, Receipt> known,
            Duration skew,
            Function<String, Optional<Instant>> lastTs,
            MessageDigest md,
            SecureRandom random) {
        tail = start;
        for (AppendRequest request : group) {
            List<Receipt> out = new ArrayList<>(request.events().size());
            for (int i = 0; i < request.events().size(); i++) {
                NormalizedEvent event = request.events().get(i);
                Receipt earlier = known.get(event.eventId());
                if (earlier != null) {
                    out.add(earlier.asDuplicate());
                    continue;
                }
                List<String> flags = flags(event, request.receivedAt(), skew, lastTs);
                byte[] salt = new byte[LedgerEntry.SALT_LENGTH];
                random.nextBytes(salt);
                LedgerEntry entry = LedgerEntry.append(
                        md,
                        tail.chainHash(),
                        tail.seq() + 1,
                        event.eventId(),
                        request.receivedAt(),
                        salt,
                        EntryBody.canonical(event, request.receivedAt(), flags, request.origin(i)));
                tail = new LedgerHead(entry.seq(), entry.chainHash());
                fresh.add(new IndexedEntry(entry, event.type(), event.node(), event.ts(), flags));
                Receipt receipt = Receipt.of(entry, flags);
                known.put(event.eventId(), receipt);
                out.add(receipt);
            }
            receipts.put(request, out);
        }
    }

    /** The head after the group's entries. */
    LedgerHead tail() {
        return tail;
    }

    void complete(List<AppendRequest> group) {
        group.forEach(r -> r.result().complete(receipts.get(r)));
    }

    static Set<String> eventIds(List<AppendRequest> group) {
        Set<String> ids = new LinkedHashSet<>();
        group.forEach(r -> r.events().forEach(e -> ids.add(e.eventId())));
        return ids;
    }

    /** Clock-skew flags per producer spec section 5: ahead of receipt, or behind the node's previous event. */
    private List<String> flags(
            NormalizedEvent event, Instant receivedAt, Duration skew, Function<String, Optional<Instant>> lastTs) {
        List<String> flags = new ArrayList<>(2);
        if (event.ts().isAfter(receivedAt.plus(skew))) {
            flags.add(EntryBody.FLAG_SKEW_AHEAD);
        }
        Optional<Instant> previous = nodeTimes.get(event.node());
        if (previous == null) {
            previous = lastTs.apply(event.node());
        }
        if (previous.isPresent() && event.ts().isBefore(previous.get().minus(skew))) {
            flags.add(EntryBody.FLAG_SKEW_BEHIND);
        }
        nodeTimes.put(event.node(), Optional.of(event.ts()));
        return flags;
    }
}
