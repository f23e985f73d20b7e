package org.vellum.minimize;

import jakarta.annotation.PostConstruct;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.Arrays;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.vellum.event.EventNormalizer;
import org.vellum.event.HmacPseudonymizer;
import org.vellum.event.MinimizationPolicy;

/**
 * Holds the pseudonym secret (generated on first start, kept outside the database) and the one {@link
 * EventNormalizer} that every ingestion path uses.
 */
@Singleton
@Startup
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class MinimizationService {
    private static final Logger LOG = Logger.getLogger(MinimizationService.class);
    private static final int SECRET_BYTES = 32;

    @Inject
    @ConfigProperty(name = "vellum.pseudonym.key-file")
    String keyFile;

    private volatile EventNormalizer normalizer;

    @PostConstruct
    void loadSecret() {
        SecretFiles.Loaded loaded = SecretFiles.loadOrCreate(Path.of(keyFile), SECRET_BYTES);
        if (loaded.created()) {
            LOG.infof("VELLUM-0301 created a new pseudonym secret in %s; back it up with the database", keyFile);
        }
        normalizer = new EventNormalizer(new HmacPseudonymizer(loaded.secret()));
        Arrays.fill(loaded.secret(), (byte) 0);
        LOG.infof(
                "VELLUM-0302 minimization policy %s (sha256 %s) in force",
                MinimizationPolicy.VERSION, MinimizationPolicy.sha256());
    }

    public EventNormalizer normalizer() {
        return normalizer;
    }
}
