package org.vellum.seal;

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
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.vellum.ledger.LedgerEntry;
import org.vellum.ledger.LedgerService;
import org.vellum.pki.PkiService;
import org.vellum.problem.VellumException;
import org.vellum.timestamp.TimeStampService;

/**
 * The server's {@link Sealer}: the ledger from {@link LedgerService}, the signing key from the configured key store
 * ({@code vellum.seal.key-store}) or else the embedded PKI's seal signer, time-stamps from {@link TimeStampService}.
 */
@Singleton
@Startup
@LocalBean
@Local(SealBackend.class)
@DependsOn({"LedgerService", "PkiService", "TimeStampService"})
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class SealService implements SealBackend {
    private static final Logger LOG = Logger.getLogger(SealService.class);

    @Resource(lookup = "java:jboss/datasources/VellumDS")
    private DataSource dataSource;

    @Inject
    LedgerService ledger;

    @Inject
    PkiService pki;

    @Inject
    TimeStampService timeStamps;

    @Inject
    @ConfigProperty(name = "vellum.seal.key-store")
    Optional<String> keyStore;

    @Inject
    @ConfigProperty(name = "vellum.seal.key-store.type")
    String keyStoreType;

    @Inject
    @ConfigProperty(name = "vellum.seal.key-store.password-file")
    Optional<String> keyStorePasswordFile;

    @Inject
    @ConfigProperty(name = "vellum.seal.key-alias")
    Optional<String> keyAlias;

    @Inject
    @ConfigProperty(name = "vellum.seal.clock-bound")
    Duration clockBound;

    private volatile Sealer sealer;

    private volatile CadesSigner signer;

    @PostConstruct
    void start() {
        CadesSigner signer;
        if (keyStore.isPresent()) {
            try {
                signer = SigningKeys.load(
                        keyStoreType,
                        Path.of(keyStore.get()),
                        Path.of(keyStorePasswordFile.orElseThrow(() -> new IllegalStateException(
                                "VELLUM-0613 vellum.seal.key-store needs vellum.seal.key-store.password-file"))),
                        keyAlias.orElse(null));
            } catch (GeneralSecurityException | IOException e) {
                throw new IllegalStateException(
                        "VELLUM-0613 the seal-signing key cannot be loaded from " + keyStore.get() + ": "
                                + e.getMessage(),
                        e);
            }
        } else {
            var issued = pki.pki().sealSigner();
            signer = new CadesSigner(issued.key(), List.of(issued.certificate()));
        }
        LOG.infof(
                "VELLUM-0614 seals are signed by %s (serial %s)",
                signer.certificate().getSubjectX500Principal().getName(),
                signer.certificate().getSerialNumber().toString(16));
        this.signer = signer;
        sealer = new Sealer(
                new SealTable(dataSource),
                new Sealer.Ledger(ledger::genesis, ledger::head, ledger::forEachLeaf),
                signer,
                timeStamps::stamp,
                Clock.systemUTC(),
                clockBound);
    }

    /** The seal-signing key, which signs the archives' manifests and the attestations too. */
    public CadesSigner signer() {
        return signer;
    }

    public SealTable table() {
        return sealer.table();
    }

    @Override
    public SealRecord sealRun(long jobInstance, Map<String, Object> collection) {
        return sealer.sealRun(jobInstance, collection);
    }

    /** Seals on demand ({@code POST /seals}). */
    public SealRecord sealNow() {
        return sealer.sealNow();
    }

    public SealRecord byNumber(long number) {
        return sealer.table()
                .byNumber(number)
                .orElseThrow(() -> new VellumException(
                        VellumException.Kind.NOT_FOUND, "seal-not-found", "there is no seal " + number));
    }

    public List<SealRecord> page(long offset, int limit) {
        return sealer.table().page(offset, limit);
    }

    public long count() {
        return sealer.table().count();
    }

    /** The last ledger position under a seal; 0 before the first seal. */
    public long sealedTo() {
        long n = count();
        return n == 0 ? 0 : page(n - 1, 1).get(0).lastSeq();
    }

    /** The proof for an event, by its id. */
    public SealProof proof(String eventId) {
        LedgerEntry entry = ledger.byEventId(eventId)
                .orElseThrow(() -> new VellumException(
                        VellumException.Kind.NOT_FOUND, "event-not-found", "no event " + eventId + " in the ledger"));
        return sealer.proof(entry);
    }

    public List<byte[]> consistency(long older, long newer) {
        return sealer.consistency(byNumber(older), byNumber(newer));
    }

    public void bundles(Consumer<SealBundle> sink) {
        sealer.bundles(sink);
    }
}
