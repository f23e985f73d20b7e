package org.vellum.ledger;

import java.io.IOException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Brings the database up to what the journal holds before the ledger accepts anything: the genesis record, then every
 * journaled entry the database lacks, each checked to link to its predecessor. That is mostly the entries after the
 * database's head, but not only: H2 does not fsync its commits, and after a SIGKILL it has been seen to come back with
 * the later part of a committed batch and without the earlier (DurabilityIT, 2026-11-30), so entries at or below
 * the head are checked against the database too. On a first start, creates the genesis.
 */
final class LedgerRecovery {
    private static final Logger LOG = Logger.getLogger(LedgerRecovery.class);
    private static final int REPLAY_BATCH = 5000;

    /** The ledger's state after recovery, with the journal open for appending. */
    record Recovered(Genesis genesis, LedgerHead head, Journal journal, long replayed) {}

    private final LedgerStorage storage;
    private final MessageDigest md = Hashes.sha256();
    private final List<IndexedEntry> pending = new ArrayList<>();
    /** Journaled entries at or below the database's head, to be looked up there. */
    private final List<LedgerEntry> below = new ArrayList<>();
    /** The journal's previous entry, for checking that each links to it. */
    private LedgerEntry previous;

    private Genesis genesis;
    private LedgerHead head;
    private long databaseHeadSeq;
    private long replayed;

    private LedgerRecovery(LedgerStorage storage) {
        this.storage = storage;
    }

    static Recovered recover(LedgerStorage storage, Path journalDir, long segmentBytes, Supplier<Genesis> newGenesis)
            throws IOException {
        LedgerRecovery r = new LedgerRecovery(storage);
        r.genesis = storage.genesis().orElse(null);
        if (r.genesis != null) {
            r.head = storage.head(r.genesis);
            r.databaseHeadSeq = r.head.seq();
        }
        Journal journal = Journal.open(journalDir, segmentBytes, payload -> JournalFrames.read(payload, r.visitor()));
        try {
            r.flush();
            if (r.genesis == null) {
                r.genesis = newGenesis.get();
                journal.append(1, JournalFrames.genesis(r.genesis));
                storage.insertGenesis(r.genesis);
                r.head = new LedgerHead(0, r.genesis.chainHash());
                LOG.infof("VELLUM-0101 created a new ledger for appliance %s", r.genesis.applianceId());
            }
        } catch (IOException | RuntimeException e) {
            journal.close();
            throw e;
        }
        if (r.replayed > 0) {
            LOG.warnf("VELLUM-0102 replayed %s journaled entries the database did not have", r.replayed);
        }
        return new Recovered(r.genesis, r.head, journal, r.replayed);
    }

    private JournalFrames.Visitor visitor() {
        return new JournalFrames.Visitor() {
            @Override
            public void genesis(Genesis fromJournal) {
                if (genesis == null) {
                    storage.insertGenesis(fromJournal);
                    genesis = fromJournal;
                    head = new LedgerHead(0, genesis.chainHash());
                } else if (!genesis.equals(fromJournal)) {
                    throw new IllegalStateException(
                            "VELLUM-0103 the journal belongs to another ledger than the database");
                }
            }

            @Override
            public void entry(LedgerEntry entry) {
                replay(entry);
            }
        };
    }

    private void replay(LedgerEntry entry) {
        if (genesis == null) {
            throw new IllegalStateException("VELLUM-0103 the journal holds entries but neither it nor the database "
                    + "holds the genesis record");
        }
        if (entry.seq() <= databaseHeadSeq) {
            if (entry.seq() == databaseHeadSeq && !Arrays.equals(entry.chainHash(), head.chainHash())) {
                throw new IllegalStateException("VELLUM-0103 journal and database disagree at seq " + entry.seq());
            }
            checkLinks(entry);
            below.add(entry);
            if (below.size() >= REPLAY_BATCH) {
                fillGaps();
            }
            previous = entry;
            return;
        }
        previous = entry;
        byte[] leaf = Hashes.leaf(md, entry.salt(), entry.canonical());
        if (entry.seq() != head.seq() + 1
                || !Arrays.equals(leaf, entry.leafHash())
                || !Arrays.equals(Hashes.chain(md, head.chainHash(), leaf), entry.chainHash())) {
            throw new IllegalStateException(
                    "VELLUM-0103 journaled entry seq " + entry.seq() + " does not follow seq " + head.seq());
        }
        pending.add(IndexedEntry.of(entry));
        head = new LedgerHead(entry.seq(), entry.chainHash());
        replayed++;
        if (pending.size() >= REPLAY_BATCH) {
            flush();
        }
    }

    /** A journaled entry hashes to its leaf and, after its journal predecessor, to its chain hash. */
    private void checkLinks(LedgerEntry entry) {
        byte[] leaf = Hashes.leaf(md, entry.salt(), entry.canonical());
        boolean follows = previous == null
                || previous.seq() + 1 != entry.seq()
                || Arrays.equals(Hashes.chain(md, previous.chainHash(), leaf), entry.chainHash());
        if (!Arrays.equals(leaf, entry.leafHash()) || !follows) {
            throw new IllegalStateException("VELLUM-0103 journaled entry seq " + entry.seq() + " is damaged");
        }
    }

    /** Inserts the journaled entries at or below the database's head that the database does not hold. */
    private void fillGaps() {
        if (below.isEmpty()) {
            return;
        }
        java.util.Set<Long> present = new java.util.HashSet<>();
        for (Receipt r :
                storage.receiptsBySeq(below.stream().map(LedgerEntry::seq).toList())) {
            present.add(r.seq());
        }
        List<IndexedEntry> missing = new ArrayList<>();
        for (LedgerEntry e : below) {
            if (!present.contains(e.seq())) {
                missing.add(IndexedEntry.of(e));
            }
        }
        below.clear();
        if (!missing.isEmpty()) {
            LOG.warnf(
                    "VELLUM-0104 the database lacked %d journaled entries below its head (seq %d to %d); restored",
                    missing.size(),
                    missing.get(0).entry().seq(),
                    missing.get(missing.size() - 1).entry().seq());
            storage.insert(missing);
            replayed += missing.size();
        }
    }

    private void flush() {
        fillGaps();
        if (!pending.isEmpty()) {
            storage.insert(List.copyOf(pending));
            pending.clear();
        }
    }
}
