package org.vellum.bench;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import java.util.function.Function;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.tsp.TSPAlgorithms;
import org.bouncycastle.tsp.TimeStampRequestGenerator;
import org.vellum.archive.ArchiveReport;
import org.vellum.archive.ArchiveVerifier;
import org.vellum.archive.ArchiveWriter;
import org.vellum.ledger.Genesis;
import org.vellum.ledger.Hashes;
import org.vellum.ledger.LedgerEntry;
import org.vellum.pki.EmbeddedPki;
import org.vellum.seal.CadesSigner;
import org.vellum.seal.Seal;
import org.vellum.seal.SealBuilder;
import org.vellum.seal.TimeStamp;
import org.vellum.seal.TimeStampCheck;
import org.vellum.seal.TrustAnchors;
import org.vellum.timestamp.TimeStampAuthority;

/**
 * Packages a period of N entries (default 10 million) with the production {@link ArchiveWriter}, the entries generated
 * on the fly so that nothing but the writer could hold them, then verifies the archive with {@link ArchiveVerifier};
 * prints times, MB/s and the heap's peak use. Run it with a small heap to show both stream: {@code bench/archive-stream.sh}.
 * Not a test.
 */
public final class ArchiveStreaming {
    private static final Genesis GENESIS = new Genesis("bench-stream", Instant.parse("2026-11-01T00:00:00Z"));
    private static final String[] LIFECYCLE = {
        "task.created", "anonymization.started", "anonymization.completed", "result.approved", "result.exported"
    };

    private ArchiveStreaming() {}

    public static void main(String[] args) throws Exception {
        long n = args.length > 0 ? Long.parseLong(args[0]) : 10_000_000L;
        Path dir = Files.createDirectories(Path.of(args.length > 1 ? args[1] : "target/archive-streaming"));
        if (args.length > 2 && args[2].equals("verify")) { // verify an archive left by an earlier run
            EmbeddedPki keys = EmbeddedPki.loadOrCreate(
                    dir.resolve("pki"), GENESIS.applianceId(), Clock.systemUTC(), new BouncyCastleProvider());
            verify(
                    dir.resolve("stream.asice"),
                    Long.parseLong(args[3]),
                    TrustAnchors.of(List.of(keys.root().certificate()), List.of()));
            return;
        }
        EmbeddedPki pki = EmbeddedPki.loadOrCreate(
                dir.resolve("pki"), GENESIS.applianceId(), Clock.systemUTC(), new BouncyCastleProvider());
        TrustAnchors trust = TrustAnchors.of(List.of(pki.root().certificate()), List.of());
        TimeStampAuthority tsa =
                new TimeStampAuthority(pki.tsa().key(), pki.tsa().certificate(), Clock.systemUTC());
        SecureRandom random = new SecureRandom();
        Function<byte[], TimeStamp> stamper = data -> {
            try {
                byte[] digest = MessageDigest.getInstance("SHA-256").digest(data);
                BigInteger nonce = new BigInteger(64, random);
                TimeStampRequestGenerator g = new TimeStampRequestGenerator();
                g.setCertReq(true);
                return TimeStampCheck.response(
                        tsa.respond(
                                g.generate(TSPAlgorithms.SHA256, digest, nonce).getEncoded()),
                        digest,
                        nonce,
                        TimeStampAuthority.POLICY,
                        trust);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        };
        CadesSigner signer =
                new CadesSigner(pki.sealSigner().key(), List.of(pki.sealSigner().certificate()));

        long t0 = System.nanoTime();
        SealBuilder builder = new SealBuilder(GENESIS, null, List.of());
        byte[][] head = {GENESIS.chainHash()};
        generate(n, e -> {
            builder.add(e.seq(), e.leafHash(), LIFECYCLE[(int) ((e.seq() - 1) % LIFECYCLE.length)], e.receivedAt());
            head[0] = e.chainHash();
        });
        Seal seal = builder.build(Instant.now(), head[0], null, "bench");
        byte[] sealSignature = signer.sign(seal.canonicalBytes(), seal.sealedAt(), stamper);
        System.out.printf(Locale.ROOT, "sealed %,d generated entries in %.1f s%n", n, secs(t0));

        long t1 = System.nanoTime();
        ArchiveWriter.Written w = new ArchiveWriter(64L << 20, 6)
                .write(
                        dir.resolve("stream.asice"),
                        new ArchiveWriter.Input(
                                seal.canonicalBytes(),
                                sealSignature,
                                null,
                                GENESIS,
                                GENESIS.chainHash(),
                                (from, to, sink) -> generate(to, sink),
                                Map.of(
                                        "quarantine",
                                        Map.of(),
                                        "seal_clock_flags",
                                        List.of(),
                                        "retention_until",
                                        "2036-11-30",
                                        "write_latency",
                                        Map.of("samples", 0L)),
                                Map.of("version", seal.policyVersion(), "sha256", seal.policySha256()),
                                Instant.now()),
                        signer,
                        stamper);
        double packSecs = secs(t1);
        long raw = w.header().parts().stream().mapToLong(p -> p.bytes()).sum();
        System.out.printf(
                Locale.ROOT,
                "packaged: %,d entries, %d parts, %,.1f MB of entry lines -> %,.1f MB .asice in"
                        + " %.1f s = %.1f MB/s (entry generation included)%n",
                w.header().entries(),
                w.header().parts().size(),
                raw / 1e6,
                w.size() / 1e6,
                packSecs,
                raw / 1e6 / packSecs);

        verify(w.file(), raw, trust);
        Files.delete(w.file());
    }

    private static void verify(Path file, long raw, TrustAnchors trust) throws Exception {
        long t2 = System.nanoTime();
        ArchiveReport report = ArchiveVerifier.verify(file, null, trust);
        double verifySecs = secs(t2);
        System.out.printf(
                Locale.ROOT,
                "verified: %s in %.1f s = %.1f MB/s of entry lines%n",
                report.intact() ? "intact" : report.problems(),
                verifySecs,
                raw / 1e6 / verifySecs);
        System.out.printf(Locale.ROOT, "max heap %d MB%n", Runtime.getRuntime().maxMemory() >> 20);
    }

    /** Entries 1..to, deterministic: five lifecycle events per task, ~600-byte bodies, random-looking salts. */
    private static void generate(long to, Consumer<LedgerEntry> sink) {
        Random r = new Random(42);
        MessageDigest md = Hashes.sha256();
        byte[] previous = GENESIS.chainHash();
        Instant t = Instant.parse("2026-11-25T00:00:00Z");
        byte[] salt = new byte[32];
        String pad = "x".repeat(400);
        for (long seq = 1; seq <= to; seq++) {
            r.nextBytes(salt);
            String type = LIFECYCLE[(int) ((seq - 1) % LIFECYCLE.length)];
            Instant at = t.plusMillis(seq * 7);
            String received = at.toString();
            String id = new java.util.UUID(r.nextLong(), r.nextLong()).toString();
            String body = "{\"event\":{\"event_id\":\"" + id + "\",\"node\":\"anon-"
                    + (seq % 4) + "\",\"note\":\"" + pad + "\",\"task_id\":\"T-" + (seq - 1) / 5 + "\",\"ts\":\""
                    + received + "\",\"type\":\"" + type + "\"},\"policy\":\"1\",\"received_at\":\"" + received + "\"}";
            LedgerEntry e =
                    LedgerEntry.append(md, previous, seq, id, at, salt.clone(), body.getBytes(StandardCharsets.UTF_8));
            previous = e.chainHash();
            sink.accept(e);
        }
    }

    private static double secs(long start) {
        return (System.nanoTime() - start) / 1e9;
    }
}
