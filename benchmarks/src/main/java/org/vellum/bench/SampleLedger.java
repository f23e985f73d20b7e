package org.vellum.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.vellum.event.NormalizedEvent;
import org.vellum.ledger.EntryBody;
import org.vellum.ledger.Genesis;
import org.vellum.ledger.Hashes;
import org.vellum.ledger.LedgerEntry;
import org.vellum.ledger.LedgerExport;
import org.vellum.ledger.Origin;
import org.vellum.seal.Seal;
import org.vellum.seal.SealBuilder;

/**
 * A period of ledger entries made from simulated events by the production code, as the nightly collection appends
 * them (entry body with origin, salt, leaf and chain hash), and its seal. The entries are deterministic (the same size
 * gives the same bytes), so {@link ReferenceData} can hand the reference tools exactly what the archive benchmark
 * packages.
 */
final class SampleLedger {
    static final Genesis GENESIS =
            new Genesis("5e1f0a2b-0000-4000-8000-0000000be4c4", Instant.parse("2026-11-01T00:00:00Z"));
    private static final String FILE = "9f".repeat(32);

    final List<LedgerEntry> entries;
    final Seal seal;
    final List<byte[]> blocks;

    private SampleLedger(List<LedgerEntry> entries, Seal seal, List<byte[]> blocks) {
        this.entries = entries;
        this.seal = seal;
        this.blocks = blocks;
    }

    /** The first period (seal 1) of {@code size} entries. */
    static SampleLedger of(int size) throws IOException {
        List<NormalizedEvent> events = SimulatedEvents.normalized(SimulatedEvents.lines(size));
        List<LedgerEntry> entries = new ArrayList<>(size);
        SealBuilder builder = new SealBuilder(GENESIS, null, List.of());
        MessageDigest md = Hashes.sha256();
        Random random = new Random(42);
        byte[] chain = GENESIS.chainHash();
        for (NormalizedEvent event : events) {
            long seq = entries.size() + 1;
            byte[] salt = new byte[LedgerEntry.SALT_LENGTH];
            random.nextBytes(salt);
            Instant received = event.ts().plusMillis(40);
            byte[] body = EntryBody.canonical(event, received, List.of(), new Origin("spool", FILE, seq));
            LedgerEntry e = LedgerEntry.append(md, chain, seq, event.eventId(), received, salt, body);
            entries.add(e);
            builder.add(seq, e.leafHash(), event.type(), received);
            chain = e.chainHash();
        }
        // sealed now: the signing certificates are made now, and a signature must fall within their validity
        Seal seal = builder.build(Instant.now().truncatedTo(ChronoUnit.MICROS), chain, null, "bench");
        return new SampleLedger(List.copyOf(entries), seal, builder.periodBlocks());
    }

    /** The entry lines exactly as the archive's parts hold them (docs/FORMAT.md, ledger export lines). */
    byte[] entryLines() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(entries.size() * 1024);
        for (LedgerEntry e : entries) {
            LedgerExport.write(e, out);
            out.write('\n');
        }
        return out.toByteArray();
    }
}
