package org.vellum.archive;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.function.Function;
import org.vellum.canonical.Json;
import org.vellum.event.EventNormalizer;
import org.vellum.event.HmacPseudonymizer;
import org.vellum.event.Normalization;
import org.vellum.event.NormalizedEvent;
import org.vellum.ledger.EntryBody;
import org.vellum.ledger.Genesis;
import org.vellum.ledger.Hashes;
import org.vellum.ledger.LedgerEntry;
import org.vellum.pki.EmbeddedPki;
import org.vellum.seal.CadesSigner;
import org.vellum.seal.Seal;
import org.vellum.seal.SealBuilder;
import org.vellum.seal.TimeStamp;
import org.vellum.seal.TrustAnchors;
import org.vellum.testing.TestSigning;
import org.vellum.testing.TsaFrontEnd;

/**
 * A ledger of realistic audit events (the spec's lifecycle, with personal data that minimization removes, clock flags,
 * a task that started before the period and one still open), sealed twice, signed by an embedded PKI and time-stamped
 * by the built-in TSA over real HTTP; and the archives and attestations of those seals, made by the production code.
 */
public final class ArchiveFixture implements AutoCloseable {
    static final Genesis GENESIS =
            new Genesis("5e1f0a2b-0000-4000-8000-00000000a001", Instant.parse("2026-11-01T00:00:00Z"));

    final EmbeddedPki pki;
    final TsaFrontEnd tsa;
    public final TrustAnchors trust;
    final CadesSigner signer;
    final Function<byte[], TimeStamp> stamper;
    final List<LedgerEntry> ledger = new ArrayList<>();
    public final List<Seal> seals = new ArrayList<>();
    final List<byte[]> signatures = new ArrayList<>();
    final Path dir;

    /** @param ends the last seq of each seal */
    public ArchiveFixture(Path dir, int tasks, long... ends) throws Exception {
        this.dir = dir;
        TestSigning signing = new TestSigning(dir.resolve("pki"), GENESIS.applianceId());
        pki = signing.pki;
        tsa = signing.tsa;
        trust = signing.trust;
        stamper = signing.stamper;
        signer = signing.signer;
        events(tasks);
        Seal previous = null;
        List<byte[]> frontier = List.of();
        for (long end : ends) {
            SealBuilder b = new SealBuilder(GENESIS, previous, frontier);
            for (long seq = b.firstSeq(); seq <= end; seq++) {
                LedgerEntry e = ledger.get((int) seq - 1);
                b.add(seq, e.leafHash(), type(e), e.receivedAt());
            }
            byte[] chain =
                    end == 0 ? GENESIS.chainHash() : ledger.get((int) end - 1).chainHash();
            Map<String, Object> collection = seals.isEmpty()
                    ? null
                    : Map.of(
                            "quarantined_by_reason",
                            Map.of("malformed_json", 2L, "missing_field", 1L),
                            "quarantined",
                            3L);
            Seal seal = b.build(
                    Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MICROS),
                    chain,
                    collection,
                    seals.isEmpty() ? "on-demand" : "nightly-archive");
            seals.add(seal);
            signatures.add(signer.sign(seal.canonicalBytes(), seal.sealedAt(), stamper));
            previous = seal;
            frontier = b.frontier();
        }
    }

    private static String type(LedgerEntry e) {
        @SuppressWarnings("unchecked")
        Map<String, Object> event =
                (Map<String, Object>) Json.parseObject(new String(e.canonical(), StandardCharsets.UTF_8))
                        .get("event");
        return (String) event.get("type");
    }

    /** Per task: created, started, completed, sometimes a correction, approved, exported; dirty fields included. */
    private void events(int tasks) {
        EventNormalizer normalizer = new EventNormalizer(new HmacPseudonymizer(new byte[32]));
        Random random = new Random(7);
        MessageDigest md = Hashes.sha256();
        Instant t = Instant.parse("2026-11-25T08:00:00Z");
        byte[] previous = GENESIS.chainHash();
        for (int i = 0; i < tasks; i++) {
            String task = String.format("T-%06d", i);
            List<Map<String, Object>> lifecycle = new ArrayList<>();
            if (i % 10 != 3) { // every tenth task started before the period
                lifecycle.add(event(
                        "task.created",
                        task,
                        Map.of(
                                "file_id",
                                "F-" + i,
                                "user",
                                "anna.kowalska" + (i % 7) + "@example.com",
                                "original_filename",
                                "anna_kowalska_" + i + ".mp4",
                                "client_ip",
                                "10.0.0." + (i % 250))));
            }
            lifecycle.add(event(
                    "anonymization.started",
                    task,
                    Map.of(
                            "operation",
                            "blur_all",
                            "model",
                            Map.of("id", "faceplate-detector", "version", "4.2.1"),
                            "config",
                            Map.of("blur_method", "gaussian", "confidence_threshold", 0.45),
                            "detections",
                            List.of(Map.of("label", "face", "x", 1, "y", 2, "w", 3, "h", 4, "score", 0.9)))));
            lifecycle.add(event(
                    "anonymization.completed",
                    task,
                    Map.of(
                            "outcome",
                            "success",
                            "input_sha256",
                            "a".repeat(64),
                            "output_sha256",
                            "b".repeat(64),
                            "plate_text",
                            "WX 4711K")));
            if (i % 4 == 0) {
                lifecycle.add(event(
                        "correction.applied",
                        task,
                        Map.of(
                                "user",
                                "op" + (i % 3),
                                "scope",
                                Map.of("regions_added", 1, "regions_removed", 0, "frames", List.of(3, 4)),
                                "reason",
                                "missed face, ask jan.kowalski@example.com")));
            }
            if (i % 10 != 7) { // and every tenth is not finished yet
                lifecycle.add(event("result.approved", task, Map.of("user", "op1")));
                lifecycle.add(event(
                        "result.exported",
                        task,
                        Map.of("user", "op1", "format", "mp4", "output_sha256", "b".repeat(64), "recipient", "press")));
            }
            for (Map<String, Object> raw : lifecycle) {
                t = t.plusMillis(250);
                raw.put("ts", t.toString());
                raw.put("node", "anon-" + (i % 3));
                Normalization n = normalizer.normalize(raw, Optional.empty());
                NormalizedEvent event = ((Normalization.Accepted) n).event();
                long seq = ledger.size() + 1;
                List<String> flags = seq % 17 == 0 ? List.of(EntryBody.FLAG_SKEW_AHEAD) : List.of();
                byte[] salt = new byte[32];
                random.nextBytes(salt);
                Instant received = t.plusMillis(40);
                LedgerEntry e = LedgerEntry.append(
                        md,
                        previous,
                        seq,
                        event.eventId(),
                        received,
                        salt,
                        EntryBody.canonical(event, received, flags, null));
                ledger.add(e);
                previous = e.chainHash();
            }
        }
    }

    private static Map<String, Object> event(String type, String task, Map<String, Object> fields) {
        Map<String, Object> raw = new LinkedHashMap<>(fields);
        raw.put("type", type);
        raw.put(
                "event_id",
                UUID.nameUUIDFromBytes((task + type).getBytes(StandardCharsets.UTF_8))
                        .toString());
        raw.put("task_id", task);
        return Json.parseObject(org.vellum.canonical.CanonicalJson.string(raw)); // numbers as the parser gives them
    }

    /** Seal {@code index}'s archive (0-based), written by {@link ArchiveWriter} into {@code dir}. */
    public ArchiveWriter.Written archive(int index, long partBytes) throws Exception {
        Seal seal = seals.get(index);
        Map<String, Object> stated = new LinkedHashMap<>();
        Object collection = seal.accounting().get("collection");
        stated.put("quarantine", collection instanceof Map<?, ?> c ? c.get("quarantined_by_reason") : null);
        stated.put("seal_clock_flags", List.of());
        stated.put("retention_until", "2036-11-26T02:00:00Z");
        stated.put(
                "write_latency",
                Map.of(
                        "samples",
                        1200L,
                        "p50_ms",
                        "2.3",
                        "p99_ms",
                        "9.8",
                        "max_ms",
                        "20",
                        "since",
                        "2026-11-25T02:00:00Z",
                        "until",
                        "2026-11-26T02:00:00Z"));
        byte[] previousChain = seal.firstSeq() == 1
                ? GENESIS.chainHash()
                : ledger.get((int) seal.firstSeq() - 2).chainHash();
        ArchiveWriter.Input input = new ArchiveWriter.Input(
                seal.canonicalBytes(),
                signatures.get(index),
                index == 0 ? null : seals.get(index - 1).canonicalBytes(),
                GENESIS,
                previousChain,
                (from, to, sink) -> ledger.subList((int) from - 1, (int) to).forEach(sink),
                stated,
                Map.of("version", seal.policyVersion(), "sha256", seal.policySha256()),
                seal.sealedAt().plusSeconds(60));
        Path file = dir.resolve(ArchiveLayout.fileName(seal.applianceId(), seal.number()));
        return new ArchiveWriter(partBytes, 6).write(file, input, signer, stamper);
    }

    /** The signed attestation of an archive, written beside it under the archive's name with .pdf. */
    public Path attestation(ArchiveWriter.Written w, int index) throws Exception {
        Seal seal = seals.get(index);
        Map<String, Object> summary;
        try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(w.file().toFile())) {
            summary = Json.parseObject(new String(
                    zip.getInputStream(zip.getEntry(ArchiveLayout.SUMMARY)).readAllBytes(), StandardCharsets.UTF_8));
        }
        TimeStamp sealStamp = org.vellum.seal.SealSignature.verify(seal.canonicalBytes(), signatures.get(index), trust)
                .timeStamp();
        byte[] pdf = Archiver.attestation(
                seal,
                w,
                summary,
                signer.certificate(),
                sealStamp.genTime(),
                sealStamp.tsaName(),
                signer,
                stamper,
                Instant.now());
        Path file = w.file().resolveSibling(w.file().getFileName().toString().replace(".asice", ".pdf"));
        Files.write(file, pdf);
        return file;
    }

    Path rootPem() throws IOException {
        Path pem = dir.resolve("root.pem");
        if (!Files.exists(pem)) {
            Files.writeString(pem, EmbeddedPki.pem(pki.root().certificate()));
        }
        return pem;
    }

    @Override
    public void close() {
        tsa.close();
    }
}
