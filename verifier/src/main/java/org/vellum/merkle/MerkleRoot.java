package org.vellum.merkle;

import java.security.MessageDigest;
import java.util.ArrayDeque;
import java.util.Deque;
import org.vellum.ledger.Hashes;

/**
 * The RFC 9162 root of a tree whose leaf hashes arrive one at a time, in O(log n) memory: it keeps the roots of the
 * complete subtrees that the leaves so far decompose into (one per set bit of the count), merging equal sizes as they
 * appear, and folds them right to left at the end. Ten million leaves need 24 hashes, not 320 MB.
 */
public final class MerkleRoot {
    private final MessageDigest md = Hashes.sha256();
    private final Deque<byte[]> subtrees = new ArrayDeque<>();
    private long size;

    public void add(byte[] leafHash) {
        if (leafHash.length != Hashes.LENGTH) {
            throw new IllegalArgumentException("a leaf hash has " + Hashes.LENGTH + " bytes");
        }
        byte[] carry = leafHash;
        // Each trailing one bit of the count is a complete subtree of the same size as the carry: merge them.
        for (long s = size; (s & 1) == 1; s >>>= 1) {
            carry = MerkleTree.node(md, subtrees.pop(), carry);
        }
        subtrees.push(carry);
        size++;
    }

    public long size() {
        return size;
    }

    /** The root of the leaves added so far. */
    public byte[] root() {
        if (size == 0) {
            return MerkleTree.emptyRoot();
        }
        byte[] root = null;
        for (byte[] subtree : subtrees) { // smallest (rightmost) first
            root = root == null ? subtree : MerkleTree.node(md, subtree, root);
        }
        return root;
    }
}
