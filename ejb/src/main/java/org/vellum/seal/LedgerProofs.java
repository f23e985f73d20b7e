package org.vellum.seal;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.vellum.merkle.MerkleRanges;
import org.vellum.merkle.MerkleRanges.Range;
import org.vellum.merkle.MerkleRoot;

/**
 * Inclusion and consistency proofs computed from the ledger's leaves, streamed in seq order, in O(log n) memory.
 * Consistency proofs take the older tree's complete subtrees from its seal's stored frontier, so they read only the
 * leaves appended since.
 */
public final class LedgerProofs {
    /** Streams the leaf hashes of seqs {@code from..to} in order to {@code sink}. */
    @FunctionalInterface
    public interface LeafSource {
        void forEach(long fromSeq, long toSeq, LeafSink sink);
    }

    @FunctionalInterface
    public interface LeafSink {
        void accept(long seq, byte[] leafHash);
    }

    private LedgerProofs() {}

    /** The audit path of entry {@code seq} in the period tree of {@code seal}. */
    public static List<byte[]> inclusion(Seal seal, long seq, LeafSource leaves) {
        long offset = seal.firstSeq();
        return collect(MerkleRanges.inclusion(seq - offset, seal.treeSize()), Map.of(), offset, leaves);
    }

    /**
     * The audit path of entry {@code seq} in the period tree of {@code seal}, taking every subtree of at least
     * {@code blockSize} leaves from the period's stored block roots: it reads the leaves of at most two blocks.
     */
    public static List<byte[]> inclusion(
            Seal seal, long seq, LeafSource leaves, int blockSize, List<byte[]> blockRoots) {
        long offset = seal.firstSeq();
        long size = seal.treeSize();
        List<Range> ranges = MerkleRanges.inclusion(seq - offset, size);
        Map<Range, byte[]> known = new HashMap<>();
        if (blockSize > 0 && blockRoots.size() == (size + blockSize - 1) / blockSize) {
            for (Range r : ranges) {
                if (r.to() - r.from() < blockSize) {
                    continue;
                }
                // A subtree this large starts on a block boundary and ends on one or at the tree's end, and its
                // hash over blocks follows the same split rule as over leaves.
                if (r.from() % blockSize != 0 || (r.to() % blockSize != 0 && r.to() != size)) {
                    throw new IllegalStateException("subtree " + r + " is not made of whole blocks");
                }
                MerkleRoot root = new MerkleRoot();
                for (long b = r.from() / blockSize; b < (r.to() + blockSize - 1) / blockSize; b++) {
                    root.add(blockRoots.get((int) b));
                }
                known.put(r, root.root());
            }
            // The small subtrees lie in the entry's block or in the tree's last one: read each contiguous run alone.
            List<Range> small = new java.util.ArrayList<>(
                    ranges.stream().filter(r -> !known.containsKey(r)).toList());
            small.sort(java.util.Comparator.comparingLong(Range::from));
            for (int i = 0; i < small.size(); ) {
                int j = i + 1;
                while (j < small.size()
                        && small.get(j).from() == small.get(j - 1).to()) {
                    j++;
                }
                List<Range> run = small.subList(i, j);
                List<byte[]> roots = collect(run, Map.of(), offset, leaves);
                for (int k = 0; k < run.size(); k++) {
                    known.put(run.get(k), roots.get(k));
                }
                i = j;
            }
        }
        return collect(ranges, known, offset, leaves);
    }

    /**
     * The consistency proof from the ledger-wide tree of {@code older} (whose frontier is {@code olderFrontier}) to
     * that of {@code newer}.
     */
    public static List<byte[]> consistency(Seal older, List<byte[]> olderFrontier, Seal newer, LeafSource leaves) {
        List<Range> frontier = MerkleRanges.frontier(older.lastSeq());
        Map<Range, byte[]> known = new HashMap<>();
        for (int i = 0; i < frontier.size(); i++) {
            known.put(frontier.get(i), olderFrontier.get(i));
        }
        return collect(MerkleRanges.consistency(older.lastSeq(), newer.lastSeq()), known, 1, leaves);
    }

    /** Leaf index i is seq {@code offset + i}. */
    private static List<byte[]> collect(List<Range> ranges, Map<Range, byte[]> known, long offset, LeafSource leaves) {
        MerkleRanges.Collector collector = new MerkleRanges.Collector(ranges, known);
        if (collector.to() > collector.from()) {
            leaves.forEach(
                    offset + collector.from(),
                    offset + collector.to() - 1,
                    (seq, hash) -> collector.add(seq - offset, hash));
        }
        return collector.proof();
    }
}
