package org.vellum.worm;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import org.jboss.logging.Logger;
import org.vellum.archive.ArchiveProblem;
import org.vellum.archive.ArchiveRecord;
import org.vellum.archive.ArchiveReport;
import org.vellum.event.Instants;
import org.vellum.ingest.EventLog;
import org.vellum.ledger.Hashes;
import org.vellum.ledger.Receipt;
import org.vellum.problem.VellumException;

/**
 * Copies archives and their attestations to the WORM targets, keeps the record of every copy, re-verifies what is
 * stored, enforces retention and legal holds. Plain Java: {@link StorageService} runs it in the server, tests and the
 * crash tests' child process without one.
 *
 * <p>A copy is recorded {@code PENDING} before its first byte is written and {@code STORED} only once both files are
 * on the target, read back and found identical to the archive the nightly run verified. A crash in between leaves
 * {@code PENDING}; the next run finishes it, the target's store completing a copy that is there whole.
 */
public final class Storage implements StorageBackend {
    private static final Logger LOG = Logger.getLogger(Storage.class);
    public static final String INTACT = "INTACT";

    private final CopyTable table;
    private final List<WormTarget> targets;
    private final Archives archiver;
    private final EventLog events;
    private final Clock clock;
    private final Path workDir;
    private final ReentrantLock lock = new ReentrantLock();

    /** @param workDir where copies read back from remote targets are put while they are verified */
    public Storage(
            CopyTable table, List<WormTarget> targets, Archives archiver, EventLog events, Clock clock, Path workDir) {
        this.table = table;
        this.targets = List.copyOf(targets);
        this.archiver = archiver;
        this.events = events;
        this.clock = clock;
        this.workDir = workDir;
        for (WormTarget t : targets) {
            table.configure(t.name(), t.type(), t.location());
        }
    }

    public CopyTable table() {
        return table;
    }

    public List<WormTarget> configured() {
        return targets;
    }

    /** The configured targets as recorded, in configuration order. */
    public List<TargetRecord> targets() {
        List<TargetRecord> out = new ArrayList<>();
        for (WormTarget t : targets) {
            table.target(t.name()).ifPresent(out::add);
        }
        return out;
    }

    public WormTarget target(String name) {
        return targets.stream()
                .filter(t -> t.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new VellumException(
                        VellumException.Kind.NOT_FOUND, "no-such-target", "there is no storage target " + name));
    }

    // Self-tests

    /** Runs one target's self-test and records it; a target that cannot be reached is recorded as not proven WORM. */
    public SelfTest selfTest(String name) {
        WormTarget t = target(name);
        Optional<TargetRecord> before = table.target(name);
        SelfTest result;
        try {
            result = t.selfTest();
        } catch (IOException | RuntimeException e) {
            result = new SelfTest(
                    name,
                    clock.instant(),
                    false,
                    false,
                    false,
                    List.of("the self-test could not run: " + e.getMessage()));
            LOG.errorf("VELLUM-0810 WORM self-test of target %s could not run: %s", name, e.getMessage());
        }
        table.selfTested(result);
        boolean wasWorm = before.map(r -> !Boolean.FALSE.equals(r.worm())).orElse(true);
        if (!result.worm() && wasWorm) {
            table.alert(
                    result.at(),
                    "target-not-worm",
                    null,
                    name,
                    "the WORM self-test of target " + name + " found it not write-once: " + result.findings());
        }
        return result;
    }

    @Override
    public List<SelfTest> selfTestAll() {
        List<SelfTest> out = new ArrayList<>();
        for (WormTarget t : targets) {
            out.add(selfTest(t.name()));
        }
        return out;
    }

    /**
     * An admin takes a target that is not write-once for retention-bearing copies as it is. Refused unless its last
     * self-test found it not write-once; recorded in the ledger as {@code storage.non_worm_accepted} first.
     */
    public TargetRecord acceptNonWorm(String name, String admin, String reason) {
        lock.lock();
        try {
            return accept(name, admin, reason);
        } finally {
            lock.unlock();
        }
    }

    private TargetRecord accept(String name, String admin, String reason) {
        target(name);
        TargetRecord r = table.target(name).orElseThrow();
        if (r.worm() == null || r.worm()) {
            throw new VellumException(
                    VellumException.Kind.CONFLICT,
                    "target-not-failed",
                    "target " + name + " has " + (r.worm() == null ? "no self-test yet" : "passed its self-test")
                            + "; only a target found not write-once is accepted as such");
        }
        if (r.acceptedBy() != null) {
            throw new VellumException(
                    VellumException.Kind.CONFLICT,
                    "already-accepted",
                    "target " + name + " was accepted by " + r.acceptedBy() + " at " + Instants.format(r.acceptedAt()));
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("target", name);
        fields.put("admin", admin);
        fields.put("findings", r.findings() == null ? "" : r.findings());
        if (reason != null && !reason.isBlank()) {
            fields.put("reason", reason);
        }
        Receipt receipt = events.record("storage.non_worm_accepted", fields);
        Instant now = clock.instant();
        table.accepted(name, admin, now, reason, receipt.seq());
        LOG.warnf(
                "VELLUM-0811 target %s accepted for archive copies although not write-once (ledger seq %d)",
                name, receipt.seq());
        return table.target(name).orElseThrow();
    }

    // Copies

    /**
     * Copies every archive that verified intact to every usable target it is not stored on yet. A copy that fails (a
     * target unreachable, a source that changed) raises an alert and the others go on; the call then fails naming
     * them, so that the step can be restarted.
     */
    @Override
    public List<CopyRecord> storePending() {
        lock.lock();
        try {
            List<CopyRecord> made = new ArrayList<>();
            List<String> failed = new ArrayList<>();
            List<ArchiveRecord> attested = archiver.attested();
            for (WormTarget t : targets) {
                TargetRecord r = table.target(t.name()).orElseThrow();
                if (r.worm() == null) {
                    selfTest(t.name());
                    r = table.target(t.name()).orElseThrow();
                }
                if (!r.usable()) {
                    LOG.warnf(
                            "VELLUM-0805 target %s is not used: its self-test found it not write-once and no admin"
                                    + " accepted it",
                            t.name());
                    continue;
                }
                for (ArchiveRecord a : attested) {
                    if (!ArchiveRecord.INTACT.equals(a.verifyResult())) {
                        LOG.warnf(
                                "VELLUM-0817 archive %d is not copied to target %s: it has not verified intact (%s)",
                                a.sealNumber(), t.name(), a.verifyResult());
                        continue;
                    }
                    Optional<CopyRecord> c = table.copy(a.sealNumber(), t.name());
                    if (c.isEmpty() || CopyRecord.PENDING.equals(c.get().state())) {
                        try {
                            made.add(store(a, t));
                        } catch (VellumException e) {
                            failed.add("archive " + a.sealNumber() + " on target " + t.name() + ": " + e.getMessage());
                            table.alert(clock.instant(), "store-failed", a.sealNumber(), t.name(), e.getMessage());
                            LOG.errorf("VELLUM-0818 %s", e.getMessage());
                        }
                    }
                }
            }
            if (!failed.isEmpty()) {
                throw new VellumException(
                        VellumException.Kind.UNAVAILABLE,
                        "storage-target",
                        failed.size() + " cop" + (failed.size() == 1 ? "y" : "ies") + " could not be stored ("
                                + made.size() + " stored): " + String.join("; ", failed));
            }
            return made;
        } finally {
            lock.unlock();
        }
    }

    /** Stores one archive and its attestation on one target; see the class comment for the states. */
    public CopyRecord store(ArchiveRecord a, WormTarget t) {
        long seal = a.sealNumber();
        Instant retainUntil = archiver.retainUntil(seal);
        table.begin(seal, t.name(), a.sha256(), a.attestationSha256(), retainUntil, clock.instant());
        try {
            Path archive = archiver.file(a);
            Path attestation = archiver.attestationFile(a);
            long started = System.nanoTime();
            StoredCopy ca = t.store(a.fileName(), archive, a.sha256(), retainUntil);
            StoredCopy cp = t.store(a.attestationName(), attestation, a.attestationSha256(), retainUntil);
            if (!ca.sha256().equals(a.sha256()) || !cp.sha256().equals(a.attestationSha256())) {
                String message = "the copy of archive " + seal + " on target " + t.name()
                        + " is not the archive that was verified (SHA-256 " + ca.sha256() + ", " + cp.sha256() + ")";
                table.alert(clock.instant(), "copy-mismatch", seal, t.name(), message);
                throw new VellumException(VellumException.Kind.CONFLICT, "copy-mismatch", message);
            }
            table.stored(seal, t.name(), ca, cp, retainUntil, clock.instant());
            LOG.infof(
                    "VELLUM-0804 archive %d stored on target %s (%s), %d bytes, retained until %s%s, in %d ms",
                    seal,
                    t.name(),
                    ca.location(),
                    ca.size() + cp.size(),
                    Instants.format(retainUntil),
                    ca.immutable() && cp.immutable() ? ", locked" : ", NOT locked",
                    (System.nanoTime() - started) / 1_000_000);
            return table.copy(seal, t.name()).orElseThrow();
        } catch (IOException e) {
            throw new VellumException(
                    VellumException.Kind.UNAVAILABLE,
                    "storage-target",
                    "archive " + seal + " could not be stored on target " + t.name() + ": " + e.getMessage(),
                    e);
        }
    }

    public List<CopyRecord> copies(long seal) {
        return table.copies(seal);
    }

    // Verification

    @Override
    public VerifyRun verifyCopies() {
        Instant started = clock.instant();
        List<CopyRecord> copies = table.inState(CopyRecord.STORED);
        int intact = 0;
        List<String> failures = new ArrayList<>();
        for (CopyRecord c : copies) {
            String result = verifyCopy(c);
            if (!INTACT.equals(result)
                    && !table.copy(c.sealNumber(), c.target())
                            .map(now -> CopyRecord.STORED.equals(now.state()))
                            .orElse(false)) {
                continue; // purged while it was being read: not a damaged copy
            }
            table.verified(c.sealNumber(), c.target(), clock.instant(), result);
            if (INTACT.equals(result)) {
                intact++;
            } else {
                String line = "archive " + c.sealNumber() + " on target " + c.target() + ": " + result;
                failures.add(line);
                table.alert(clock.instant(), "copy-damaged", c.sealNumber(), c.target(), line);
                LOG.errorf("VELLUM-0806 stored copy does not verify: %s", line);
            }
        }
        int verified = intact + failures.size();
        VerifyRun run = table.verification(started, clock.instant(), verified, intact, failures);
        LOG.infof(
                "VELLUM-0807 verified %d stored copies: %d intact, integrity verification rate %.2f %%",
                run.copies(), run.intact(), run.rate());
        return run;
    }

    /** {@code INTACT}, or the named failures of one copy: its own, then the verifier's. */
    String verifyCopy(CopyRecord c) {
        Optional<WormTarget> t =
                targets.stream().filter(x -> x.name().equals(c.target())).findFirst();
        if (t.isEmpty()) {
            return "TARGET_NOT_CONFIGURED: target " + c.target() + " is no longer configured";
        }
        ArchiveRecord a = archiver.byNumber(c.sealNumber());
        List<Path> downloaded = new ArrayList<>();
        try {
            Path archive = local(t.get(), a.fileName(), downloaded);
            Path attestation = local(t.get(), a.attestationName(), downloaded);
            List<String> problems = new ArrayList<>();
            if (!Hashes.hex(Hashes.sha256(archive)).equals(c.archiveSha256())) {
                problems.add("COPY_DIGEST_MISMATCH: " + a.fileName() + " differs from the archive stored");
            }
            if (!Hashes.hex(Hashes.sha256(attestation)).equals(c.attestationSha256())) {
                problems.add("COPY_DIGEST_MISMATCH: " + a.attestationName() + " differs from the attestation stored");
            }
            ArchiveReport report = archiver.verify(archive, attestation);
            for (ArchiveProblem p : report.problems()) {
                problems.add(p.toString());
            }
            return problems.isEmpty() ? INTACT : String.join("; ", problems);
        } catch (NoSuchFileException e) {
            return "COPY_MISSING: " + e.getMessage() + " is not on target " + c.target();
        } catch (IOException | RuntimeException e) {
            return "COPY_UNREADABLE: " + e.getMessage();
        } finally {
            for (Path p : downloaded) {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    LOG.debugf("temporary copy %s not removed: %s", p, e.getMessage());
                }
            }
        }
    }

    /** The copy as a file: a WORM folder's own file, else read back into the work folder. */
    private Path local(WormTarget t, String name, List<Path> downloaded) throws IOException {
        if (t instanceof FilesystemWormTarget fs) {
            Path p = fs.dir().resolve(name);
            if (!Files.exists(p)) {
                throw new NoSuchFileException(p.toString());
            }
            return p;
        }
        Files.createDirectories(workDir);
        Path tmp = Files.createTempFile(workDir, "copy-", "-" + name);
        downloaded.add(tmp);
        try (InputStream in = t.open(name)) {
            Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
        }
        return tmp;
    }

    public Optional<VerifyRun> lastVerification() {
        return table.lastVerification();
    }

    // Retention

    @Override
    public List<CopyRecord> purgeExpired() {
        lock.lock();
        try {
            Instant now = clock.instant();
            List<CopyRecord> purged = new ArrayList<>();
            for (CopyRecord c : table.expired(now)) {
                Optional<WormTarget> t = targets.stream()
                        .filter(x -> x.name().equals(c.target()))
                        .findFirst();
                if (t.isEmpty()) {
                    continue;
                }
                ArchiveRecord a = archiver.byNumber(c.sealNumber());
                try {
                    t.get().delete(a.fileName(), now);
                    t.get().delete(a.attestationName(), now);
                } catch (IOException | RuntimeException e) {
                    String line = "archive " + c.sealNumber() + " on target " + c.target()
                            + " is past its retention but the target refuses to remove it: " + e.getMessage();
                    LOG.warnf("VELLUM-0809 %s", line);
                    table.alert(now, "purge-refused", c.sealNumber(), c.target(), line);
                    continue;
                }
                Map<String, Object> fields = new LinkedHashMap<>();
                fields.put("seal_number", c.sealNumber());
                fields.put("archive", a.fileName());
                fields.put("archive_sha256", c.archiveSha256());
                fields.put("target", c.target());
                fields.put("retain_until", Instants.format(c.retainUntil()));
                Receipt receipt = events.record("retention.purged", fields);
                table.purged(c.sealNumber(), c.target(), now, receipt.seq());
                LOG.infof(
                        "VELLUM-0808 archive %d removed from target %s after its retention ended %s (ledger seq %d)",
                        c.sealNumber(), c.target(), Instants.format(c.retainUntil()), receipt.seq());
                purged.add(table.copy(c.sealNumber(), c.target()).orElseThrow());
            }
            return purged;
        } finally {
            lock.unlock();
        }
    }

    public Optional<CopyTable.Hold> hold(long seal) {
        return table.hold(seal);
    }

    /** Sets a legal hold: the archive's copies are kept past retention until it is released. In the ledger first. */
    public CopyTable.Hold setHold(long seal, String user, String reason) {
        lock.lock();
        try {
            archiver.byNumber(seal);
            if (table.hold(seal).isPresent()) {
                throw new VellumException(
                        VellumException.Kind.CONFLICT, "hold-exists", "archive " + seal + " is on legal hold already");
            }
            Receipt receipt = events.record("retention.legal_hold", holdFields(seal, "set", user, reason));
            table.hold(seal, clock.instant(), user, reason, receipt.seq());
            LOG.infof("VELLUM-0812 legal hold set on archive %d (ledger seq %d)", seal, receipt.seq());
            return table.hold(seal).orElseThrow();
        } finally {
            lock.unlock();
        }
    }

    public void releaseHold(long seal, String user, String reason) {
        lock.lock();
        try {
            if (table.hold(seal).isEmpty()) {
                throw new VellumException(
                        VellumException.Kind.NOT_FOUND, "no-hold", "archive " + seal + " has no legal hold");
            }
            Receipt receipt = events.record("retention.legal_hold", holdFields(seal, "released", user, reason));
            table.release(seal);
            LOG.infof("VELLUM-0813 legal hold on archive %d released (ledger seq %d)", seal, receipt.seq());
        } finally {
            lock.unlock();
        }
    }

    private static Map<String, Object> holdFields(long seal, String hold, String user, String reason) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("seal_number", seal);
        fields.put("hold", hold);
        fields.put("user", user);
        if (reason != null && !reason.isBlank()) {
            fields.put("reason", reason);
        }
        return fields;
    }
}
