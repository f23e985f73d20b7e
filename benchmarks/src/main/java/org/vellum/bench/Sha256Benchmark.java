package org.vellum.bench;

import java.util.Random;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.vellum.ledger.Hashes;

/**
 * Raw SHA-256 through {@link Hashes} (the JDK's digest, as the ledger, the archive and the verifier use it) over one
 * buffer per operation: 16 KiB, the size {@code openssl speed -bytes 16384} measures, and 1 MiB. MB/s is the
 * {@code bytes} figure.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
public class Sha256Benchmark {
    @Param({"16384", "1048576"})
    public int size;

    private byte[] buffer;

    @Setup
    public void setUp() {
        buffer = new byte[size];
        new Random(1).nextBytes(buffer);
    }

    @Benchmark
    public byte[] sha256(EventBytes counter) {
        counter.bytes += buffer.length;
        return Hashes.sha256(buffer);
    }
}
