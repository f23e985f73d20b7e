package org.vellum.merkle;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.List;
import org.vellum.ledger.Hashes;

/** Verification of inclusion (RFC 9162 §2.1.3.2) and consistency (§2.1.4.2) proofs, with a named reason on failure. */
public final class MerkleProofs {
    private MerkleProofs() {}

    /** Proves that {@code leafHash} is leaf {@code index} of the tree of {@code size} leaves whose root is {@code root}. */
    public static void verifyInclusion(long index, long size, byte[] leafHash, List<byte[]> proof, byte[] root)
            throws MerkleProofException {
        checkHashes(proof, leafHash, root);
        if (index < 0 || index >= size) {
            throw new MerkleProofException(ProofFailure.OUT_OF_RANGE, "leaf " + index + " is not in a tree of " + size);
        }
        MessageDigest md = Hashes.sha256();
        long fn = index;
        long sn = size - 1;
        byte[] r = leafHash;
        for (byte[] p : proof) {
            if (sn == 0) {
                throw new MerkleProofException(ProofFailure.WRONG_PROOF_LENGTH, "the proof has too many hashes");
            }
            if ((fn & 1) == 1 || fn == sn) {
                r = MerkleTree.node(md, p, r);
                while ((fn & 1) == 0 && fn != 0) {
                    fn >>>= 1;
                    sn >>>= 1;
                }
            } else {
                r = MerkleTree.node(md, r, p);
            }
            fn >>>= 1;
            sn >>>= 1;
        }
        if (sn != 0) {
            throw new MerkleProofException(ProofFailure.WRONG_PROOF_LENGTH, "the proof has too few hashes");
        }
        if (!Arrays.equals(r, root)) {
            throw new MerkleProofException(ProofFailure.ROOT_MISMATCH, "the path does not lead to the root");
        }
    }

    /** Proves that the tree of {@code size1} leaves with {@code root1} is a prefix of the one of {@code size2}. */
    public static void verifyConsistency(long size1, long size2, byte[] root1, byte[] root2, List<byte[]> proof)
            throws MerkleProofException {
        if (root1 == null || root2 == null) {
            throw new MerkleProofException(ProofFailure.MALFORMED_HASH, "a root is missing");
        }
        if (size1 == size2 && size1 > 0 && proof.isEmpty()) {
            // Nothing is recomputed: the roots only have to be the same bytes (whatever their length, as in the
            // published vectors).
            if (!Arrays.equals(root1, root2)) {
                throw new MerkleProofException(ProofFailure.ROOT_MISMATCH, "equal sizes, different roots");
            }
            return;
        }
        checkHashes(proof, root1, root2);
        if (size1 < 0 || size2 < size1) {
            throw new MerkleProofException(ProofFailure.OUT_OF_RANGE, "sizes " + size1 + " and " + size2);
        }
        if (size1 == size2) {
            if (!proof.isEmpty()) {
                throw new MerkleProofException(ProofFailure.WRONG_PROOF_LENGTH, "equal trees need an empty proof");
            }
            if (!Arrays.equals(root1, root2)) {
                throw new MerkleProofException(ProofFailure.ROOT_MISMATCH, "equal sizes, different roots");
            }
            if (size1 == 0) {
                throw new MerkleProofException(ProofFailure.EMPTY_TREE, "two empty trees prove nothing");
            }
            return;
        }
        if (size1 == 0) {
            throw new MerkleProofException(ProofFailure.EMPTY_TREE, "every tree extends the empty one");
        }
        if (proof.isEmpty()) {
            throw new MerkleProofException(ProofFailure.WRONG_PROOF_LENGTH, "the proof is empty");
        }
        MessageDigest md = Hashes.sha256();
        long fn = size1 - 1;
        long sn = size2 - 1;
        while ((fn & 1) == 1) {
            fn >>>= 1;
            sn >>>= 1;
        }
        // When size1 is a power of two, its root is the first node of the walk and the proof leaves it out.
        boolean rootFirst = Long.bitCount(size1) == 1;
        byte[] fr = rootFirst ? root1 : proof.get(0);
        byte[] sr = fr;
        for (int i = rootFirst ? 0 : 1; i < proof.size(); i++) {
            byte[] c = proof.get(i);
            if (sn == 0) {
                throw new MerkleProofException(ProofFailure.WRONG_PROOF_LENGTH, "the proof has too many hashes");
            }
            if ((fn & 1) == 1 || fn == sn) {
                fr = MerkleTree.node(md, c, fr);
                sr = MerkleTree.node(md, c, sr);
                while ((fn & 1) == 0 && fn != 0) {
                    fn >>>= 1;
                    sn >>>= 1;
                }
            } else {
                sr = MerkleTree.node(md, sr, c);
            }
            fn >>>= 1;
            sn >>>= 1;
        }
        if (sn != 0) {
            throw new MerkleProofException(ProofFailure.WRONG_PROOF_LENGTH, "the proof has too few hashes");
        }
        if (!Arrays.equals(fr, root1)) {
            throw new MerkleProofException(ProofFailure.ROOT_MISMATCH, "the proof does not give the first root");
        }
        if (!Arrays.equals(sr, root2)) {
            throw new MerkleProofException(ProofFailure.ROOT_MISMATCH, "the proof does not give the second root");
        }
    }

    private static void checkHashes(List<byte[]> proof, byte[]... hashes) throws MerkleProofException {
        for (byte[] h : hashes) {
            if (h == null || h.length != Hashes.LENGTH) {
                throw new MerkleProofException(
                        ProofFailure.MALFORMED_HASH, "a hash is not " + Hashes.LENGTH + " bytes");
            }
        }
        for (byte[] h : proof) {
            if (h == null || h.length != Hashes.LENGTH) {
                throw new MerkleProofException(ProofFailure.MALFORMED_HASH, "a proof hash is not 32 bytes");
            }
        }
    }
}
