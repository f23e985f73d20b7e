package org.vellum.pki;

import jakarta.annotation.PostConstruct;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.X509CRL;
import java.time.Clock;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.vellum.ledger.LedgerService;

/**
 * The appliance's {@link EmbeddedPki}: generated in {@code vellum.pki.dir} on first start, taken up afterwards. Its
 * certificates and CRL are public; its keys never leave this service's key store.
 */
@Singleton
@Startup
@DependsOn("LedgerService")
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class PkiService {
    private static final Logger LOG = Logger.getLogger(PkiService.class);

    @Inject
    @ConfigProperty(name = "vellum.pki.dir")
    String dir;

    @Inject
    LedgerService ledger;

    private volatile EmbeddedPki pki;

    @PostConstruct
    void start() {
        Path path = Path.of(dir);
        boolean existed = Files.exists(path.resolve(EmbeddedPki.KEY_STORE));
        try {
            pki = EmbeddedPki.loadOrCreate(
                    path, ledger.genesis().applianceId(), Clock.systemUTC(), new BouncyCastleProvider());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(
                    "VELLUM-0501 the PKI in " + dir + " cannot be loaded: " + e.getMessage(), e);
        }
        LOG.infof(
                "VELLUM-0502 %s the PKI in %s: root %s, serial %s",
                existed ? "loaded" : "generated",
                dir,
                pki.root().certificate().getSubjectX500Principal().getName(),
                pki.root().certificate().getSerialNumber().toString(16));
    }

    public EmbeddedPki pki() {
        return pki;
    }

    /** The root's CRL, signed now. */
    public X509CRL crl() {
        try {
            return pki.crl(Clock.systemUTC().instant());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("VELLUM-0503 the CRL could not be signed", e);
        }
    }
}
