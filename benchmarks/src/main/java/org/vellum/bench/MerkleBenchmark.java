package org.vellum.bench;

import java.util.List;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.vellum.merkle.MerkleRoot;
import org.vellum.merkle.MerkleTree;
import org.vellum.seal.Seal;
import org.vellum.seal.SealBuilder;

/**
 * Building the RFC 9162 tree over a period's leaf hashes, one whole tree per operation (leaves/s is the score times
 * {@code leaves}): streaming in O(log n) memory ({@link MerkleRoot}, how seals and archives compute it), over a list
 * held in memory ({@link MerkleTree#root}), and the seal step's {@link SealBuilder}, which grows three trees per leaf
 * (the period, the ledger-wide tree and the 1,024-leaf proof blocks) and counts types.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
public class MerkleBenchmark {
    @Param({"100000"})
    public int leaves;

    private List<byte[]> hashes;

    @Setup
    public void setUp() {
        hashes = LeafHashes.of(leaves);
    }

    @Benchmark
    public byte[] streamingRoot() {
        MerkleRoot root = new MerkleRoot();
        for (byte[] leaf : hashes) {
            root.add(leaf);
        }
        return root.root();
    }

    @Benchmark
    public byte[] inMemoryRoot() {
        return MerkleTree.root(hashes);
    }

    @Benchmark
    public Seal sealBuilder() {
        SealBuilder builder = new SealBuilder(SampleLedger.GENESIS, null, List.of());
        long seq = 1;
        for (byte[] leaf : hashes) {
            builder.add(seq, leaf, LeafHashes.TYPES[(int) (seq % LeafHashes.TYPES.length)], LeafHashes.RECEIVED);
            seq++;
        }
        // the last leaf stands in for the chain hash, which no tree uses
        return builder.build(LeafHashes.RECEIVED, hashes.get(hashes.size() - 1), null, "bench");
    }
}
