package org.vellum.archive;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.Period;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.LongFunction;
import java.util.function.Supplier;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.SignerInformation;
import org.jboss.logging.Logger;
import org.vellum.attest.AttestationPdf;
import org.vellum.attest.PadesSigner;
import org.vellum.canonical.Json;
import org.vellum.event.Instants;
import org.vellum.event.MinimizationPolicy;
import org.vellum.ledger.Genesis;
import org.vellum.ledger.Hashes;
import org.vellum.problem.VellumException;
import org.vellum.seal.CadesSigner;
import org.vellum.seal.Seal;
import org.vellum.seal.SealRecord;
import org.vellum.seal.SealTable;
import org.vellum.seal.TimeStamp;
import org.vellum.seal.TrustAnchors;

/**
 * Packages seals into archives, makes their attestations and verifies both as an auditor would, one at a time. The
 * files are written beside their final name and moved into place once complete, so a crash leaves either nothing or
 * a whole file; the table row is written after the file, so a repeated call finds its work done. Plain Java:
 * {@link ArchiveService} runs it in the server, the job tests without one.
 */
public final class Archiver implements ArchiveBackend {
    private static final Logger LOG = Logger.getLogger(Archiver.class);

    /** The ledger as packaging sees it. */
    public record Ledger(Supplier<Genesis> genesis, LongFunction<byte[]> chainHashAt, ArchiveWriter.Entries entries) {}

    /**
     * @param dir where archives and attestations are kept
     * @param partBytes the size at which an entries part is closed
     * @param level the deflate level
     * @param retention how long archives are to be kept, stated in the attestation
     */
    public record Settings(Path dir, long partBytes, int level, Period retention) {}

    private final ArchiveTable table;
    private final SealTable seals;
    private final Ledger ledger;
    private final CadesSigner signer;
    private final Function<byte[], TimeStamp> timeStamper;
    private final Supplier<TrustAnchors> trust;
    private final Supplier<Map<String, Object>> writeLatency;
    private final Clock clock;
    private final Settings settings;
    private final ReentrantLock lock = new ReentrantLock();

    public Archiver(
            ArchiveTable table,
            SealTable seals,
            Ledger ledger,
            CadesSigner signer,
            Function<byte[], TimeStamp> timeStamper,
            Supplier<TrustAnchors> trust,
            Supplier<Map<String, Object>> writeLatency,
            Clock clock,
            Settings settings) {
        this.table = table;
        this.seals = seals;
        this.ledger = ledger;
        this.signer = signer;
        this.timeStamper = timeStamper;
        this.trust = trust;
        this.writeLatency = writeLatency;
        this.clock = clock;
        this.settings = settings;
    }

    public ArchiveTable table() {
        return table;
    }

    @Override
    public List<ArchiveRecord> packagePending(long jobInstance) {
        List<ArchiveRecord> made = new ArrayList<>();
        for (long n : table.sealsWithoutArchive()) {
            made.add(packageSeal(n, jobInstance));
        }
        return made;
    }

    @Override
    public List<ArchiveRecord> packagedBy(long jobInstance) {
        return table.byJobInstance(jobInstance);
    }

    /** Packages seal {@code number} unless it has its archive already. */
    public ArchiveRecord packageSeal(long number, Long jobInstance) {
        lock.lock();
        try {
            var done = table.bySeal(number);
            if (done.isPresent()) {
                return done.get();
            }
            SealRecord record = seals.byNumber(number)
                    .orElseThrow(() -> new VellumException(
                            VellumException.Kind.NOT_FOUND, "seal-not-found", "there is no seal " + number));
            Seal seal = record.seal();
            byte[] previous = number == 1
                    ? null
                    : seals.byNumber(number - 1).orElseThrow().canonical();
            Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
            ArchiveWriter.Input input = new ArchiveWriter.Input(
                    record.canonical(),
                    record.signature(),
                    previous,
                    ledger.genesis().get(),
                    ledger.chainHashAt().apply(seal.firstSeq() - 1),
                    ledger.entries(),
                    stated(record, seal),
                    policy(),
                    now);
            String name = ArchiveLayout.fileName(seal.applianceId(), number);
            Files.createDirectories(settings.dir());
            Path partial = settings.dir().resolve(name + ".partial");
            long started = System.nanoTime();
            ArchiveWriter.Written w = new ArchiveWriter(settings.partBytes(), settings.level())
                    .write(partial, input, signer, timeStamper);
            Files.move(partial, settings.dir().resolve(name), StandardCopyOption.ATOMIC_MOVE);
            ArchiveRecord r = new ArchiveRecord(
                    number,
                    name,
                    w.size(),
                    Hashes.hex(w.sha256()),
                    Hashes.hex(Hashes.sha256(w.manifest())),
                    seal.treeSize(),
                    w.header().parts().size(),
                    now,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null);
            table.insert(r, jobInstance);
            LOG.infof(
                    "VELLUM-0701 archive of seal %d written: %s, %d entries in %d part(s), %d bytes, SHA-256 %s, in %d ms",
                    number,
                    name,
                    seal.treeSize(),
                    r.parts(),
                    r.size(),
                    r.sha256(),
                    (System.nanoTime() - started) / 1_000_000);
            return r;
        } catch (IOException e) {
            throw new VellumException(
                    VellumException.Kind.UNAVAILABLE,
                    "archive-storage",
                    "the archive of seal " + number + " could not be written: " + e.getMessage(),
                    e);
        } catch (GeneralSecurityException e) {
            throw new VellumException(
                    VellumException.Kind.UNAVAILABLE,
                    "archive-signing",
                    "the archive of seal " + number + " could not be signed: " + e.getMessage(),
                    e);
        } finally {
            lock.unlock();
        }
    }

    private Map<String, Object> stated(SealRecord record, Seal seal) {
        Map<String, Object> stated = new LinkedHashMap<>();
        Object collection = seal.accounting().get("collection");
        stated.put("quarantine", collection instanceof Map<?, ?> c ? c.get("quarantined_by_reason") : null);
        stated.put("seal_clock_flags", record.clockFlags());
        stated.put(
                "retention_until",
                Instants.format(seal.sealedAt()
                        .atZone(ZoneOffset.UTC)
                        .plus(settings.retention())
                        .toInstant()));
        stated.put("write_latency", writeLatency.get());
        return stated;
    }

    private static Map<String, Object> policy() {
        Map<String, Object> policy = new LinkedHashMap<>();
        policy.put("version", MinimizationPolicy.VERSION);
        policy.put("sha256", MinimizationPolicy.sha256());
        policy.put("document", MinimizationPolicy.document());
        return policy;
    }

    @Override
    public List<ArchiveRecord> attestPending() {
        List<ArchiveRecord> made = new ArrayList<>();
        for (ArchiveRecord r : table.withoutAttestation()) {
            made.add(attest(r.sealNumber()));
        }
        return made;
    }

    /** Makes archive {@code number}'s attestation unless it has one. */
    @SuppressWarnings("unchecked")
    public ArchiveRecord attest(long number) {
        lock.lock();
        try {
            ArchiveRecord r = byNumber(number);
            if (r.attested()) {
                return r;
            }
            SealRecord record = seals.byNumber(number).orElseThrow();
            Seal seal = record.seal();
            Path file = file(r);
            Map<String, Object> summary;
            byte[] summaryBytes;
            byte[] manifest;
            ArchiveHeader header;
            try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(file.toFile())) {
                summaryBytes = member(zip, ArchiveLayout.SUMMARY);
                summary = Json.parseObject(new String(summaryBytes, java.nio.charset.StandardCharsets.UTF_8));
                manifest = member(zip, ArchiveLayout.MANIFEST);
                header = ArchiveHeader.parse(member(zip, ArchiveLayout.ARCHIVE_JSON));
            }
            byte[] archiveSha256 = Hashes.fromHex(r.sha256(), Hashes.LENGTH);
            ArchiveWriter.Written written = new ArchiveWriter.Written(
                    file, r.size(), archiveSha256, manifest, Hashes.sha256(summaryBytes), header);
            Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
            byte[] pdf = attestation(
                    seal,
                    written,
                    summary,
                    sealSigner(record.signature()),
                    record.genTime(),
                    record.tsa(),
                    signer,
                    timeStamper,
                    now);
            String name = ArchiveLayout.attestationFileName(seal.applianceId(), number);
            Path partial = settings.dir().resolve(name + ".partial");
            Files.write(partial, pdf);
            Files.move(partial, settings.dir().resolve(name), StandardCopyOption.ATOMIC_MOVE);
            String sha = Hashes.hex(Hashes.sha256(pdf));
            table.attested(number, name, pdf.length, sha, now);
            LOG.infof(
                    "VELLUM-0703 attestation of archive %d written: %s, %d bytes, SHA-256 %s",
                    number, name, pdf.length, sha);
            return byNumber(number);
        } catch (IOException e) {
            throw new VellumException(
                    VellumException.Kind.UNAVAILABLE,
                    "attestation-storage",
                    "the attestation of archive " + number + " could not be written: " + e.getMessage(),
                    e);
        } catch (GeneralSecurityException e) {
            throw new VellumException(
                    VellumException.Kind.UNAVAILABLE,
                    "attestation-signing",
                    "the attestation of archive " + number + " could not be signed: " + e.getMessage(),
                    e);
        } finally {
            lock.unlock();
        }
    }

    /**
     * The signed attestation of archive {@code w} of {@code seal}: the facts it embeds, the PDF/A-3b document, and its
     * PAdES signature made at {@code at}.
     *
     * @param genTime and {@code tsa}: the seal signature's time-stamp
     */
    static byte[] attestation(
            Seal seal,
            ArchiveWriter.Written w,
            Map<String, Object> summary,
            X509Certificate sealSigner,
            Instant genTime,
            String tsa,
            CadesSigner signer,
            Function<byte[], TimeStamp> timeStamper,
            Instant at)
            throws IOException, GeneralSecurityException {
        String name = w.file().getFileName().toString();
        AttestationFacts facts = new AttestationFacts(
                seal.applianceId(),
                seal.number(),
                name,
                w.size(),
                w.sha256(),
                Hashes.sha256(w.manifest()),
                w.summarySha256());
        byte[] unsigned =
                AttestationPdf.write(new AttestationPdf.Facts(seal, w, summary, sealSigner, genTime, tsa, facts));
        return new PadesSigner(signer).sign(unsigned, at, "Attestation of Vellum archive " + name, timeStamper);
    }

    @Override
    public ArchiveReport verify(long number) {
        ArchiveRecord r = byNumber(number);
        try {
            ArchiveReport report =
                    ArchiveVerifier.verify(file(r), r.attested() ? attestationFile(r) : null, trust.get());
            table.verified(
                    number,
                    clock.instant(),
                    report.intact() ? ArchiveRecord.INTACT : report.first().toString());
            if (report.intact()) {
                LOG.infof(
                        "VELLUM-0704 archive %d verified intact%s",
                        number, r.attested() ? " with its attestation" : "");
            } else {
                LOG.errorf("VELLUM-0705 archive %d does not verify: %s", number, report.problems());
            }
            return report;
        } catch (IOException e) {
            throw new VellumException(
                    VellumException.Kind.UNAVAILABLE,
                    "archive-storage",
                    "archive " + number + " cannot be read: " + e.getMessage(),
                    e);
        }
    }

    public ArchiveRecord byNumber(long number) {
        return table.bySeal(number)
                .orElseThrow(() -> new VellumException(
                        VellumException.Kind.NOT_FOUND, "archive-not-found", "there is no archive of seal " + number));
    }

    /** Verifies an archive and its attestation wherever they are (a copy read back from a target, say). */
    public ArchiveReport verifyFiles(Path archive, Path attestation) throws IOException {
        return ArchiveVerifier.verify(archive, attestation, trust.get());
    }

    /** The end of an archive's retention, as its attestation states it: its seal's time plus the retention. */
    public Instant retainUntil(long number) {
        Seal seal = seals.byNumber(number).orElseThrow().seal();
        return seal.sealedAt().atZone(ZoneOffset.UTC).plus(settings.retention()).toInstant();
    }

    /** When the archive's seal was made. */
    public Instant sealedAt(long number) {
        return seals.byNumber(number).orElseThrow().seal().sealedAt();
    }

    public Path file(ArchiveRecord r) {
        return settings.dir().resolve(r.fileName());
    }

    public Path attestationFile(ArchiveRecord r) {
        if (!r.attested()) {
            throw new VellumException(
                    VellumException.Kind.NOT_FOUND,
                    "attestation-not-made",
                    "archive " + r.sealNumber() + " has no attestation yet; the nightly run makes it");
        }
        return settings.dir().resolve(r.attestationName());
    }

    private static byte[] member(java.util.zip.ZipFile zip, String name) throws IOException {
        var e = zip.getEntry(name);
        if (e == null) {
            throw new IOException("the archive has no " + name);
        }
        try (var in = zip.getInputStream(e)) {
            return in.readAllBytes();
        }
    }

    /** The certificate that signed a seal, as its CMS carries it. */
    static X509Certificate sealSigner(byte[] cms) {
        try {
            CMSSignedData data = new CMSSignedData(cms);
            SignerInformation signer =
                    data.getSignerInfos().getSigners().iterator().next();
            @SuppressWarnings("unchecked")
            X509CertificateHolder holder = (X509CertificateHolder) data.getCertificates()
                    .getMatches(signer.getSID())
                    .iterator()
                    .next();
            return new JcaX509CertificateConverter().getCertificate(holder);
        } catch (CMSException | java.security.cert.CertificateException | RuntimeException e) {
            throw new UncheckedIOException(new IOException("the seal's signature cannot be read", e));
        }
    }
}
