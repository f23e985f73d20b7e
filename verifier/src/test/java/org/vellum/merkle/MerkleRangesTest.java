package org.vellum.merkle;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.vellum.ledger.Hashes;

/**
 * The streamed proofs equal the in-memory ones of {@link MerkleTree} (which the RFC 9162 vectors pin), for every
 * index and size pair up to 70 leaves, and the frontier lets a tree grow without its old leaves.
 */
class MerkleRangesTest {
    private static List<byte[]> leaves(int n) {
        List<byte[]> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(Hashes.sha256(new byte[] {0, (byte) i, (byte) (i >> 8)}));
        }
        return out;
    }

    private static List<byte[]> collect(
            List<MerkleRanges.Range> ranges, Map<MerkleRanges.Range, byte[]> known, List<byte[]> leaves) {
        MerkleRanges.Collector c = new MerkleRanges.Collector(ranges, known);
        for (long i = c.from(); i < c.to(); i++) {
            c.add(i, leaves.get((int) i));
        }
        return c.proof();
    }

    private static void assertSame(List<byte[]> expected, List<byte[]> actual, String what) {
        assertEquals(expected.size(), actual.size(), what);
        for (int i = 0; i < expected.size(); i++) {
            assertArrayEquals(expected.get(i), actual.get(i), what + " hash " + i);
        }
    }

    @Test
    void streamedInclusionProofsEqualTheInMemoryOnes() {
        List<byte[]> all = leaves(70);
        for (int size = 1; size <= 70; size++) {
            List<byte[]> tree = all.subList(0, size);
            for (int index = 0; index < size; index++) {
                assertSame(
                        MerkleTree.inclusionProof(tree, index),
                        collect(MerkleRanges.inclusion(index, size), Map.of(), tree),
                        "leaf " + index + " of " + size);
            }
        }
    }

    @Test
    void streamedConsistencyProofsEqualTheInMemoryOnesAlsoFromAFrontier() throws Exception {
        List<byte[]> all = leaves(70);
        for (int size2 = 1; size2 <= 70; size2++) {
            List<byte[]> tree = all.subList(0, size2);
            for (int size1 = 0; size1 <= size2; size1++) {
                List<byte[]> expected = MerkleTree.consistencyProof(tree, size1);
                assertSame(
                        expected, collect(MerkleRanges.consistency(size1, size2), Map.of(), tree), size1 + "/" + size2);
                // the older tree's complete subtrees, as a seal keeps them, stand in for its leaves
                MerkleRoot older = new MerkleRoot();
                tree.subList(0, size1).forEach(older::add);
                List<MerkleRanges.Range> frontier = MerkleRanges.frontier(size1);
                Map<MerkleRanges.Range, byte[]> known = new HashMap<>();
                for (int i = 0; i < frontier.size(); i++) {
                    known.put(frontier.get(i), older.frontier().get(i));
                }
                assertSame(expected, collect(MerkleRanges.consistency(size1, size2), known, tree), "from a frontier");
                if (size1 > 0) {
                    MerkleProofs.verifyConsistency(
                            size1, size2, MerkleTree.root(tree.subList(0, size1)), MerkleTree.root(tree), expected);
                }
            }
        }
    }

    @Test
    void consistencyFromAFrontierReadsOnlyTheNewLeavesWhenTheOldTreeIsItsOwnDecomposition() {
        // 1000 = 512 + 256 + 128 + 64 + 32 + 8: every old-side hash of the proof is one of those subtrees
        MerkleRoot older = new MerkleRoot();
        leaves(2000).subList(0, 1000).forEach(older::add);
        List<MerkleRanges.Range> frontier = MerkleRanges.frontier(1000);
        Map<MerkleRanges.Range, byte[]> known = new HashMap<>();
        for (int i = 0; i < frontier.size(); i++) {
            known.put(frontier.get(i), older.frontier().get(i));
        }
        MerkleRanges.Collector c = new MerkleRanges.Collector(MerkleRanges.consistency(1000, 2000), known);
        assertEquals(1000, c.from(), "no leaf before the old tree's end is read");
    }

    @Test
    void aTreeResumedFromItsFrontierGrowsToTheSameRoot() {
        List<byte[]> all = leaves(300);
        for (int cut : new int[] {0, 1, 2, 63, 64, 65, 100, 255, 256, 299}) {
            MerkleRoot first = new MerkleRoot();
            all.subList(0, cut).forEach(first::add);
            MerkleRoot resumed = MerkleRoot.resume(cut, first.frontier());
            all.subList(cut, 300).forEach(resumed::add);
            assertArrayEquals(MerkleTree.root(all), resumed.root(), "cut at " + cut);
            assertEquals(Long.bitCount(cut), first.frontier().size());
        }
        assertThrows(IllegalArgumentException.class, () -> MerkleRoot.resume(3, List.of(new byte[32])));
    }

    @Test
    void leavesMustComeInOrderAndAllOfThem() {
        MerkleRanges.Collector c = new MerkleRanges.Collector(MerkleRanges.inclusion(3, 8));
        assertThrows(IllegalStateException.class, () -> c.add(1, new byte[32]));
        c.add(0, leaves(1).get(0));
        assertThrows(IllegalStateException.class, c::proof);
    }
}
