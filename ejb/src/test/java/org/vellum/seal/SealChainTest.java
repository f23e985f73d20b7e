package org.vellum.seal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.SignerInformationStore;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vellum.canonical.CanonicalJson;
import org.vellum.canonical.Json;
import org.vellum.ledger.Genesis;
import org.vellum.ledger.Hashes;
import org.vellum.ledger.LedgerEntry;
import org.vellum.ledger.LedgerExport;
import org.vellum.merkle.MerkleTree;
import org.vellum.pki.EmbeddedPki;
import org.vellum.testing.OpenSsl;
import org.vellum.testing.TestCertificates;
import org.vellum.testing.TestSigning;
import org.vellum.testing.TsaFrontEnd;

/**
 * Seals built as the appliance builds them ({@link SealBuilder}, {@link CadesSigner}, the built-in TSA over HTTP,
 * {@link LedgerProofs}), checked by the verifier's {@link SealChain} and {@link SealProof}, and by OpenSSL. Every
 * tamper case expects its named failure.
 */
class SealChainTest {
    private static final Genesis GENESIS =
            new Genesis("a1b2c3d4-0000-4000-8000-00000000abcd", Instant.parse("2026-11-01T00:00:00Z"));
    /** Seal boundaries: seal 2 is an empty period. */
    private static final long[] ENDS = {100, 100, 250, 300};

    @TempDir
    static Path dir;

    private static EmbeddedPki pki;
    private static TsaFrontEnd tsa;
    private static CadesSigner signer;
    private static Function<byte[], TimeStamp> stamper;
    private static TrustAnchors trust;
    private static List<LedgerEntry> ledger;
    private static List<SealBundle> chain;

    @BeforeAll
    static void seal() throws Exception {
        TestSigning signing = new TestSigning(dir, GENESIS.applianceId());
        pki = signing.pki;
        tsa = signing.tsa;
        trust = signing.trust;
        stamper = signing.stamper;
        signer = signing.signer;
        ledger = ledger(300, 0);
        chain = seals(ledger, ENDS, null, List.of());
    }

    @AfterAll
    static void stop() {
        if (tsa != null) {
            tsa.close();
        }
    }

    @Test
    void aChainOfSealsVerifiesAloneAndAgainstItsLedger() throws Exception {
        Path seals = write("seals.jsonl", chain);
        Path export = export("ledger.jsonl", ledger, ledger.size());
        SealChain verifier = new SealChain(trust, Duration.ofMinutes(5));
        List<SealChain.Checked> checked = verifier.verify(seals);
        assertEquals(4, checked.size());
        verifier.compareWithLedger(export);
        Seal empty = checked.get(1).seal();
        assertEquals(0, empty.treeSize(), "an empty period is sealed too");
        assertArrayEquals(MerkleTree.emptyRoot(), empty.merkleRoot());
        assertEquals(Map.of(), empty.accounting().get("entries_by_type"));
        Seal third = checked.get(2).seal();
        assertArrayEquals(ledger.get(249).chainHash(), third.chainHash());
        assertArrayEquals(
                MerkleTree.root(ledger.subList(100, 250).stream()
                        .map(LedgerEntry::leafHash)
                        .toList()),
                third.merkleRoot());
        assertArrayEquals(
                MerkleTree.root(ledger.subList(0, 250).stream()
                        .map(LedgerEntry::leafHash)
                        .toList()),
                third.ledgerRoot());
        assertArrayEquals(GENESIS.chainHash(), checked.get(0).seal().previousSeal());
        assertArrayEquals(checked.get(2).seal().sha256(), checked.get(3).seal().previousSeal());
        assertEquals(
                pki.tsa().certificate(), checked.get(0).signature().timeStamp().tsaCertificate());
        assertEquals(List.of(), checked.get(0).clockFlags());
    }

    @Test
    void openSslVerifiesTheSignatureAndItsTimeStamp() throws Exception {
        Seal seal = chain.get(2).seal();
        Path content = Files.write(dir.resolve("seal-3.json"), seal.canonicalBytes());
        Path signature = Files.write(dir.resolve("seal-3.p7s"), chain.get(2).signature());
        Path root = Files.writeString(
                dir.resolve("root.pem"), EmbeddedPki.pem(pki.root().certificate()));
        String out = OpenSsl.cmsVerify(signature, content, root).output();
        assertTrue(out.contains("Verification successful"), out);
        String attributes = OpenSsl.ok("cms", "-cmsout", "-print", "-inform", "DER", "-in", signature.toString());
        assertTrue(attributes.contains("signingCertificateV2 (1.2.840.113549.1.9.16.2.47)"), attributes);
        assertTrue(attributes.contains("(1.2.840.113549.1.9.16.2.14)"), attributes);
        SignerInformation si = new CMSSignedData(chain.get(2).signature())
                .getSignerInfos()
                .getSigners()
                .iterator()
                .next();
        Path value = Files.write(dir.resolve("seal-3.sigvalue"), si.getSignature());
        Path token = Files.write(
                dir.resolve("seal-3.tst"),
                SealSignature.timeStampToken(chain.get(2).signature()));
        String ts = OpenSsl.tsVerify(value, token, root).output();
        assertTrue(ts.contains("Verification: OK"), ts);
        Files.write(content, tamper(seal.canonicalBytes(), "\"trigger\":\"test\"", "\"trigger\":\"tset\""));
        OpenSsl.Result bad = OpenSsl.cmsVerify(signature, content, root);
        assertTrue(!bad.ok() && bad.output().contains("content verify error"), bad.output());
    }

    @Test
    void everyEntryHasAProofThatRevealsNoOtherEntry() throws Exception {
        for (SealBundle b : chain) {
            Seal seal = b.seal();
            for (long seq = seal.firstSeq(); seq <= seal.lastSeq(); seq += 7) {
                SealProof proof = proof(b, seq);
                SealProof parsed = SealProof.parse(proof.text());
                assertEquals(
                        seal.number(),
                        parsed.verify(trust).timeStamp() == null
                                ? -1
                                : parsed.seal().number());
                for (byte[] h : proof.auditPath()) {
                    for (LedgerEntry other : ledger) {
                        assertTrue(!Arrays.equals(h, other.salt()) && !Arrays.equals(h, other.canonical()));
                    }
                }
            }
        }
    }

    @Test
    void proofsFromBlockRootsEqualTheFullOnesAndReadAtMostTwoBlocks() {
        for (int blockSize : new int[] {1, 4, 16}) {
            for (long end : new long[] {101, 115, 116, 117, 133, 164, 200, 300}) {
                Seal first = chain.get(1).seal(); // ends at seq 100
                SealBuilder builder = new SealBuilder(GENESIS, first, frontierOf(ledger, 100), blockSize);
                for (long seq = 101; seq <= end; seq++) {
                    LedgerEntry e = ledger.get((int) seq - 1);
                    builder.add(seq, e.leafHash(), "task.opened", e.receivedAt());
                }
                Seal seal =
                        builder.build(Instant.now(), ledger.get((int) end - 1).chainHash(), null, "test");
                List<byte[]> period = ledger.subList(100, (int) end).stream()
                        .map(LedgerEntry::leafHash)
                        .toList();
                for (long seq = 101; seq <= end; seq++) {
                    long[] read = {0};
                    LedgerProofs.LeafSource counting = (from, to, sink) -> {
                        read[0] += to - from + 1;
                        source(ledger).forEach(from, to, sink);
                    };
                    List<byte[]> fast = LedgerProofs.inclusion(seal, seq, counting, blockSize, builder.periodBlocks());
                    List<byte[]> full = MerkleTree.inclusionProof(period, (int) (seq - 101));
                    assertEquals(full.size(), fast.size());
                    for (int i = 0; i < full.size(); i++) {
                        assertArrayEquals(full.get(i), fast.get(i), "seq " + seq + " block size " + blockSize);
                    }
                    assertTrue(read[0] <= 2L * blockSize, "read " + read[0] + " leaves with blocks of " + blockSize);
                }
            }
        }
    }

    @Test
    void aProofWithAChangedPathOrEntryIsRefused() throws Exception {
        SealProof proof = proof(chain.get(2), 180);
        List<byte[]> path = new ArrayList<>(proof.auditPath());
        byte[] flipped = path.get(3).clone();
        flipped[0] ^= 1;
        path.set(3, flipped);
        assertFailure(SealFailure.PROOF_INVALID, () -> new SealProof(
                        proof.entry(), proof.leafIndex(), path, proof.seal(), proof.signature())
                .verify(trust));
        String text = proof.text().replace("\"n\":180", "\"n\":181");
        assertFailure(SealFailure.PROOF_INVALID, () -> SealProof.parse(text).verify(trust));
        String moved = proof.text().replace("\"leaf_index\":79", "\"leaf_index\":78");
        assertFailure(SealFailure.PROOF_INVALID, () -> SealProof.parse(moved).verify(trust));
    }

    @Test
    void aRemovedSealIsNamed() throws Exception {
        List<SealBundle> removed = new ArrayList<>(chain);
        removed.remove(1);
        assertFailure(SealFailure.SEAL_MISSING, () -> verify(removed));
    }

    @Test
    void aChangedSealIsNamed() throws Exception {
        SealBundle b = chain.get(2);
        String line = b.line().replace("\"trigger\":\"test\"", "\"trigger\":\"tset\"");
        List<SealBundle> changed = new ArrayList<>(chain);
        changed.set(2, SealBundle.parse(line));
        assertFailure(SealFailure.CONTENT_MISMATCH, () -> verify(changed));
    }

    @Test
    void reorderedSealsAreNamed() throws Exception {
        List<SealBundle> swapped = new ArrayList<>(chain);
        swapped.set(1, chain.get(2));
        swapped.set(2, chain.get(1));
        assertFailure(SealFailure.SEAL_OUT_OF_ORDER, () -> verify(swapped));
    }

    @Test
    void aForkedChainOfSealsIsNamed() throws Exception {
        List<LedgerEntry> other = ledger(300, 1);
        List<SealBundle> fork = seals(other, new long[] {100, 120}, null, List.of());
        List<SealBundle> both = new ArrayList<>(chain);
        both.add(fork.get(1));
        assertFailure(SealFailure.SEALS_FORKED, () -> verify(both));
    }

    @Test
    void aLedgerRewrittenBetweenTwoSealsIsNamed() throws Exception {
        // seal 2 links to seal 1 correctly, but its ledger-wide tree grows from another history of seq 1..100
        List<LedgerEntry> rewritten = new ArrayList<>(ledger(300, 2));
        List<SealBundle> first = seals(ledger, new long[] {100}, null, List.of());
        SealBuilder builder = new SealBuilder(GENESIS, first.get(0).seal(), frontierOf(rewritten, 100));
        for (LedgerEntry e : rewritten.subList(100, 200)) {
            builder.add(e.seq(), e.leafHash(), "task.opened", e.receivedAt());
        }
        Seal second = builder.build(Instant.now(), rewritten.get(199).chainHash(), null, "test");
        SealBundle bundle = bundle(
                second,
                LedgerProofs.consistency(first.get(0).seal(), frontierOf(rewritten, 100), second, source(rewritten)));
        assertFailure(SealFailure.LEDGER_INCONSISTENT, () -> verify(List.of(first.get(0), bundle)));
    }

    @Test
    void aTruncatedLedgerTailIsNamed() throws Exception {
        SealChain verifier = new SealChain(trust, Duration.ofMinutes(5));
        verifier.verify(chain);
        Path export = export("truncated.jsonl", ledger, 280);
        assertFailure(SealFailure.LEDGER_TRUNCATED, () -> verifier.compareWithLedger(export));
    }

    @Test
    void aForkedLedgerHistoryIsNamed() throws Exception {
        SealChain verifier = new SealChain(trust, Duration.ofMinutes(5));
        verifier.verify(chain);
        // an internally consistent ledger (every hash recomputes) that differs from the sealed one at seq 180
        List<LedgerEntry> forked = new ArrayList<>(ledger.subList(0, 179));
        forked.addAll(ledger(300, 3).subList(179, 300));
        forked = rechain(forked);
        Path export = export("forked.jsonl", forked, 300);
        assertFailure(SealFailure.LEDGER_FORKED, () -> verifier.compareWithLedger(export));
    }

    @Test
    void signaturesAreCheckedAgainstTheTrustAnchorsAndTheirTimeStamp() throws Exception {
        TestCertificates.Issued stranger = TestCertificates.root("CN=Someone Else");
        TrustAnchors other = TrustAnchors.of(List.of(stranger.certificate()), List.of());
        assertFailure(SealFailure.UNTRUSTED, () -> new SealChain(other, Duration.ofMinutes(5)).verify(chain));
        // both roots at once, as after a rotation: the old chain still verifies
        TrustAnchors rotated =
                TrustAnchors.of(List.of(stranger.certificate(), pki.root().certificate()), List.of());
        assertEquals(
                4, new SealChain(rotated, Duration.ofMinutes(5)).verify(chain).size());

        SealBundle b = chain.get(0);
        CMSSignedData cms = new CMSSignedData(b.signature());
        SignerInformation si = cms.getSignerInfos().getSigners().iterator().next();
        byte[] withoutStamp = CMSSignedData.replaceSigners(
                        cms, new SignerInformationStore(SignerInformation.replaceUnsignedAttributes(si, null)))
                .getEncoded("DER");
        assertFailure(
                SealFailure.NO_TIMESTAMP, () -> SealSignature.verify(b.seal().canonicalBytes(), withoutStamp, trust));

        byte[] value = si.getSignature();
        byte[] flipped = b.signature().clone();
        int at = indexOf(flipped, value) + 10;
        flipped[at] ^= 1;
        assertFailure(
                SealFailure.SIGNATURE_INVALID,
                () -> SealSignature.verify(b.seal().canonicalBytes(), flipped, trust));
    }

    @Test
    void aChainSignedAcrossAKeyRotationVerifiesWithBothAnchors() throws Exception {
        // seals 1 and 2 with the first key, 3 and 4 with a new key under a new root, as after
        // vellum.seal.key-store was pointed at a new store
        EmbeddedPki next = EmbeddedPki.loadOrCreate(
                java.nio.file.Files.createDirectories(dir.resolve("rotated")),
                GENESIS.applianceId(),
                Clock.systemUTC(),
                new BouncyCastleProvider());
        CadesSigner rotated = new CadesSigner(
                next.sealSigner().key(), List.of(next.sealSigner().certificate()));
        List<SealBundle> before = seals(ledger, new long[] {100, 180}, null, List.of());
        Seal second = before.get(1).seal();
        SealBuilder builder = new SealBuilder(GENESIS, second, frontierOf(ledger, 180));
        List<SealBundle> all = new ArrayList<>(before);
        Seal previous = second;
        for (long end : new long[] {250, 300}) {
            for (long seq = builder.firstSeq(); seq <= end; seq++) {
                LedgerEntry e = ledger.get((int) seq - 1);
                builder.add(seq, e.leafHash(), "task.opened", e.receivedAt());
            }
            Seal seal = builder.build(Instant.now(), ledger.get((int) end - 1).chainHash(), null, "test");
            all.add(new SealBundle(
                    seal,
                    rotated.sign(seal.canonicalBytes(), seal.sealedAt(), stamper),
                    LedgerProofs.consistency(
                            previous, frontierOf(ledger, (int) previous.lastSeq()), seal, source(ledger))));
            previous = seal;
            builder = new SealBuilder(GENESIS, seal, frontierOf(ledger, (int) end));
        }
        TrustAnchors both =
                TrustAnchors.of(List.of(pki.root().certificate(), next.root().certificate()), List.of());
        List<SealChain.Checked> checked = new SealChain(both, Duration.ofMinutes(5)).verify(all);
        assertEquals(4, checked.size());
        assertEquals(next.sealSigner().certificate(), checked.get(3).signature().signer());
        assertEquals(pki.sealSigner().certificate(), checked.get(0).signature().signer());
        SealException e =
                assertThrows(SealException.class, () -> new SealChain(trust, Duration.ofMinutes(5)).verify(all));
        assertEquals(SealFailure.UNTRUSTED, e.failure(), "the old anchor alone does not cover the new key");
    }

    @Test
    void aTimeStampOverOtherBytesIsNamed() throws Exception {
        // the time-stamp of seal 1's signature moved onto seal 3's
        CMSSignedData one = new CMSSignedData(chain.get(0).signature());
        CMSSignedData three = new CMSSignedData(chain.get(2).signature());
        SignerInformation s1 = one.getSignerInfos().getSigners().iterator().next();
        SignerInformation s3 = three.getSignerInfos().getSigners().iterator().next();
        byte[] grafted = CMSSignedData.replaceSigners(
                        three,
                        new SignerInformationStore(
                                SignerInformation.replaceUnsignedAttributes(s3, s1.getUnsignedAttributes())))
                .getEncoded("DER");
        assertFailure(
                SealFailure.IMPRINT_MISMATCH,
                () -> SealSignature.verify(chain.get(2).seal().canonicalBytes(), grafted, trust));
    }

    // ---- building ledgers and seals the appliance's way

    private static List<LedgerEntry> ledger(int n, int variant) {
        Random random = new Random(42 + variant);
        MessageDigest md = Hashes.sha256();
        List<LedgerEntry> entries = new ArrayList<>();
        byte[] previous = GENESIS.chainHash();
        for (int seq = 1; seq <= n; seq++) {
            byte[] salt = new byte[32];
            random.nextBytes(salt);
            byte[] body = ("{\"event\":{\"n\":" + seq + ",\"v\":" + variant
                            + "},\"policy\":\"1\",\"received_at\":\"2026-11-25T00:00:00.000Z\"}")
                    .getBytes(StandardCharsets.UTF_8);
            LedgerEntry e = LedgerEntry.append(
                    md,
                    previous,
                    seq,
                    "00000000-0000-4000-8000-" + String.format("%012d", seq),
                    Instant.parse("2026-11-25T00:00:00Z"),
                    salt,
                    body);
            entries.add(e);
            previous = e.chainHash();
        }
        return entries;
    }

    private static List<LedgerEntry> rechain(List<LedgerEntry> entries) {
        MessageDigest md = Hashes.sha256();
        List<LedgerEntry> out = new ArrayList<>();
        byte[] previous = GENESIS.chainHash();
        for (LedgerEntry e : entries) {
            LedgerEntry r =
                    LedgerEntry.append(md, previous, e.seq(), e.eventId(), e.receivedAt(), e.salt(), e.canonical());
            out.add(r);
            previous = r.chainHash();
        }
        return out;
    }

    private static List<SealBundle> seals(List<LedgerEntry> entries, long[] ends, Seal after, List<byte[]> frontier)
            throws Exception {
        List<SealBundle> out = new ArrayList<>();
        Seal previous = after;
        List<byte[]> previousFrontier = frontier;
        for (long end : ends) {
            SealBuilder builder = new SealBuilder(GENESIS, previous, previousFrontier);
            for (long seq = builder.firstSeq(); seq <= end; seq++) {
                LedgerEntry e = entries.get((int) seq - 1);
                builder.add(seq, e.leafHash(), seq % 3 == 0 ? "task.opened" : "task.created", e.receivedAt());
            }
            byte[] chainHash =
                    end == 0 ? GENESIS.chainHash() : entries.get((int) end - 1).chainHash();
            Seal seal = builder.build(Instant.now(), chainHash, null, "test");
            List<byte[]> consistency = previous == null
                    ? List.of()
                    : LedgerProofs.consistency(previous, previousFrontier, seal, source(entries));
            out.add(bundle(seal, consistency));
            previous = seal;
            previousFrontier = builder.frontier();
        }
        return out;
    }

    private static SealBundle bundle(Seal seal, List<byte[]> consistency) throws Exception {
        return new SealBundle(seal, signer.sign(seal.canonicalBytes(), seal.sealedAt(), stamper), consistency);
    }

    private static SealProof proof(SealBundle b, long seq) {
        Seal seal = b.seal();
        return new SealProof(
                ledger.get((int) seq - 1),
                seq - seal.firstSeq(),
                LedgerProofs.inclusion(seal, seq, source(ledger), 0, List.of()),
                seal,
                b.signature());
    }

    private static List<byte[]> frontierOf(List<LedgerEntry> entries, int size) {
        org.vellum.merkle.MerkleRoot root = new org.vellum.merkle.MerkleRoot();
        entries.subList(0, size).forEach(e -> root.add(e.leafHash()));
        return root.frontier();
    }

    private static LedgerProofs.LeafSource source(List<LedgerEntry> entries) {
        return (from, to, sink) -> {
            for (long seq = from; seq <= to; seq++) {
                sink.accept(seq, entries.get((int) seq - 1).leafHash());
            }
        };
    }

    private static List<SealChain.Checked> verify(List<SealBundle> bundles) throws SealException {
        return new SealChain(trust, Duration.ofMinutes(5)).verify(bundles);
    }

    private static Path write(String name, List<SealBundle> bundles) throws Exception {
        return Files.write(
                dir.resolve(name), bundles.stream().map(SealBundle::line).toList());
    }

    private static Path export(String name, List<LedgerEntry> entries, int upTo) throws Exception {
        List<String> lines = new ArrayList<>();
        lines.add(LedgerExport.header(GENESIS, 1, upTo, GENESIS.chainHash()));
        entries.subList(0, upTo).forEach(e -> lines.add(LedgerExport.line(e)));
        return Files.write(dir.resolve(name), lines);
    }

    private static byte[] tamper(byte[] bytes, String from, String to) {
        String s = new String(bytes, StandardCharsets.UTF_8);
        assertTrue(s.contains(from));
        return s.replace(from, to).getBytes(StandardCharsets.UTF_8);
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("not found");
    }

    private interface Check {
        void run() throws Exception;
    }

    private static void assertFailure(SealFailure expected, Check check) {
        SealException e = assertThrows(SealException.class, check::run);
        assertEquals(expected, e.failure(), e.getMessage());
    }

    static {
        CanonicalJson.class.getName();
        Json.class.getName();
    }
}
