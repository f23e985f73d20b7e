package org.vellum.merkle;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import org.vellum.ledger.Hashes;

/**
 * The Merkle Tree Hash of RFC 9162 §2.1.1 over leaf hashes that are already computed (the ledger's {@code leaf_hash}
 * values, which carry the {@code 0x00} leaf prefix themselves): {@code MTH({}) = SHA-256()}, {@code MTH({d}) = d},
 * and for n > 1, with k the largest power of two smaller than n,
 * {@code MTH(D[n]) = SHA-256(0x01 || MTH(D[0:k]) || MTH(D[k:n]))}. Also the inclusion path (§2.1.3.1) and the
 * consistency proof (§2.1.4.1) over a list held in memory; {@link MerkleRoot} computes a root in O(log n) memory.
 */
public final class MerkleTree {
    private static final byte NODE_PREFIX = 0x01;

    private MerkleTree() {}

    /** {@code SHA-256(0x01 || left || right)}. */
    public static byte[] node(MessageDigest md, byte[] left, byte[] right) {
        md.reset();
        md.update(NODE_PREFIX);
        md.update(left);
        md.update(right);
        return md.digest();
    }

    /** The root of the empty tree, {@code SHA-256()} of nothing. */
    public static byte[] emptyRoot() {
        return Hashes.sha256(new byte[0]);
    }

    public static byte[] root(List<byte[]> leaves) {
        return leaves.isEmpty() ? emptyRoot() : mth(Hashes.sha256(), leaves, 0, leaves.size());
    }

    /** The audit path of leaf {@code index} in the tree of all {@code leaves}. */
    public static List<byte[]> inclusionProof(List<byte[]> leaves, int index) {
        if (index < 0 || index >= leaves.size()) {
            throw new IllegalArgumentException("leaf " + index + " is not in a tree of " + leaves.size());
        }
        List<byte[]> path = new ArrayList<>();
        path(Hashes.sha256(), leaves, index, 0, leaves.size(), path);
        return path;
    }

    /** The proof that the tree of the first {@code size1} leaves is a prefix of the tree of all {@code leaves}. */
    public static List<byte[]> consistencyProof(List<byte[]> leaves, int size1) {
        if (size1 < 0 || size1 > leaves.size()) {
            throw new IllegalArgumentException("size " + size1 + " is not within a tree of " + leaves.size());
        }
        List<byte[]> proof = new ArrayList<>();
        if (size1 > 0 && size1 < leaves.size()) {
            subproof(Hashes.sha256(), leaves, size1, 0, leaves.size(), true, proof);
        }
        return proof;
    }

    /** The largest power of two smaller than {@code n} (n > 1). */
    static long split(long n) {
        return Long.highestOneBit(n - 1);
    }

    private static byte[] mth(MessageDigest md, List<byte[]> leaves, int from, int to) {
        int n = to - from;
        if (n == 1) {
            return leaves.get(from);
        }
        int k = (int) split(n);
        return node(md, mth(md, leaves, from, from + k), mth(md, leaves, from + k, to));
    }

    /** PATH(m, D[from:to]), m relative to {@code from}, appended to {@code out} leaf-side first. */
    private static void path(MessageDigest md, List<byte[]> leaves, int m, int from, int to, List<byte[]> out) {
        int n = to - from;
        if (n == 1) {
            return;
        }
        int k = (int) split(n);
        if (m < k) {
            path(md, leaves, m, from, from + k, out);
            out.add(mth(md, leaves, from + k, to));
        } else {
            path(md, leaves, m - k, from + k, to, out);
            out.add(mth(md, leaves, from, from + k));
        }
    }

    /** SUBPROOF(m, D[from:to], b). */
    private static void subproof(
            MessageDigest md, List<byte[]> leaves, int m, int from, int to, boolean whole, List<byte[]> out) {
        int n = to - from;
        if (m == n) {
            if (!whole) {
                out.add(mth(md, leaves, from, to));
            }
            return;
        }
        int k = (int) split(n);
        if (m <= k) {
            subproof(md, leaves, m, from, from + k, whole, out);
            out.add(mth(md, leaves, from + k, to));
        } else {
            subproof(md, leaves, m - k, from + k, to, false, out);
            out.add(mth(md, leaves, from, from + k));
        }
    }
}
