package org.vellum.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.vellum.merkle.MerkleProofException;
import org.vellum.merkle.MerkleProofs;
import org.vellum.seal.LedgerProofs;
import org.vellum.seal.Seal;
import org.vellum.seal.SealBuilder;

/**
 * Inclusion proofs for random entries of a sealed period: generated as the appliance answers {@code GET
 * /events/{id}/proof} ({@link LedgerProofs}, big subtrees from the seal's stored block roots, at most two blocks of
 * leaves read; here the leaves come from memory, not from the database), and verified as an auditor does
 * ({@link MerkleProofs#verifyInclusion}). One proof per operation: proofs/s.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
public class ProofBenchmark {
    private static final int CHECKED = 1024;

    @Param({"1000000"})
    public int leaves;

    private List<byte[]> hashes;
    private Seal seal;
    private List<byte[]> blocks;
    private LedgerProofs.LeafSource source;
    private final SplittableRandom random = new SplittableRandom(5);
    private long[] checkedSeqs;
    private List<List<byte[]>> checkedProofs;
    private int next;

    @Setup
    public void setUp() throws MerkleProofException {
        hashes = LeafHashes.of(leaves);
        SealBuilder builder = new SealBuilder(SampleLedger.GENESIS, null, List.of());
        for (int i = 0; i < leaves; i++) {
            builder.add(i + 1, hashes.get(i), LeafHashes.TYPES[i % LeafHashes.TYPES.length], LeafHashes.RECEIVED);
        }
        // the last leaf stands in for the chain hash, which no tree uses
        seal = builder.build(LeafHashes.RECEIVED, hashes.get(leaves - 1), null, "bench");
        blocks = builder.periodBlocks();
        source = (from, to, sink) -> {
            for (long seq = from; seq <= to; seq++) {
                sink.accept(seq, hashes.get((int) seq - 1));
            }
        };
        checkedSeqs = new long[CHECKED];
        checkedProofs = new ArrayList<>(CHECKED);
        for (int i = 0; i < CHECKED; i++) {
            checkedSeqs[i] = random.nextLong(1, leaves + 1L);
            checkedProofs.add(inclusion(checkedSeqs[i]));
            // a proof that does not verify would make the figures meaningless
            verify(i);
        }
    }

    private List<byte[]> inclusion(long seq) {
        return LedgerProofs.inclusion(seal, seq, source, SealBuilder.BLOCK_SIZE, blocks);
    }

    private void verify(int i) throws MerkleProofException {
        long seq = checkedSeqs[i];
        MerkleProofs.verifyInclusion(
                seq - 1, leaves, hashes.get((int) seq - 1), checkedProofs.get(i), seal.merkleRoot());
    }

    @Benchmark
    public List<byte[]> generateInclusion() {
        return inclusion(random.nextLong(1, leaves + 1L));
    }

    @Benchmark
    public int verifyInclusion() throws MerkleProofException {
        next = (next + 1) & (CHECKED - 1);
        verify(next);
        return next;
    }
}
