package org.vellum.archive;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import org.vellum.canonical.CanonicalJson;
import org.vellum.canonical.Json;
import org.vellum.ledger.Hashes;
import org.vellum.ledger.LedgerVerifier;
import org.vellum.merkle.MerkleRoot;
import org.vellum.seal.Seal;
import org.vellum.seal.SealException;
import org.vellum.seal.SealSignature;
import org.vellum.seal.TrustAnchors;

/**
 * Checks an archive (docs/FORMAT.md §9.6) without trusting the appliance: the ASiC-E container, every member's digest
 * against the signed manifest, the manifest's CAdES-BASELINE-T signature and time-stamp, the seal and its own
 * signature, the link to the previous seal, every entry's leaf and chain hash, the Merkle root, the recomputable
 * counts, and, when given, the attestation PDF. It goes on after a problem where it can, so that the report names every
 * damaged member and the first damaged entry in it.
 */
public final class ArchiveVerifier {
    private static final Set<String> CONTAINER_MEMBERS =
            Set.of(ArchiveLayout.MIMETYPE_MEMBER, ArchiveLayout.MANIFEST, ArchiveLayout.SIGNATURE);
    private static final List<String> REQUIRED = List.of(
            ArchiveLayout.ARCHIVE_JSON,
            ArchiveLayout.SEAL,
            ArchiveLayout.SEAL_SIGNATURE,
            ArchiveLayout.SUMMARY,
            ArchiveLayout.POLICY);

    private ArchiveVerifier() {}

    /**
     * Verifies {@code archive}; and {@code attestation} too when not null.
     *
     * @param trust the anchors the container's, the seal's and the attestation's signers must chain to
     */
    public static ArchiveReport verify(Path archive, Path attestation, TrustAnchors trust) throws IOException {
        ArchiveReport report = new ArchiveReport();
        String container = ContainerScan.problem(archive);
        if (container != null) {
            report.problem(ArchiveFailure.NOT_ASIC, ArchiveLayout.MIMETYPE_MEMBER, null, container);
            return report;
        }
        Map<String, ContainerScan.Member> local = ContainerScan.readLocal(archive, report);
        try (ZipFile zip = new ZipFile(archive.toFile(), StandardCharsets.UTF_8)) {
            List<String> central = new ArrayList<>();
            Set<String> seen = new HashSet<>();
            for (Enumeration<? extends ZipEntry> e = zip.entries(); e.hasMoreElements(); ) {
                String name = e.nextElement().getName();
                central.add(name);
                if (!seen.add(name)) {
                    report.problem(ArchiveFailure.MEMBER_DUPLICATED, name, null, "the container holds it twice");
                }
            }
            for (String name : local.keySet()) {
                if (!seen.contains(name)) {
                    report.problem(
                            ArchiveFailure.MEMBER_UNLISTED,
                            name,
                            null,
                            "present in a local header but not in the ZIP central directory");
                }
            }
            ContainerScan.fillIn(zip, central, local, report);
            report.held("container: ASiC-E (" + ArchiveLayout.MIMETYPE + "), " + central.size() + " members");
            new Run(archive, attestation, trust, zip, local, seen, report).run();
        } catch (ZipException e) {
            report.problem(ArchiveFailure.NOT_ASIC, null, null, "the ZIP directory cannot be read: " + e.getMessage());
        }
        return report;
    }

    /** The checks after the container's, sharing what they read. */
    private static final class Run {
        private final Path archive;
        private final Path attestation;
        private final TrustAnchors trust;
        private final ZipFile zip;
        private final Map<String, ContainerScan.Member> local;
        private final Set<String> present;
        private final ArchiveReport report;

        Run(
                Path archive,
                Path attestation,
                TrustAnchors trust,
                ZipFile zip,
                Map<String, ContainerScan.Member> local,
                Set<String> present,
                ArchiveReport report) {
            this.archive = archive;
            this.attestation = attestation;
            this.trust = trust;
            this.zip = zip;
            this.local = local;
            this.present = present;
            this.report = report;
        }

        void run() throws IOException {
            byte[] manifestBytes = read(ArchiveLayout.MANIFEST);
            if (manifestBytes == null) {
                report.problem(
                        ArchiveFailure.MEMBER_MISSING, ArchiveLayout.MANIFEST, null, "the container has no manifest");
                return;
            }
            AsicManifest manifest;
            try {
                manifest = AsicManifest.parse(manifestBytes);
            } catch (IllegalArgumentException e) {
                report.problem(ArchiveFailure.MANIFEST_INVALID, ArchiveLayout.MANIFEST, null, e.getMessage());
                return;
            }
            checkDigests(manifest);
            checkSignature(manifest, manifestBytes);
            ArchiveHeader header = header();
            Seal seal = seal();
            if (header == null || seal == null) {
                return;
            }
            if (!header.applianceId().equals(seal.applianceId())
                    || header.sealNumber() != seal.number()
                    || header.firstSeq() != seal.firstSeq()
                    || header.lastSeq() != seal.lastSeq()) {
                report.problem(
                        ArchiveFailure.SEAL_MISMATCH,
                        ArchiveLayout.ARCHIVE_JSON,
                        null,
                        "archive.json describes seal " + header.sealNumber() + " (seq " + header.firstSeq() + " to "
                                + header.lastSeq() + ") of " + header.applianceId() + ", the archive carries " + seal
                                + " of " + seal.applianceId());
                return;
            }
            checkPrevious(header, seal);
            PeriodSummary summary = checkEntries(header, seal);
            if (summary != null) {
                checkSummary(summary, seal);
            }
            checkPolicy(seal);
            if (attestation != null) {
                ContainerScan.Member summaryMember = local.get(ArchiveLayout.SUMMARY);
                AttestationCheck.verify(
                        attestation,
                        archive,
                        manifestBytes,
                        summaryMember == null ? null : summaryMember.sha256(),
                        seal,
                        trust,
                        report);
            } else {
                report.held("attestation: not given, not checked");
            }
        }

        private void checkDigests(AsicManifest manifest) {
            if (!ArchiveLayout.SIGNATURE.equals(manifest.signature())) {
                report.problem(
                        ArchiveFailure.MANIFEST_INVALID,
                        ArchiveLayout.MANIFEST,
                        null,
                        "the manifest names " + manifest.signature() + " as its signature, not "
                                + ArchiveLayout.SIGNATURE);
            }
            int matched = 0;
            for (AsicManifest.Reference ref : manifest.references()) {
                ContainerScan.Member m = local.get(ref.uri());
                if (m == null || !present.contains(ref.uri())) {
                    report.problem(
                            ArchiveFailure.MEMBER_MISSING,
                            ref.uri(),
                            null,
                            "the manifest lists it, the container lacks it");
                } else if (m.unreadable() == null && !Arrays.equals(m.sha256(), ref.sha256())) {
                    report.problem(
                            ArchiveFailure.DIGEST_MISMATCH,
                            ref.uri(),
                            null,
                            "SHA-256 " + Hashes.hex(m.sha256()) + ", the manifest lists " + Hashes.hex(ref.sha256()));
                } else if (m.unreadable() == null) {
                    matched++;
                }
            }
            for (String name : present) {
                if (!CONTAINER_MEMBERS.contains(name) && manifest.reference(name) == null) {
                    report.problem(ArchiveFailure.MEMBER_UNLISTED, name, null, "the signed manifest does not list it");
                }
            }
            for (String name : REQUIRED) {
                if (!present.contains(name)) {
                    report.problem(ArchiveFailure.MEMBER_MISSING, name, null, "the format requires it");
                }
            }
            if (matched == manifest.references().size()) {
                report.held("manifest: " + matched + " data objects, every SHA-256 matches");
            }
        }

        private void checkSignature(AsicManifest manifest, byte[] manifestBytes) throws IOException {
            byte[] p7s = read(ArchiveLayout.SIGNATURE);
            if (p7s == null) {
                report.problem(
                        ArchiveFailure.MEMBER_MISSING, ArchiveLayout.SIGNATURE, null, "the container has no signature");
                return;
            }
            try {
                SealSignature.Verified v = SealSignature.verify(manifestBytes, p7s, trust);
                report.held("signature: CAdES-BASELINE-T over the manifest by "
                        + v.signer().getSubjectX500Principal().getName() + ", time-stamped "
                        + v.timeStamp().genTime() + " by " + v.timeStamp().tsaName());
            } catch (SealException e) {
                report.problem(
                        ArchiveFailure.SIGNATURE_INVALID,
                        ArchiveLayout.SIGNATURE,
                        null,
                        e.failure() + ": " + e.getMessage());
            }
        }

        private ArchiveHeader header() throws IOException {
            byte[] bytes = read(ArchiveLayout.ARCHIVE_JSON);
            if (bytes == null) {
                return null;
            }
            try {
                return ArchiveHeader.parse(bytes);
            } catch (IllegalArgumentException e) {
                report.problem(ArchiveFailure.MEMBER_MALFORMED, ArchiveLayout.ARCHIVE_JSON, null, e.getMessage());
                return null;
            }
        }

        private Seal seal() throws IOException {
            byte[] bytes = read(ArchiveLayout.SEAL);
            byte[] signature = read(ArchiveLayout.SEAL_SIGNATURE);
            if (bytes == null || signature == null) {
                return null;
            }
            Seal seal;
            try {
                seal = Seal.parse(bytes);
            } catch (IllegalArgumentException e) {
                report.problem(ArchiveFailure.MEMBER_MALFORMED, ArchiveLayout.SEAL, null, e.getMessage());
                return null;
            }
            try {
                SealSignature.Verified v = SealSignature.verify(bytes, signature, trust);
                report.held("seal " + seal.number() + ": seq " + seal.firstSeq() + " to " + seal.lastSeq()
                        + ", signed by " + v.signer().getSubjectX500Principal().getName() + ", time-stamped "
                        + v.timeStamp().genTime());
            } catch (SealException e) {
                report.problem(
                        ArchiveFailure.SEAL_INVALID,
                        ArchiveLayout.SEAL_SIGNATURE,
                        null,
                        e.failure() + ": " + e.getMessage());
            }
            return seal;
        }

        private void checkPrevious(ArchiveHeader header, Seal seal) throws IOException {
            if (seal.number() == 1) {
                if (header.genesis() == null || !Arrays.equals(header.genesis().chainHash(), seal.previousSeal())) {
                    report.problem(
                            ArchiveFailure.PREVIOUS_SEAL_MISMATCH,
                            ArchiveLayout.ARCHIVE_JSON,
                            null,
                            "seal 1 names the genesis hash " + Hashes.hex(seal.previousSeal())
                                    + "; archive.json's genesis record does not give it");
                } else {
                    report.held("previous: seal 1 starts at the ledger's genesis record");
                }
                return;
            }
            byte[] bytes = read(ArchiveLayout.PREVIOUS_SEAL);
            if (bytes == null) {
                report.problem(
                        ArchiveFailure.MEMBER_MISSING,
                        ArchiveLayout.PREVIOUS_SEAL,
                        null,
                        "seal " + seal.number() + " needs its predecessor to anchor the chain's start");
                return;
            }
            try {
                Seal previous = Seal.parse(bytes);
                if (!Arrays.equals(Hashes.sha256(bytes), seal.previousSeal())) {
                    report.problem(
                            ArchiveFailure.PREVIOUS_SEAL_MISMATCH,
                            ArchiveLayout.PREVIOUS_SEAL,
                            null,
                            "its SHA-256 is not the previous_seal that seal " + seal.number() + " names");
                } else if (previous.lastSeq() + 1 != seal.firstSeq()
                        || !Arrays.equals(previous.chainHash(), header.previousChainHash())) {
                    report.problem(
                            ArchiveFailure.PREVIOUS_SEAL_MISMATCH,
                            ArchiveLayout.ARCHIVE_JSON,
                            null,
                            "the period does not start where seal " + previous.number() + " ended");
                } else {
                    report.held("previous: seal " + previous.number() + " (named by SHA-256) ends at seq "
                            + previous.lastSeq() + " with chain hash " + Hashes.hex(previous.chainHash()));
                }
            } catch (IllegalArgumentException e) {
                report.problem(ArchiveFailure.MEMBER_MALFORMED, ArchiveLayout.PREVIOUS_SEAL, null, e.getMessage());
            }
        }

        /** The entries as one export (the parts in order behind archive.json's header line), read twice. */
        private PeriodSummary checkEntries(ArchiveHeader header, Seal seal) {
            Supplier<Stream<String>> lines = () -> Stream.concat(
                    Stream.of(header.exportHeader()), header.parts().stream().flatMap(p -> partLines(p.name())));
            MerkleRoot root = new MerkleRoot();
            PeriodSummary summary = new PeriodSummary();
            LedgerVerifier.Result result;
            try {
                result = LedgerVerifier.verify(lines, Map.of(), (e, body) -> {
                    root.add(e.leafHash());
                    summary.add(body);
                });
            } catch (UncheckedIOException e) {
                report.problem(
                        ArchiveFailure.MEMBER_CORRUPT, null, null, "an entry part cannot be read: " + e.getMessage());
                return null;
            }
            for (ArchiveHeader.Part p : header.parts()) {
                ContainerScan.Member m = local.get(p.name());
                if (m != null && m.unreadable() == null && m.size() != p.bytes()) {
                    report.problem(
                            ArchiveFailure.MEMBER_MALFORMED,
                            p.name(),
                            null,
                            m.size() + " bytes, archive.json says " + p.bytes());
                }
            }
            if (!result.intact()) {
                LedgerVerifier.Failure f = result.failure();
                ArchiveHeader.Part part = header.partOf(f.seq());
                ArchiveFailure failure =
                        switch (f.problem()) {
                            case CHANGED -> ArchiveFailure.ENTRY_CHANGED;
                            case MISSING -> ArchiveFailure.ENTRY_MISSING;
                            case REORDERED -> ArchiveFailure.ENTRY_REORDERED;
                            case INSERTED -> ArchiveFailure.ENTRY_INSERTED;
                            case MALFORMED -> ArchiveFailure.ENTRY_MALFORMED;
                            case DUPLICATE -> ArchiveFailure.ENTRY_DUPLICATE;
                            case ANCHOR_MISMATCH -> ArchiveFailure.CHAIN_MISMATCH;
                        };
                report.problem(failure, part == null ? null : part.name(), f.seq(), f.detail());
                return null;
            }
            boolean ok = true;
            if (!Arrays.equals(result.headChainHash(), seal.chainHash())) {
                ok = false;
                report.problem(
                        ArchiveFailure.CHAIN_MISMATCH,
                        null,
                        seal.lastSeq(),
                        "the chain ends at " + Hashes.hex(result.headChainHash()) + ", the seal names "
                                + Hashes.hex(seal.chainHash()));
            }
            if (!Arrays.equals(root.root(), seal.merkleRoot())) {
                ok = false;
                report.problem(
                        ArchiveFailure.MERKLE_ROOT_MISMATCH,
                        null,
                        null,
                        "recomputed " + Hashes.hex(root.root()) + " over " + root.size() + " entries, the seal names "
                                + Hashes.hex(seal.merkleRoot()));
            }
            if (ok) {
                report.held("entries: " + result.entries() + " (seq " + seal.firstSeq() + " to " + seal.lastSeq()
                        + ") in " + header.parts().size()
                        + " part(s); every leaf and chain hash recomputed; chain head "
                        + Hashes.hex(seal.chainHash()) + " and Merkle root " + Hashes.hex(seal.merkleRoot())
                        + " equal the seal's");
            }
            return summary;
        }

        private Stream<String> partLines(String name) {
            ZipEntry e = zip.getEntry(name);
            if (e == null) {
                return Stream.empty();
            }
            try {
                BufferedReader r = new BufferedReader(
                        new InputStreamReader(zip.getInputStream(e), StandardCharsets.UTF_8), 1 << 16);
                return r.lines().onClose(() -> {
                    try {
                        r.close();
                    } catch (IOException ex) {
                        throw new UncheckedIOException(ex);
                    }
                });
            } catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
        }

        @SuppressWarnings("unchecked")
        private void checkSummary(PeriodSummary computed, Seal seal) throws IOException {
            byte[] bytes = read(ArchiveLayout.SUMMARY);
            if (bytes == null) {
                return;
            }
            Map<String, Object> stated;
            try {
                stated = Json.parseObject(new String(bytes, StandardCharsets.UTF_8));
            } catch (RuntimeException e) {
                report.problem(ArchiveFailure.MEMBER_MALFORMED, ArchiveLayout.SUMMARY, null, e.getMessage());
                return;
            }
            Map<String, Object> recomputed = computed.toJson();
            Object entries = stated.get("entries");
            if (!(entries instanceof Map)) {
                report.problem(ArchiveFailure.MEMBER_MALFORMED, ArchiveLayout.SUMMARY, null, "no entries member");
                return;
            }
            boolean ok = true;
            Map<String, Object> statedEntries = (Map<String, Object>) entries;
            for (String key : recomputed.keySet()) {
                if (!Arrays.equals(
                        CanonicalJson.bytes(recomputed.get(key)), CanonicalJson.bytes(statedEntries.get(key)))) {
                    ok = false;
                    report.problem(
                            ArchiveFailure.SUMMARY_MISMATCH,
                            ArchiveLayout.SUMMARY,
                            null,
                            "entries." + key + " states " + CanonicalJson.string(statedEntries.get(key))
                                    + ", the entries give " + CanonicalJson.string(recomputed.get(key)));
                }
            }
            Object byType = seal.accounting().get("entries_by_type");
            if (!Arrays.equals(CanonicalJson.bytes(byType), CanonicalJson.bytes(recomputed.get("entries_by_type")))) {
                ok = false;
                report.problem(
                        ArchiveFailure.SUMMARY_MISMATCH,
                        ArchiveLayout.SEAL,
                        null,
                        "the seal counts " + CanonicalJson.string(byType) + " by type, the entries give "
                                + CanonicalJson.string(recomputed.get("entries_by_type")));
            }
            if (ok) {
                report.held("summary: the counts by type, minimization rule, clock flag and task lifecycle equal those"
                        + " recomputed from the entries");
            }
        }

        private void checkPolicy(Seal seal) throws IOException {
            byte[] bytes = read(ArchiveLayout.POLICY);
            if (bytes == null) {
                return;
            }
            try {
                Map<String, Object> policy = Json.parseObject(new String(bytes, StandardCharsets.UTF_8));
                if (!seal.policyVersion().equals(policy.get("version"))
                        || !seal.policySha256().equals(policy.get("sha256"))) {
                    report.problem(
                            ArchiveFailure.POLICY_MISMATCH,
                            ArchiveLayout.POLICY,
                            null,
                            "names policy " + policy.get("version") + ", the seal " + seal.policyVersion());
                } else {
                    report.held("policy: minimization policy " + seal.policyVersion() + " (sha256 "
                            + seal.policySha256() + ")");
                }
            } catch (RuntimeException e) {
                report.problem(ArchiveFailure.MEMBER_MALFORMED, ArchiveLayout.POLICY, null, e.getMessage());
            }
        }

        /** A small member's bytes, or null (reported) when it is absent. Members are bounded: seal, manifest, JSON. */
        private byte[] read(String name) throws IOException {
            ZipEntry e = zip.getEntry(name);
            if (e == null) {
                if (!CONTAINER_MEMBERS.contains(name) && !ArchiveLayout.PREVIOUS_SEAL.equals(name)) {
                    report.problem(ArchiveFailure.MEMBER_MISSING, name, null, "the format requires it");
                }
                return null;
            }
            try (InputStream in = zip.getInputStream(e)) {
                return in.readNBytes(16 << 20);
            }
        }
    }
}
