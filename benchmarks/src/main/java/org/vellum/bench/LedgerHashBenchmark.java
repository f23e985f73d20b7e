package org.vellum.bench;

import java.io.IOException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.vellum.event.NormalizedEvent;
import org.vellum.ledger.EntryBody;
import org.vellum.ledger.Hashes;
import org.vellum.ledger.LedgerEntry;
import org.vellum.ledger.Origin;

/**
 * What the sequencer does per event once it is minimized: the entry body's canonical bytes ({@link EntryBody}), then
 * {@code leaf_hash} and {@code chain_hash} ({@link LedgerEntry#append}). One simulated event per operation: events/s;
 * {@code bytes} counts the bytes that went through SHA-256 (salted leaf input plus the 64-byte chain input).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
public class LedgerHashBenchmark {
    private static final int EVENTS = CanonicalJsonBenchmark.EVENTS;
    private static final String FILE = "9f".repeat(32);

    private final MessageDigest md = Hashes.sha256();
    private List<NormalizedEvent> events;
    private byte[][] bodies;
    private Instant[] received;
    private byte[][] salts;
    private byte[] chain;
    private long seq;
    private int next;

    @Setup
    public void setUp() throws IOException {
        events = SimulatedEvents.normalized(SimulatedEvents.lines(EVENTS));
        bodies = new byte[EVENTS][];
        received = new Instant[EVENTS];
        salts = new byte[EVENTS][LedgerEntry.SALT_LENGTH];
        Random random = new Random(3);
        for (int i = 0; i < EVENTS; i++) {
            received[i] = events.get(i).ts().plusMillis(40);
            bodies[i] = EntryBody.canonical(events.get(i), received[i], List.of(), new Origin("spool", FILE, i + 1));
            random.nextBytes(salts[i]);
        }
        chain = SampleLedger.GENESIS.chainHash();
    }

    private int next() {
        next = (next + 1) & (EVENTS - 1);
        return next;
    }

    /** Leaf and chain hash of an entry whose body is ready. */
    @Benchmark
    public LedgerEntry leafAndChain(EventBytes counter) {
        int i = next();
        LedgerEntry e = LedgerEntry.append(md, chain, ++seq, events.get(i).eventId(), received[i], salts[i], bodies[i]);
        chain = e.chainHash();
        counter.bytes += 1 + LedgerEntry.SALT_LENGTH + bodies[i].length + 2 * Hashes.LENGTH;
        return e;
    }

    /** The body assembled from the minimized event, then both hashes. */
    @Benchmark
    public LedgerEntry bodyAndHashes(EventBytes counter) {
        int i = next();
        long s = ++seq;
        byte[] body = EntryBody.canonical(events.get(i), received[i], List.of(), new Origin("spool", FILE, s));
        LedgerEntry e = LedgerEntry.append(md, chain, s, events.get(i).eventId(), received[i], salts[i], body);
        chain = e.chainHash();
        counter.bytes += 1 + LedgerEntry.SALT_LENGTH + body.length + 2 * Hashes.LENGTH;
        return e;
    }
}
