package org.vellum.merkle;

import java.security.MessageDigest;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
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

    public MerkleRoot() {}

    /**
     * Takes up a tree of {@code size} leaves from its complete subtrees' roots, largest (leftmost) first, as
     * {@link #frontier()} gave them: so that a ledger-wide tree grows across seals without reading old leaves.
     */
    public static MerkleRoot resume(long size, List<byte[]> frontier) {
        if (size < 0 || Long.bitCount(size) != frontier.size()) {
            throw new IllegalArgumentException("a tree of " + size + " leaves has " + Long.bitCount(Math.max(size, 0))
                    + " complete subtrees, not " + frontier.size());
        }
        MerkleRoot root = new MerkleRoot();
        for (byte[] subtree : frontier) {
            if (subtree.length != Hashes.LENGTH) {
                throw new IllegalArgumentException("a subtree root has " + Hashes.LENGTH + " bytes");
            }
            root.subtrees.push(subtree.clone());
        }
        root.size = size;
        return root;
    }

    /** The roots of the complete subtrees so far, largest (leftmost) first. */
    public List<byte[]> frontier() {
        List<byte[]> frontier = new ArrayList<>(subtrees.size());
        subtrees.descendingIterator().forEachRemaining(h -> frontier.add(h.clone()));
        return frontier;
    }

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
