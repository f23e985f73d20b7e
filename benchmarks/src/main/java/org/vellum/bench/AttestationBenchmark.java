package org.vellum.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipFile;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.vellum.archive.ArchiveLayout;
import org.vellum.archive.ArchiveWriter;
import org.vellum.archive.AttestationFacts;
import org.vellum.attest.AttestationPdf;
import org.vellum.attest.PadesSigner;
import org.vellum.canonical.Json;
import org.vellum.ledger.Hashes;
import org.vellum.seal.SealException;
import org.vellum.seal.SealSignature;
import org.vellum.seal.TimeStamp;

/**
 * The signed PDF/A-3b attestation of an archive, as the attest step makes it: {@link AttestationPdf} lays out the
 * facts and embeds their JSON, {@link PadesSigner} adds the PAdES-BASELINE-T signature (CAdES with the seal key, a
 * time-stamp from the built-in TSA, in-process here). Milliseconds per attestation; {@code render} is the unsigned
 * document alone.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class AttestationBenchmark {
    private static final int ENTRIES = 2000;

    private SampleArchive archive;
    private AttestationPdf.Facts facts;
    private PadesSigner pades;
    private String reason;

    @Setup
    public void setUp() throws IOException, GeneralSecurityException, SealException {
        archive = new SampleArchive(ENTRIES);
        try {
            ArchiveWriter.Written w = archive.write(archive.fileName());
            Map<String, Object> summary;
            try (ZipFile zip = new ZipFile(w.file().toFile())) {
                summary = Json.parseObject(new String(
                        zip.getInputStream(zip.getEntry(ArchiveLayout.SUMMARY)).readAllBytes(),
                        StandardCharsets.UTF_8));
            }
            TimeStamp sealStamp = SealSignature.verify(
                            archive.ledger.seal.canonicalBytes(), archive.sealSignature, archive.signing.trust)
                    .timeStamp();
            String name = w.file().getFileName().toString();
            AttestationFacts machine = new AttestationFacts(
                    archive.ledger.seal.applianceId(),
                    archive.ledger.seal.number(),
                    name,
                    w.size(),
                    w.sha256(),
                    Hashes.sha256(w.manifest()),
                    w.summarySha256());
            facts = new AttestationPdf.Facts(
                    archive.ledger.seal,
                    w,
                    summary,
                    archive.signing.signer.certificate(),
                    sealStamp.genTime(),
                    sealStamp.tsaName(),
                    machine);
            pades = new PadesSigner(archive.signing.signer);
            reason = "Attestation of Vellum archive " + name;
        } catch (IOException | GeneralSecurityException | SealException | RuntimeException e) {
            archive.close(); // JMH does not tear down after a failed set-up
            throw e;
        }
    }

    @TearDown
    public void tearDown() throws IOException {
        archive.close();
    }

    @Benchmark
    public byte[] render() throws IOException {
        return AttestationPdf.write(facts);
    }

    @Benchmark
    public byte[] attest() throws IOException, GeneralSecurityException {
        return pades.sign(AttestationPdf.write(facts), Instant.now(), reason, archive.signing::stamp);
    }
}
