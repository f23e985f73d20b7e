package org.vellum.seal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.vellum.event.MinimizationPolicy;
import org.vellum.ledger.Genesis;
import org.vellum.merkle.MerkleRoot;

/**
 * Computes the next seal from the leaves appended since the previous one: the period's Merkle root, the ledger-wide
 * root (grown from the previous seal's frontier, so old leaves are never read again), counts by event type and the
 * newest arrival. Plain Java, so that the tests build seals exactly as the appliance does.
 */
public final class SealBuilder {
    private final Seal previous;
    private final Genesis genesis;
    private final MerkleRoot period = new MerkleRoot();
    private final MerkleRoot ledger;
    private final int blockSize;
    private final List<byte[]> blocks = new ArrayList<>();
    private MerkleRoot block = new MerkleRoot();
    private final Map<String, Long> byType = new TreeMap<>();
    private Instant newest;
    private long nextSeq;

    /** Blocks of 1024 leaves: a proof then reads at most 2048 leaf hashes and folds the rest from block roots. */
    public static final int BLOCK_SIZE = 1024;

    /** Starts after {@code previous} (null for seal 1), whose ledger-wide tree's frontier is {@code frontier}. */
    public SealBuilder(Genesis genesis, Seal previous, List<byte[]> frontier) {
        this(genesis, previous, frontier, BLOCK_SIZE);
    }

    /** As {@link #SealBuilder(Genesis, Seal, List)}, with period blocks of {@code blockSize} leaves (a power of 2). */
    public SealBuilder(Genesis genesis, Seal previous, List<byte[]> frontier, int blockSize) {
        if (Integer.bitCount(blockSize) != 1) {
            throw new IllegalArgumentException("the block size is a power of 2");
        }
        this.blockSize = blockSize;
        this.genesis = genesis;
        this.previous = previous;
        this.ledger = previous == null ? new MerkleRoot() : MerkleRoot.resume(previous.lastSeq(), frontier);
        this.nextSeq = previous == null ? 1 : previous.lastSeq() + 1;
    }

    /** The first seq the new seal covers. */
    public long firstSeq() {
        return previous == null ? 1 : previous.lastSeq() + 1;
    }

    /** The next entry, in seq order without gaps. */
    public void add(long seq, byte[] leafHash, String eventType, Instant receivedAt) {
        if (seq != nextSeq) {
            throw new IllegalStateException("expected seq " + nextSeq + ", got " + seq);
        }
        nextSeq++;
        period.add(leafHash);
        ledger.add(leafHash);
        block.add(leafHash);
        if (block.size() == blockSize) {
            blocks.add(block.root());
            block = new MerkleRoot();
        }
        byType.merge(eventType, 1L, Long::sum);
        if (newest == null || receivedAt.isAfter(newest)) {
            newest = receivedAt;
        }
    }

    /**
     * The seal over the entries added, ending at {@code chainHash} (the chain hash of the last one, or the previous
     * seal's when none were added). {@code collection} is the nightly run's accounting, or null.
     */
    public Seal build(Instant sealedAt, byte[] chainHash, Map<String, Object> collection, String trigger) {
        Map<String, Object> accounting = new LinkedHashMap<>();
        accounting.put("entries_by_type", new TreeMap<>(byType));
        if (collection != null) {
            accounting.put("collection", collection);
        }
        return new Seal(
                genesis.applianceId(),
                previous == null ? 1 : previous.number() + 1,
                sealedAt,
                previous == null ? genesis.createdAt() : previous.sealedAt(),
                firstSeq(),
                nextSeq - 1,
                period.root(),
                ledger.root(),
                chainHash,
                previous == null ? genesis.chainHash() : previous.sha256(),
                newest,
                accounting,
                MinimizationPolicy.VERSION,
                MinimizationPolicy.sha256(),
                trigger);
    }

    public int blockSize() {
        return blockSize;
    }

    /**
     * The roots of the period tree's blocks of {@link #blockSize()} leaves, the last one possibly partial: every
     * subtree of the period tree with at least that many leaves is made of whole blocks (and the tree's end), so an
     * inclusion proof needs leaves of at most two blocks ({@link LedgerProofs#inclusion}).
     */
    public List<byte[]> periodBlocks() {
        List<byte[]> all = new ArrayList<>(blocks);
        if (block.size() > 0) {
            all.add(block.root());
        }
        return all;
    }

    /** The ledger-wide tree's frontier after the entries added, for the next seal. */
    public List<byte[]> frontier() {
        return ledger.frontier();
    }
}
