package org.vellum.seal;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.vellum.merkle.MerkleRanges;
import org.vellum.merkle.MerkleRanges.Range;

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
