package org.vellum.seal;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.vellum.ledger.Hashes;
import org.vellum.ledger.LedgerEntry;
import org.vellum.ledger.LedgerExport;
import org.vellum.merkle.MerkleProofException;
import org.vellum.merkle.MerkleProofs;
import org.vellum.merkle.MerkleRoot;

/**
 * Verifies a chain of seals as the seals export gives it: every signature and time-stamp, numbers from 1 without gaps
 * or forks, each seal linked to the previous one's hash, periods that follow each other, and ledger-wide trees that
 * only ever grow (consistency proofs). Given a ledger export too, it recomputes every seal's roots and chain hash from
 * the entries, which names a truncated tail or a rewritten history.
 */
public final class SealChain {
    /** One verified seal and what its time-stamp says about the clocks. */
    public record Checked(Seal seal, SealSignature.Verified signature, List<String> clockFlags) {}

    private final TrustAnchors trust;
    private final Duration clockBound;
    private final List<Checked> checked = new ArrayList<>();
    private SealBundle previous;

    public SealChain(TrustAnchors trust, Duration clockBound) {
        this.trust = trust;
        this.clockBound = clockBound;
    }

    /**
     * Reads and checks a seals export: every signature first, then the numbering as a whole (so that a swap is named
     * as such, not as a gap), then each link in order.
     */
    public List<Checked> verify(Path sealsExport) throws SealException, IOException {
        List<SealBundle> bundles = new ArrayList<>();
        try (BufferedReader in = Files.newBufferedReader(sealsExport, StandardCharsets.UTF_8)) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (!line.isBlank()) {
                    bundles.add(SealBundle.parse(line));
                }
            }
        }
        return verify(bundles);
    }

    /** As {@link #verify(Path)}, for bundles in hand. */
    public List<Checked> verify(List<SealBundle> bundles) throws SealException {
        List<SealSignature.Verified> signatures = new ArrayList<>(bundles.size());
        for (SealBundle b : bundles) {
            signatures.add(SealSignature.verify(b.seal().canonicalBytes(), b.signature(), trust));
        }
        java.util.Map<Long, Seal> byNumber = new java.util.HashMap<>();
        for (SealBundle b : bundles) {
            Seal other = byNumber.putIfAbsent(b.seal().number(), b.seal());
            if (other != null) {
                throw new SealException(
                        other.equals(b.seal()) ? SealFailure.SEAL_OUT_OF_ORDER : SealFailure.SEALS_FORKED,
                        other.equals(b.seal())
                                ? "seal " + other.number() + " appears twice"
                                : "two different seals carry number " + other.number());
            }
        }
        for (long n = 1; n <= bundles.size(); n++) {
            if (!byNumber.containsKey(n)) {
                throw new SealException(SealFailure.SEAL_MISSING, "seal " + n + " is missing");
            }
        }
        for (int i = 0; i < bundles.size(); i++) {
            if (bundles.get(i).seal().number() != i + 1) {
                throw new SealException(
                        SealFailure.SEAL_OUT_OF_ORDER,
                        "seal " + bundles.get(i).seal().number() + " stands where seal " + (i + 1) + " belongs");
            }
        }
        for (int i = 0; i < bundles.size(); i++) {
            link(bundles.get(i), signatures.get(i));
        }
        return List.copyOf(checked);
    }

    /** Checks the next seal of the chain. */
    public Checked add(SealBundle bundle) throws SealException {
        return link(bundle, SealSignature.verify(bundle.seal().canonicalBytes(), bundle.signature(), trust));
    }

    /** Checks a seal whose signature is verified already against the one before it. */
    private Checked link(SealBundle bundle, SealSignature.Verified verified) throws SealException {
        Seal seal = bundle.seal();
        long expected = previous == null ? 1 : previous.seal().number() + 1;
        if (seal.number() != expected) {
            if (previous != null && seal.number() == previous.seal().number()) {
                throw new SealException(SealFailure.SEALS_FORKED, "two different seals carry number " + seal.number());
            }
            throw new SealException(
                    seal.number() > expected ? SealFailure.SEAL_MISSING : SealFailure.SEAL_OUT_OF_ORDER,
                    "seal " + seal.number() + " where seal " + expected + " was due");
        }
        if (previous != null) {
            Seal before = previous.seal();
            if (!Arrays.equals(seal.previousSeal(), before.sha256())) {
                throw new SealException(
                        SealFailure.SEAL_LINK_BROKEN,
                        "seal " + seal.number() + " does not name seal " + before.number() + " as its predecessor");
            }
            if (!seal.applianceId().equals(before.applianceId())
                    || seal.firstSeq() != before.lastSeq() + 1
                    || !seal.periodFrom().equals(before.sealedAt())) {
                throw new SealException(
                        SealFailure.SEQ_GAP,
                        "seal " + seal.number() + " does not start where seal " + before.number() + " ended");
            }
            try {
                if (before.lastSeq() > 0) {
                    MerkleProofs.verifyConsistency(
                            before.lastSeq(),
                            seal.lastSeq(),
                            before.ledgerRoot(),
                            seal.ledgerRoot(),
                            bundle.consistency());
                }
            } catch (MerkleProofException e) {
                throw new SealException(
                        SealFailure.LEDGER_INCONSISTENT,
                        "the ledger of seal " + seal.number() + " does not extend that of seal " + before.number()
                                + " (" + e.failure() + ")");
            }
        } else if (seal.firstSeq() != 1) {
            throw new SealException(SealFailure.SEQ_GAP, "seal 1 does not start at seq 1");
        }
        Checked c = new Checked(seal, verified, clockFlags(seal, verified.timeStamp()));
        checked.add(c);
        previous = bundle;
        return c;
    }

    /** Where the time-stamp and the appliance's clock disagree by more than the bound, or entries post-date it. */
    public List<String> clockFlags(Seal seal, TimeStamp stamp) {
        return clockFlags(seal, stamp, clockBound);
    }

    /** As {@link #clockFlags(Seal, TimeStamp)} with the bound given. */
    public static List<String> clockFlags(Seal seal, TimeStamp stamp, Duration clockBound) {
        List<String> flags = new ArrayList<>();
        Duration skew = Duration.between(seal.sealedAt(), stamp.genTime()).abs();
        if (skew.compareTo(clockBound) > 0) {
            flags.add("the appliance's clock (" + seal.sealedAt() + ") and the TSA's (" + stamp.genTime()
                    + ") differ by " + skew.toMillis() + " ms");
        }
        if (seal.newestReceivedAt() != null
                && seal.newestReceivedAt().isAfter(stamp.genTime().plus(clockBound))) {
            flags.add("entries received at " + seal.newestReceivedAt() + ", after the time-stamp " + stamp.genTime());
        }
        return flags;
    }

    /**
     * Recomputes every checked seal's ledger root, period root and chain hash from a ledger export that starts at seq
     * 1 (verify the export itself with {@code LedgerVerifier} first), and the first seal's link to the genesis.
     */
    public void compareWithLedger(Path ledgerExport) throws SealException, IOException {
        if (checked.isEmpty()) {
            return;
        }
        try (BufferedReader in = Files.newBufferedReader(ledgerExport, StandardCharsets.UTF_8)) {
            LedgerExport.Header header = LedgerExport.parseHeader(in.readLine());
            if (header.genesis() == null) {
                throw new IllegalArgumentException("comparing seals with a ledger needs an export from seq 1");
            }
            Seal first = checked.get(0).seal();
            if (!Arrays.equals(first.previousSeal(), header.genesis().chainHash())
                    || !first.applianceId().equals(header.applianceId())) {
                throw new SealException(
                        SealFailure.SEAL_LINK_BROKEN, "seal 1 does not start from this ledger's genesis");
            }
            MerkleRoot ledger = new MerkleRoot();
            MerkleRoot period = new MerkleRoot();
            byte[] chain = header.genesis().chainHash();
            int next = 0;
            for (String line = in.readLine(); ; line = in.readLine()) {
                while (next < checked.size()
                        && ledger.size() == checked.get(next).seal().lastSeq()) {
                    compare(checked.get(next).seal(), ledger, period, chain);
                    period = new MerkleRoot();
                    next++;
                }
                if (next == checked.size()) {
                    return;
                }
                if (line == null) {
                    Seal seal = checked.get(next).seal();
                    throw new SealException(
                            SealFailure.LEDGER_TRUNCATED,
                            "the ledger ends at seq " + ledger.size() + ", before seal " + seal.number()
                                    + " ends at seq " + seal.lastSeq());
                }
                if (line.isBlank()) {
                    continue;
                }
                LedgerEntry e = LedgerExport.parseEntry(line);
                if (e.seq() != ledger.size() + 1) {
                    throw new IllegalArgumentException("the ledger export is not contiguous at seq " + e.seq());
                }
                ledger.add(e.leafHash());
                period.add(e.leafHash());
                chain = e.chainHash();
            }
        }
    }

    private static void compare(Seal seal, MerkleRoot ledger, MerkleRoot period, byte[] chain) throws SealException {
        if (!Arrays.equals(ledger.root(), seal.ledgerRoot())
                || !Arrays.equals(period.root(), seal.merkleRoot())
                || period.size() != seal.treeSize()
                || !Arrays.equals(chain, seal.chainHash())) {
            throw new SealException(
                    SealFailure.LEDGER_FORKED,
                    "the ledger's entries up to seq " + seal.lastSeq() + " are not those seal " + seal.number()
                            + " committed to (its roots or chain hash "
                            + Hashes.hex(seal.chainHash()).substring(0, 16)
                            + "... differ)");
        }
    }
}
