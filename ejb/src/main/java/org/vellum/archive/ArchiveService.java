package org.vellum.archive;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Local;
import jakarta.ejb.LocalBean;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Period;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.vellum.ledger.LedgerService;
import org.vellum.pki.PkiService;
import org.vellum.seal.SealService;
import org.vellum.seal.TrustAnchors;
import org.vellum.timestamp.TimeStampService;

/**
 * The server's {@link Archiver}: entries from {@link LedgerService}, seals and the signing key from
 * {@link SealService}, time-stamps from {@link TimeStampService}, files in {@code vellum.archive.dir}.
 */
@Singleton
@Startup
@LocalBean
@Local(ArchiveBackend.class)
@DependsOn({"LedgerService", "SealService", "TimeStampService", "PkiService"})
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class ArchiveService implements ArchiveBackend {
    @Resource(lookup = "java:jboss/datasources/VellumDS")
    private DataSource dataSource;

    @Inject
    LedgerService ledger;

    @Inject
    SealService seals;

    @Inject
    TimeStampService timeStamps;

    @Inject
    PkiService pki;

    @Inject
    @ConfigProperty(name = "vellum.archive.dir")
    String dir;

    @Inject
    @ConfigProperty(name = "vellum.archive.part-size")
    long partSize;

    @Inject
    @ConfigProperty(name = "vellum.archive.deflate-level")
    int level;

    @Inject
    @ConfigProperty(name = "vellum.archive.retention")
    String retention;

    private volatile Archiver archiver;

    @PostConstruct
    void start() {
        archiver = new Archiver(
                new ArchiveTable(dataSource),
                seals.table(),
                new Archiver.Ledger(ledger::genesis, ledger::chainHashAt, ledger::forEach),
                seals.signer(),
                timeStamps::stamp,
                this::trust,
                () -> ledger.writeLatency().snapshotAndReset(),
                Clock.systemUTC(),
                new Archiver.Settings(Path.of(dir), partSize, level, Period.parse(retention)));
    }

    /**
     * What the appliance's own verification trusts: the TSAs' anchors, the embedded root, and every self-signed
     * certificate of the seal signer's chain.
     */
    private TrustAnchors trust() {
        List<X509Certificate> anchors = new ArrayList<>(timeStamps.trustAnchors());
        anchors.add(pki.pki().root().certificate());
        for (X509Certificate c : seals.signer().chain()) {
            if (c.getSubjectX500Principal().equals(c.getIssuerX500Principal())) {
                anchors.add(c);
            }
        }
        return TrustAnchors.of(anchors, List.of());
    }

    public Archiver archiver() {
        return archiver;
    }

    @Override
    public List<ArchiveRecord> packagePending(long jobInstance) {
        return archiver.packagePending(jobInstance);
    }

    @Override
    public List<ArchiveRecord> attestPending() {
        return archiver.attestPending();
    }

    @Override
    public List<ArchiveRecord> packagedBy(long jobInstance) {
        return archiver.packagedBy(jobInstance);
    }

    @Override
    public ArchiveReport verify(long sealNumber) {
        return archiver.verify(sealNumber);
    }

    public ArchiveRecord byNumber(long sealNumber) {
        return archiver.byNumber(sealNumber);
    }

    public List<ArchiveRecord> page(long offset, int limit) {
        return archiver.table().page(offset, limit);
    }

    public long count() {
        return archiver.table().count();
    }

    public Path file(ArchiveRecord r) {
        return archiver.file(r);
    }

    public Path attestationFile(ArchiveRecord r) {
        return archiver.attestationFile(r);
    }
}
