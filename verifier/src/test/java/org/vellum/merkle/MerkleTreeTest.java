package org.vellum.merkle;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.vellum.ledger.Hashes;

class MerkleTreeTest {
    private static List<byte[]> leaves(int n, long seed) {
        Random random = new Random(seed);
        List<byte[]> leaves = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            byte[] h = new byte[Hashes.LENGTH];
            random.nextBytes(h);
            leaves.add(h);
        }
        return leaves;
    }

    @Test
    void theStreamedRootEqualsTheRecursiveOneForEverySize() {
        List<byte[]> leaves = leaves(300, 1);
        MerkleRoot streamed = new MerkleRoot();
        assertArrayEquals(MerkleTree.emptyRoot(), streamed.root());
        for (int n = 1; n <= leaves.size(); n++) {
            streamed.add(leaves.get(n - 1));
            assertArrayEquals(MerkleTree.root(leaves.subList(0, n)), streamed.root(), "size " + n);
        }
        assertEquals(300, streamed.size());
    }

    @Test
    void everyLeafHasAnInclusionProofAndNoOtherLeafFitsIt() throws MerkleProofException {
        for (int n = 1; n <= 40; n++) {
            List<byte[]> leaves = leaves(n, n);
            byte[] root = MerkleTree.root(leaves);
            for (int i = 0; i < n; i++) {
                int m = i;
                int size = n;
                List<byte[]> path = MerkleTree.inclusionProof(leaves, m);
                MerkleProofs.verifyInclusion(m, size, leaves.get(m), path, root);
                if (size > 1) {
                    int other = (m + 1) % size;
                    byte[] wrongLeaf = leaves.get(other);
                    MerkleProofException e = assertThrows(
                            MerkleProofException.class,
                            () -> MerkleProofs.verifyInclusion(m, size, wrongLeaf, path, root));
                    assertEquals(ProofFailure.ROOT_MISMATCH, e.failure());
                }
            }
        }
    }

    @Test
    void everyPrefixHasAConsistencyProof() throws MerkleProofException {
        for (int n = 1; n <= 40; n++) {
            List<byte[]> leaves = leaves(n, 100 + n);
            byte[] root2 = MerkleTree.root(leaves);
            for (int m = 1; m <= n; m++) {
                byte[] root1 = MerkleTree.root(leaves.subList(0, m));
                MerkleProofs.verifyConsistency(m, n, root1, root2, MerkleTree.consistencyProof(leaves, m));
            }
        }
    }

    @Test
    void aChangedLeafBreaksTheConsistencyProofOfEveryLaterTree() {
        List<byte[]> leaves = leaves(21, 7);
        byte[] root1 = MerkleTree.root(leaves.subList(0, 13));
        List<byte[]> rewritten = new ArrayList<>(leaves);
        byte[] changed = rewritten.get(4).clone();
        changed[0] ^= 1;
        rewritten.set(4, changed); // history rewritten below the first tree's size
        byte[] root2 = MerkleTree.root(rewritten);
        MerkleProofException e = assertThrows(
                MerkleProofException.class,
                () -> MerkleProofs.verifyConsistency(13, 21, root1, root2, MerkleTree.consistencyProof(rewritten, 13)));
        assertEquals(ProofFailure.ROOT_MISMATCH, e.failure());
    }

    @Test
    void aLeafOutsideTheTreeIsOutOfRange() {
        List<byte[]> leaves = leaves(5, 3);
        byte[] root = MerkleTree.root(leaves);
        MerkleProofException e = assertThrows(
                MerkleProofException.class, () -> MerkleProofs.verifyInclusion(5, 5, leaves.get(0), List.of(), root));
        assertEquals(ProofFailure.OUT_OF_RANGE, e.failure());
    }
}
