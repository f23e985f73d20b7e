package org.vellum.merkle;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * RFC 9162 proofs over a tree too large to hold: every hash of an inclusion path or a consistency proof is the root of
 * a contiguous, disjoint range of leaves. This class names those ranges in proof order, and {@link Collector} turns
 * one pass over the leaves, in order, into their roots with O(log n) memory per range. The appliance streams leaf
 * hashes from its database through it; {@link MerkleTree} computes the same proofs over a list.
 */
public final class MerkleRanges {
    /** The leaves {@code [from, to)}, numbered from 0. */
    public record Range(long from, long to) {}

    private MerkleRanges() {}

    /** The ranges whose roots form the audit path of leaf {@code index} in a tree of {@code size} leaves. */
    public static List<Range> inclusion(long index, long size) {
        if (index < 0 || index >= size) {
            throw new IllegalArgumentException("leaf " + index + " is not in a tree of " + size);
        }
        List<Range> out = new ArrayList<>();
        path(index, 0, size, out);
        return out;
    }

    /** The ranges whose roots form the proof that the tree of {@code size1} leaves is a prefix of that of size2. */
    public static List<Range> consistency(long size1, long size2) {
        if (size1 < 0 || size1 > size2) {
            throw new IllegalArgumentException("size " + size1 + " is not within a tree of " + size2);
        }
        List<Range> out = new ArrayList<>();
        if (size1 > 0 && size1 < size2) {
            subproof(size1, 0, size2, true, out);
        }
        return out;
    }

    /**
     * The complete subtrees a tree of {@code size} leaves decomposes into, largest (leftmost) first: the ranges whose
     * roots {@link MerkleRoot#frontier()} keeps.
     */
    public static List<Range> frontier(long size) {
        List<Range> out = new ArrayList<>();
        long pos = 0;
        for (int bit = 62; bit >= 0; bit--) {
            if ((size & (1L << bit)) != 0) {
                out.add(new Range(pos, pos + (1L << bit)));
                pos += 1L << bit;
            }
        }
        return out;
    }

    private static void path(long m, long from, long to, List<Range> out) {
        long n = to - from;
        if (n == 1) {
            return;
        }
        long k = MerkleTree.split(n);
        if (m < k) {
            path(m, from, from + k, out);
            out.add(new Range(from + k, to));
        } else {
            path(m - k, from + k, to, out);
            out.add(new Range(from, from + k));
        }
    }

    private static void subproof(long m, long from, long to, boolean whole, List<Range> out) {
        long n = to - from;
        if (m == n) {
            if (!whole) {
                out.add(new Range(from, to));
            }
            return;
        }
        long k = MerkleTree.split(n);
        if (m <= k) {
            subproof(m, from, from + k, whole, out);
            out.add(new Range(from + k, to));
        } else {
            subproof(m - k, from + k, to, false, out);
            out.add(new Range(from, from + k));
        }
    }

    /**
     * Takes leaf hashes in order from leaf {@link #from()} and keeps a {@link MerkleRoot} for each range they fall
     * in; leaves outside every range are ignored. The ranges are disjoint, so each leaf feeds at most one.
     */
    public static final class Collector {
        private final List<Range> ranges;
        private final MerkleRoot[] roots;
        private final long from;
        private final long to;
        private long next;

        private final byte[][] known;

        public Collector(List<Range> ranges) {
            this(ranges, Map.of());
        }

        /** As {@link #Collector(List)}, where the roots of some ranges are known already and need no leaves. */
        public Collector(List<Range> ranges, Map<Range, byte[]> knownRoots) {
            this.ranges = List.copyOf(ranges);
            this.roots = new MerkleRoot[ranges.size()];
            this.known = new byte[ranges.size()][];
            long lo = Long.MAX_VALUE;
            long hi = 0;
            for (int i = 0; i < roots.length; i++) {
                known[i] = knownRoots.get(ranges.get(i));
                if (known[i] == null) {
                    roots[i] = new MerkleRoot();
                    lo = Math.min(lo, ranges.get(i).from());
                    hi = Math.max(hi, ranges.get(i).to());
                }
            }
            this.from = lo == Long.MAX_VALUE ? 0 : lo;
            this.to = lo == Long.MAX_VALUE ? 0 : hi;
            this.next = from;
        }

        /** The first leaf the collector needs. */
        public long from() {
            return from;
        }

        /** One past the last leaf the collector needs. */
        public long to() {
            return to;
        }

        /** The next leaf's hash, leaf {@code index}; leaves must come in order without gaps. */
        public void add(long index, byte[] leafHash) {
            if (index != next) {
                throw new IllegalStateException("expected leaf " + next + ", got " + index);
            }
            next++;
            for (int i = 0; i < roots.length; i++) {
                Range r = ranges.get(i);
                if (roots[i] != null && index >= r.from() && index < r.to()) {
                    roots[i].add(leafHash);
                    return;
                }
            }
        }

        /** The ranges' roots in proof order, once every leaf up to {@link #to()} was added. */
        public List<byte[]> proof() {
            if (next < to) {
                throw new IllegalStateException("leaves " + next + " to " + (to - 1) + " are missing");
            }
            List<byte[]> proof = new ArrayList<>(roots.length);
            for (int i = 0; i < roots.length; i++) {
                proof.add(known[i] != null ? known[i] : roots[i].root());
            }
            return proof;
        }
    }
}
