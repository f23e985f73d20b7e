package org.vellum.ledger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vellum.canonical.Json;
import org.vellum.event.EventNormalizer;
import org.vellum.event.HmacPseudonymizer;
import org.vellum.event.Normalization;
import org.vellum.event.NormalizedEvent;

/** The sequencer, its journal and recovery against a real H2 file database, without a server. */
class SequencerTest {
    private static final EventNormalizer NORMALIZER = new EventNormalizer(new HmacPseudonymizer(new byte[32]));

    @TempDir
    Path dir;

    private H2LedgerStorage storage;
    private LedgerRecovery.Recovered recovered;
    private Indexer indexer;
    private Sequencer sequencer;
    private EventIdIndex index;

    private void start() throws Exception {
        storage = new H2LedgerStorage("jdbc:h2:" + dir.resolve("db") + ";DB_CLOSE_DELAY=-1");
        recovered = LedgerRecovery.recover(
                storage,
                dir.resolve("journal"),
                1 << 20,
                () -> new Genesis("test-appliance", Instant.parse("2026-11-01T00:00:00Z")));
        indexer = new Indexer(storage, recovered.head().seq(), 20_000);
        sequencer = new Sequencer(
                storage,
                recovered.journal(),
                indexer,
                recovered.head(),
                Duration.ofMinutes(5),
                20_000,
                256,
                500_000,
                index = new EventIdIndex(
                        dir.resolve("journal/event-ids"),
                        recovered.head(),
                        10)); // small, so that the tests make it grow
        new Thread(indexer, "test-indexer").start();
        new Thread(sequencer, "test-sequencer").start();
    }

    @AfterEach
    void stop() throws Exception {
        if (sequencer != null) {
            sequencer.stop(Duration.ofSeconds(10));
            indexer.stop(Duration.ofSeconds(10));
            recovered.journal().close();
            index.close();
            sequencer = null;
        }
    }

    private static NormalizedEvent event(String id, String node, Instant ts) {
        String json = "{\"ts\":\"" + ts + "\",\"type\":\"task.opened\",\"event_id\":\"" + id + "\",\"node\":\"" + node
                + "\",\"task_id\":\"T-1\",\"user\":\"u-1\"}";
        return ((Normalization.Accepted) NORMALIZER.normalize(Json.parseObject(json), Optional.empty())).event();
    }

    private static List<NormalizedEvent> events(int n) {
        List<NormalizedEvent> events = new ArrayList<>();
        Instant now = Instant.now();
        for (int i = 0; i < n; i++) {
            events.add(event(UUID.randomUUID().toString(), "anon-1", now));
        }
        return events;
    }

    private List<Receipt> append(List<NormalizedEvent> events) throws Exception {
        return sequencer
                .submit(events, Instant.now().truncatedTo(ChronoUnit.MICROS))
                .get(30, TimeUnit.SECONDS);
    }

    private LedgerVerifier.Result verifyDatabase() throws InterruptedException {
        assertTrue(indexer.awaitIndexed(sequencer.head().seq(), Duration.ofSeconds(30)), "the indexer caught up");
        List<String> lines = new ArrayList<>();
        Genesis genesis = storage.genesis().orElseThrow();
        long head = storage.head(genesis).seq();
        lines.add(LedgerExport.header(genesis, 1, head, genesis.chainHash()));
        storage.tx(t -> {
            t.forEach(1, head, e -> lines.add(LedgerExport.line(e)));
            return null;
        });
        return LedgerVerifier.verify(lines, Map.of());
    }

    @Test
    void appendsAreChainedDurableAndVerifiable() throws Exception {
        start();
        List<Receipt> first = append(events(3));
        List<Receipt> second = append(events(2));
        assertEquals(List.of(1L, 2L, 3L), first.stream().map(Receipt::seq).toList());
        assertEquals(List.of(4L, 5L), second.stream().map(Receipt::seq).toList());
        assertArrayEquals(
                Hashes.chain(
                        Hashes.sha256(), first.get(2).chainHash(), second.get(0).leafHash()),
                second.get(0).chainHash());
        LedgerVerifier.Result result = verifyDatabase();
        assertNull(result.failure());
        assertEquals(5, result.entries());
        assertArrayEquals(second.get(1).chainHash(), result.headChainHash());
    }

    @Test
    void repeatedEventIdsGetTheOriginalReceiptAndAppendNothing() throws Exception {
        start();
        NormalizedEvent a = events(1).get(0);
        List<Receipt> first = append(List.of(a, a, events(1).get(0)));
        assertEquals(first.get(0).seq(), first.get(1).seq());
        assertFalse(first.get(0).duplicate());
        assertTrue(first.get(1).duplicate());
        Receipt again = append(List.of(a)).get(0);
        assertTrue(again.duplicate());
        assertEquals(first.get(0).seq(), again.seq());
        assertArrayEquals(first.get(0).chainHash(), again.chainHash());
        assertTrue(indexer.awaitIndexed(2, Duration.ofSeconds(10)));
        assertEquals(2, storage.count());
    }

    @Test
    void everyEventIdIsKnownAgainAfterTheIndexGrewAndAfterRestarts() throws Exception {
        start();
        List<NormalizedEvent> all = new ArrayList<>();
        List<Receipt> originals = new ArrayList<>();
        for (int batch = 0; batch < 5; batch++) {
            List<NormalizedEvent> events = events(400);
            all.addAll(events);
            originals.addAll(append(events));
        }
        assertEquals(2000, index.size());
        assertTrue(index.mappedBytes() >= 2000 * 24 * 8 / 5, "the index grew past its first 16 slots");

        stopCleanly();
        start(); // takes up the index saved at shutdown
        assertTrue(index.loaded());
        assertAllKnown(all, originals);

        stop(); // as after a crash: nothing saved
        start(); // rebuilds the index from the database before the first append
        assertFalse(index.loaded());
        assertAllKnown(all, originals);
        NormalizedEvent fresh = events(1).get(0);
        Receipt receipt = append(List.of(fresh)).get(0);
        assertFalse(receipt.duplicate());
        assertEquals(2001, receipt.seq());
        assertEquals(2001, index.size());
        assertEquals(2001, sequencer.seqOf(fresh.eventId()));
        assertEquals(0, sequencer.seqOf(UUID.randomUUID().toString()));
    }

    private void assertAllKnown(List<NormalizedEvent> events, List<Receipt> originals) throws Exception {
        List<Receipt> retried = append(events);
        for (int i = 0; i < events.size(); i++) {
            assertTrue(retried.get(i).duplicate(), "event " + i + " is known");
            assertEquals(originals.get(i).seq(), retried.get(i).seq());
            assertArrayEquals(originals.get(i).chainHash(), retried.get(i).chainHash());
        }
    }

    private void stopCleanly() throws Exception {
        assertTrue(sequencer.stop(Duration.ofSeconds(10)));
        indexer.stop(Duration.ofSeconds(10));
        recovered.journal().close();
        index.save(sequencer.head());
        sequencer = null;
    }

    @Test
    void concurrentSubmittersGetOneGapFreeChain() throws Exception {
        start();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<List<Receipt>>> futures = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            futures.add(pool.submit(() -> append(events(20))));
        }
        Set<Long> seqs = new TreeSet<>();
        for (Future<List<Receipt>> f : futures) {
            for (Receipt r : f.get(60, TimeUnit.SECONDS)) {
                assertTrue(seqs.add(r.seq()), "seq handed out twice: " + r.seq());
            }
        }
        pool.shutdown();
        assertEquals(8000, seqs.size());
        assertEquals(1L, ((TreeSet<Long>) seqs).first());
        assertEquals(8000L, ((TreeSet<Long>) seqs).last());
        assertTrue(verifyDatabase().intact());
    }

    @Test
    void journaledEntriesTheDatabaseNeverGotAreReplayedOnRestart() throws Exception {
        start();
        append(events(10));
        assertTrue(indexer.awaitIndexed(10, Duration.ofSeconds(10)));
        storage.failingInserts.set(Integer.MAX_VALUE);
        List<NormalizedEvent> lost = events(7);
        List<Receipt> receipts = append(lost); // durable in the journal: receipts are handed out
        assertEquals(
                List.of(11L, 12L, 13L, 14L, 15L, 16L, 17L),
                receipts.stream().map(Receipt::seq).toList());
        assertEquals(10, storage.count());
        stop(); // the process dies before the database caught up

        storage.failingInserts.set(0);
        start();
        assertEquals(7, recovered.replayed());
        assertEquals(17, storage.count());
        assertTrue(verifyDatabase().intact());
        // A producer that retries gets the same receipts, marked as duplicates: nothing is appended twice.
        List<Receipt> retried = append(lost);
        assertTrue(retried.stream().allMatch(Receipt::duplicate));
        assertEquals(
                List.of(11L, 12L, 13L, 14L, 15L, 16L, 17L),
                retried.stream().map(Receipt::seq).toList());
        for (int i = 0; i < 7; i++) {
            assertArrayEquals(receipts.get(i).chainHash(), retried.get(i).chainHash());
        }
    }

    /**
     * After a SIGKILL, H2 (which does not fsync its commits) was seen to keep the later part of a committed batch and
     * lose the earlier: the database's head is then no proof that everything below it is there.
     */
    @Test
    void journaledEntriesMissingBelowTheDatabaseHeadAreRestoredOnRestart() throws Exception {
        start();
        List<Receipt> receipts = append(events(20));
        assertTrue(indexer.awaitIndexed(20, Duration.ofSeconds(10)));
        stop();
        try (java.sql.Connection c = storage.dataSource.getConnection();
                java.sql.Statement s = c.createStatement()) {
            assertEquals(5, s.executeUpdate("DELETE FROM ledger_entry WHERE seq BETWEEN 11 AND 15"));
        }
        assertEquals(15, storage.count());

        start();
        assertEquals(5, recovered.replayed());
        assertEquals(20, storage.count());
        assertTrue(verifyDatabase().intact());
        assertEquals(20, recovered.head().seq());
        assertArrayEquals(receipts.get(19).chainHash(), recovered.head().chainHash());
    }

    @Test
    void aDatabaseOutageDelaysIndexingButNotReceipts() throws Exception {
        start();
        append(events(4));
        storage.failingInserts.set(3);
        assertEquals(
                List.of(5L, 6L, 7L),
                append(events(3)).stream().map(Receipt::seq).toList());
        List<NormalizedEvent> during = events(2);
        assertEquals(List.of(8L, 9L), append(during).stream().map(Receipt::seq).toList());
        // While it waits for the database, a journaled entry is already known: a repeat is a duplicate.
        assertTrue(append(during).stream().allMatch(Receipt::duplicate));
        assertTrue(verifyDatabase().intact());
        assertEquals(9, storage.count());
    }

    @Test
    void clockSkewIsFlaggedAheadOfReceiptAndBehindTheNode() throws Exception {
        start();
        Instant now = Instant.now();
        String ahead = UUID.randomUUID().toString();
        String normal = UUID.randomUUID().toString();
        String behind = UUID.randomUUID().toString();
        append(List.of(
                event(ahead, "anon-9", now.plus(Duration.ofMinutes(10))),
                event(normal, "anon-8", now),
                event(behind, "anon-8", now.minus(Duration.ofMinutes(6)))));
        assertEquals(List.of(EntryBody.FLAG_SKEW_AHEAD), flags(ahead));
        assertEquals(List.of(), flags(normal));
        assertEquals(List.of(EntryBody.FLAG_SKEW_BEHIND), flags(behind));
    }

    @SuppressWarnings("unchecked")
    private List<String> flags(String eventId) throws InterruptedException {
        assertTrue(indexer.awaitIndexed(sequencer.head().seq(), Duration.ofSeconds(10)));
        long seq = sequencer.seqOf(eventId);
        LedgerEntry entry = storage.tx(t -> t.bySeq(seq)).orElseThrow();
        Map<String, Object> body = Json.parseObject(new String(entry.canonical(), StandardCharsets.UTF_8));
        return (List<String>) body.getOrDefault("flags", Collections.emptyList());
    }

    @Test
    void aJournalFromAnotherLedgerIsRefused() throws Exception {
        start();
        append(events(1));
        stop();
        H2LedgerStorage other = new H2LedgerStorage("jdbc:h2:" + dir.resolve("other-db") + ";DB_CLOSE_DELAY=-1");
        other.insertGenesis(new Genesis("another-appliance", Instant.parse("2026-01-01T00:00:00Z")));
        IllegalStateException e = assertThrows(
                IllegalStateException.class,
                () -> LedgerRecovery.recover(other, dir.resolve("journal"), 1 << 20, () -> null));
        assertTrue(e.getMessage().startsWith("VELLUM-0103"), e.getMessage());
        assertTrue(Arrays.asList(e.getMessage().split(" ")).contains("another"));
    }
}
