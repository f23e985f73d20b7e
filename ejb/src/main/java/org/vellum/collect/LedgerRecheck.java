package org.vellum.collect;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.vellum.canonical.Json;
import org.vellum.ledger.Hashes;
import org.vellum.ledger.LedgerEntry;
import org.vellum.ledger.Origin;
import org.vellum.problem.VellumException;

/** Reads facts back from stored entries, and re-checks stored entries' hashes, for the collection. */
public final class LedgerRecheck {
    private final MessageDigest md = Hashes.sha256();
    private byte[] previousChain;
    private long expectedSeq;
    private long checked;

    /** Starts a re-check at {@code fromSeq}, whose predecessor has {@code previousChain}. */
    public LedgerRecheck(long fromSeq, byte[] previousChain) {
        this.expectedSeq = fromSeq;
        this.previousChain = previousChain.clone();
    }

    /** What an entry says about itself: its seq, its origin if it was read from a file, whether it was flagged. */
    public static CollectBackend.Appended appended(LedgerEntry entry) {
        Map<String, Object> body = Json.parseObject(new String(entry.canonical(), StandardCharsets.UTF_8));
        Optional<Origin> origin = Optional.ofNullable(body.get("origin")).map(Origin::fromJson);
        boolean flagged = body.get("flags") instanceof List<?> flags && !flags.isEmpty();
        return new CollectBackend.Appended(entry.seq(), origin, flagged);
    }

    /** Checks the next entry: consecutive seq, leaf hash over salt and body, chain hash over the previous one. */
    public void accept(LedgerEntry entry) {
        if (entry.seq() != expectedSeq) {
            throw failed(entry.seq(), "expected seq " + expectedSeq);
        }
        byte[] leaf = Hashes.leaf(md, entry.salt(), entry.canonical());
        if (!Arrays.equals(leaf, entry.leafHash())) {
            throw failed(entry.seq(), "the body does not match the leaf hash");
        }
        byte[] chain = Hashes.chain(md, previousChain, leaf);
        if (!Arrays.equals(chain, entry.chainHash())) {
            throw failed(entry.seq(), "the chain hash does not follow from the previous entry");
        }
        previousChain = chain;
        expectedSeq++;
        checked++;
    }

    public long checked() {
        return checked;
    }

    /** Fails unless every entry up to {@code toSeq} was seen. */
    public void finish(long toSeq) {
        if (expectedSeq != toSeq + 1) {
            throw failed(expectedSeq, "entries up to seq " + toSeq + " are missing");
        }
    }

    private static VellumException failed(long seq, String why) {
        return new VellumException(
                VellumException.Kind.UNAVAILABLE,
                "ledger-verification-failed",
                "VELLUM-0420 ledger entry " + seq + " failed re-verification: " + why);
    }
}
