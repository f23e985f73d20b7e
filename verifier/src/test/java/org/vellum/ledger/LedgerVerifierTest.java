package org.vellum.ledger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;
import org.vellum.ledger.LedgerVerifier.Problem;
import org.vellum.ledger.LedgerVerifier.Result;

class LedgerVerifierTest {
    private static final Genesis GENESIS =
            new Genesis("a1b2c3d4-0000-4000-8000-00000000abcd", Instant.parse("2026-11-01T00:00:00Z"));
    private final Random random = new Random(42);

    /** A ledger of {@code n} entries built the way the appliance builds it. */
    private List<LedgerEntry> ledger(int n) {
        return ledger(n, seq -> "00000000-0000-4000-8000-" + String.format("%012d", seq));
    }

    /** As {@link #ledger(int)}, with the event id of each seq from {@code eventId}. */
    private List<LedgerEntry> ledger(int n, IntFunction<String> eventId) {
        MessageDigest md = Hashes.sha256();
        List<LedgerEntry> entries = new ArrayList<>();
        byte[] previous = GENESIS.chainHash();
        for (int seq = 1; seq <= n; seq++) {
            byte[] salt = new byte[32];
            random.nextBytes(salt);
            byte[] body = ("{\"event\":{\"n\":" + seq
                            + "},\"policy\":\"1\",\"received_at\":\"2026-11-25T00:00:00.000Z\"}")
                    .getBytes(StandardCharsets.UTF_8);
            LedgerEntry e = LedgerEntry.append(
                    md, previous, seq, eventId.apply(seq), Instant.parse("2026-11-25T00:00:00Z"), salt, body);
            entries.add(e);
            previous = e.chainHash();
        }
        return entries;
    }

    private static List<String> export(List<LedgerEntry> entries, long from, long to, byte[] previous) {
        List<String> lines = new ArrayList<>();
        lines.add(LedgerExport.header(GENESIS, from, to, previous));
        entries.forEach(e -> lines.add(LedgerExport.line(e)));
        return lines;
    }

    private static List<String> export(List<LedgerEntry> entries) {
        return export(entries, 1, entries.size(), GENESIS.chainHash());
    }

    private static void assertFailure(Result result, long seq, Problem problem) {
        assertTrue(!result.intact(), "expected a failure");
        assertEquals(problem, result.failure().problem(), result.failure().toString());
        assertEquals(seq, result.failure().seq(), result.failure().toString());
    }

    @Test
    void aSecondEntryForAnEventIdIsADuplicateEvenWhenTheChainHolds() {
        // Chained correctly, as an appliance that appended the same event twice would have done.
        List<LedgerEntry> entries =
                ledger(60, seq -> "00000000-0000-4000-8000-" + String.format("%012d", seq == 37 ? 12 : seq));
        Result result = LedgerVerifier.verify(export(entries), Map.of());
        assertFailure(result, 37, Problem.DUPLICATE);
        assertEquals(38, result.failure().line());
        assertTrue(
                result.failure().detail().contains("already at seq 12"),
                result.failure().detail());
    }

    @Test
    void intactLedgerVerifies() {
        List<LedgerEntry> entries = ledger(50);
        Result result = LedgerVerifier.verify(export(entries), Map.of());
        assertNull(result.failure());
        assertEquals(50, result.entries());
        assertEquals(50, result.lastSeq());
        assertArrayEquals(entries.get(49).chainHash(), result.headChainHash());
    }

    @Test
    void emptyLedgerVerifies() {
        Result result = LedgerVerifier.verify(export(List.of()), Map.of());
        assertTrue(result.intact());
        assertEquals(0, result.entries());
    }

    @Test
    void changedBodyIsNamed() {
        List<String> lines = export(ledger(10));
        lines.set(4, lines.get(4).replace("\"n\":4", "\"n\":5"));
        assertFailure(LedgerVerifier.verify(lines, Map.of()), 4, Problem.CHANGED);
    }

    @Test
    void changedChainHashIsNamed() {
        List<LedgerEntry> entries = ledger(10);
        List<String> lines = export(entries);
        lines.set(7, lines.get(7).replace(Hashes.hex(entries.get(6).chainHash()), "00".repeat(32)));
        assertFailure(LedgerVerifier.verify(lines, Map.of()), 7, Problem.CHANGED);
    }

    @Test
    void deletedLineIsMissing() {
        List<String> lines = export(ledger(10));
        lines.remove(6);
        assertFailure(LedgerVerifier.verify(lines, Map.of()), 6, Problem.MISSING);
    }

    @Test
    void truncatedTailIsMissing() {
        List<String> lines = export(ledger(10));
        lines.remove(10);
        assertFailure(LedgerVerifier.verify(lines, Map.of()), 10, Problem.MISSING);
    }

    @Test
    void swappedLinesAreReordered() {
        List<String> lines = export(ledger(10));
        Collections.swap(lines, 3, 4);
        assertFailure(LedgerVerifier.verify(lines, Map.of()), 3, Problem.REORDERED);
    }

    @Test
    void duplicatedLineIsInserted() {
        List<String> lines = export(ledger(10));
        lines.add(5, lines.get(4));
        assertFailure(LedgerVerifier.verify(lines, Map.of()), 4, Problem.INSERTED);
    }

    @Test
    void entriesSwappedUnderTheirSeqAreReordered() {
        // What swapping two rows' contents in the database looks like: seq stays, everything else moves.
        List<LedgerEntry> entries = ledger(10);
        LedgerEntry a = entries.get(2);
        LedgerEntry b = entries.get(3);
        entries.set(
                2,
                new LedgerEntry(3, b.eventId(), b.receivedAt(), b.salt(), b.canonical(), b.leafHash(), b.chainHash()));
        entries.set(
                3,
                new LedgerEntry(4, a.eventId(), a.receivedAt(), a.salt(), a.canonical(), a.leafHash(), a.chainHash()));
        assertFailure(LedgerVerifier.verify(export(entries), Map.of()), 3, Problem.REORDERED);
    }

    @Test
    void entryInsertedWithRenumberingIsInserted() {
        List<LedgerEntry> entries = ledger(10);
        List<LedgerEntry> forged = new ArrayList<>(entries.subList(0, 5));
        LedgerEntry template = entries.get(5);
        byte[] fakeBody = "{\"event\":{\"n\":\"forged\"}}".getBytes(StandardCharsets.UTF_8);
        forged.add(LedgerEntry.append(
                Hashes.sha256(),
                new byte[32],
                6,
                "0f0f0f0f-0000-4000-8000-000000000000",
                template.receivedAt(),
                template.salt(),
                fakeBody));
        for (LedgerEntry e : entries.subList(5, 10)) {
            forged.add(new LedgerEntry(
                    e.seq() + 1, e.eventId(), e.receivedAt(), e.salt(), e.canonical(), e.leafHash(), e.chainHash()));
        }
        assertFailure(LedgerVerifier.verify(export(forged, 1, 11, GENESIS.chainHash()), Map.of()), 6, Problem.INSERTED);
    }

    @Test
    void rewrittenLedgerIsCaughtByAnAnchor() {
        List<LedgerEntry> original = ledger(10);
        List<LedgerEntry> rewritten = ledger(10); // same shape, other salts: a consistent forgery
        Map<Long, byte[]> receipt = Map.of(7L, original.get(6).chainHash());
        assertTrue(LedgerVerifier.verify(export(original), receipt).intact());
        assertFailure(LedgerVerifier.verify(export(rewritten), receipt), 7, Problem.ANCHOR_MISMATCH);
    }

    @Test
    void forgedGenesisIsChanged() {
        List<String> lines = export(ledger(3));
        lines.set(0, lines.get(0).replace("2026-11-01T00:00:00.000Z", "2026-11-02T00:00:00.000Z"));
        assertFailure(LedgerVerifier.verify(lines, Map.of()), 0, Problem.CHANGED);
    }

    @Test
    void partialExportVerifiesFromItsPreviousChainHash() {
        List<LedgerEntry> entries = ledger(20);
        byte[] before = entries.get(9).chainHash();
        List<String> lines = export(entries.subList(10, 20), 11, 20, before);
        assertTrue(LedgerVerifier.verify(lines, Map.of(10L, before)).intact());
        assertFailure(
                LedgerVerifier.verify(lines, Map.of(10L, entries.get(8).chainHash())), 10, Problem.ANCHOR_MISMATCH);
    }

    @Test
    void garbageLineIsMalformed() {
        List<String> lines = export(ledger(5));
        lines.set(3, "{\"body\":");
        assertFailure(LedgerVerifier.verify(lines, Map.of()), 3, Problem.MALFORMED);
    }
}
