package org.vellum.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.List;
import java.util.Map;
import org.vellum.archive.ArchiveLayout;
import org.vellum.archive.ArchiveReport;
import org.vellum.archive.ArchiveVerifier;
import org.vellum.archive.ArchiveWriter;

/**
 * A sealed, signed period ready to be packaged, with what {@code Archiver} hands {@link ArchiveWriter}: the seal and
 * its time-stamped CAdES signature, the genesis, what the appliance states, the policy; packaged with the production
 * settings (parts of 64 MiB, deflate level 6) into a temporary folder that {@link #close} removes.
 */
final class SampleArchive implements AutoCloseable {
    static final long PART_BYTES = 64L << 20;
    static final int LEVEL = 6;

    final Signing signing;
    final SampleLedger ledger;
    final byte[] sealSignature;
    final ArchiveWriter.Input input;
    final Path dir;

    SampleArchive(int entries) throws IOException, GeneralSecurityException {
        signing = new Signing();
        try {
            ledger = SampleLedger.of(entries);
            sealSignature = signing.signer.sign(ledger.seal.canonicalBytes(), ledger.seal.sealedAt(), signing::stamp);
            input = new ArchiveWriter.Input(
                    ledger.seal.canonicalBytes(),
                    sealSignature,
                    null,
                    SampleLedger.GENESIS,
                    SampleLedger.GENESIS.chainHash(),
                    (from, to, sink) ->
                            ledger.entries.subList((int) from - 1, (int) to).forEach(sink),
                    Map.of(
                            "quarantine",
                            Map.of(),
                            "seal_clock_flags",
                            List.of(),
                            "retention_until",
                            "2036-11-30T02:00:00Z",
                            "write_latency",
                            Map.of("samples", 0L)),
                    Map.of("version", ledger.seal.policyVersion(), "sha256", ledger.seal.policySha256()),
                    ledger.seal.sealedAt().plusSeconds(60));
            dir = Files.createTempDirectory("vellum-bench-archive");
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            signing.close(); // its key store lives in a temporary folder
            throw e;
        }
    }

    /** Writes the archive to {@code name} in the folder, as the package step does. */
    ArchiveWriter.Written write(String name) throws IOException, GeneralSecurityException {
        return new ArchiveWriter(PART_BYTES, LEVEL).write(dir.resolve(name), input, signing.signer, signing::stamp);
    }

    /** The archive's name as the appliance gives it. */
    String fileName() {
        return ArchiveLayout.fileName(ledger.seal.applianceId(), ledger.seal.number());
    }

    /** Verifies as {@code vellum-verify archive} does, without an attestation; a problem means a broken set-up. */
    ArchiveReport verify(Path file) throws IOException {
        ArchiveReport report = ArchiveVerifier.verify(file, null, signing.trust);
        if (!report.intact()) {
            throw new IllegalStateException("the benchmark's archive does not verify: " + report.problems());
        }
        return report;
    }

    /** The bytes of entry lines the archive's parts hold. */
    static long entryBytes(ArchiveWriter.Written written) {
        return written.header().parts().stream().mapToLong(p -> p.bytes()).sum();
    }

    @Override
    public void close() throws IOException {
        SimulatedEvents.delete(dir);
        signing.close();
    }
}
