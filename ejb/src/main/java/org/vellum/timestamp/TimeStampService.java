package org.vellum.timestamp;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.vellum.minimize.SecretFiles;
import org.vellum.pki.PkiService;
import org.vellum.seal.TimeStamp;
import org.vellum.seal.TrustAnchors;
import org.vellum.security.UserBootstrapService;

/**
 * The appliance's time-stamping: the built-in TSA ({@link TimeStampAuthority}, served at {@code POST /vellum/tsa} to
 * the role {@code timestamp-client}) and the client ({@link TimeStampClient}) over the configured TSAs. The entry
 * {@code embedded} in {@code vellum.tsa.urls} stands for the built-in TSA, reached over HTTP like any other, as the
 * internal user {@code vellum-tsa} whose random password lives beside the keys.
 */
@Singleton
@Startup
@DependsOn("PkiService")
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class TimeStampService {
    private volatile List<X509Certificate> tsaAnchors = List.of();

    public static final String ROLE = "timestamp-client";
    public static final String INTERNAL_USER = "vellum-tsa";
    static final String EMBEDDED = "embedded";
    private static final Logger LOG = Logger.getLogger(TimeStampService.class);

    @Resource(lookup = "java:jboss/datasources/VellumDS")
    private DataSource dataSource;

    @Inject
    PkiService pki;

    @Inject
    @ConfigProperty(name = "vellum.pki.dir")
    String keysDir;

    @Inject
    @ConfigProperty(name = "vellum.tsa.urls")
    List<String> urls;

    @Inject
    @ConfigProperty(name = "vellum.tsa.policy")
    Optional<String> policy;

    @Inject
    @ConfigProperty(name = "vellum.tsa.username")
    Optional<String> username;

    @Inject
    @ConfigProperty(name = "vellum.tsa.password-file")
    Optional<String> passwordFile;

    @Inject
    @ConfigProperty(name = "vellum.tsa.trust-file")
    Optional<String> trustFile;

    @Inject
    @ConfigProperty(name = "vellum.tsa.connect-timeout")
    Duration connectTimeout;

    @Inject
    @ConfigProperty(name = "vellum.tsa.read-timeout")
    Duration readTimeout;

    @Inject
    @ConfigProperty(name = "vellum.tsa.attempts")
    int attempts;

    @Inject
    @ConfigProperty(name = "vellum.tsa.retry-delay")
    Duration retryDelay;

    private volatile TimeStampAuthority authority;
    private volatile TimeStampClient client;

    @PostConstruct
    void start() {
        try {
            authority = new TimeStampAuthority(
                    pki.pki().tsa().key(), pki.pki().tsa().certificate(), Clock.systemUTC());
            String internalPassword = Base64.getEncoder()
                    .encodeToString(SecretFiles.loadOrCreate(Path.of(keysDir, "tsa-client.secret"), 32)
                            .secret());
            try (Connection c = dataSource.getConnection()) {
                UserBootstrapService.upsert(c, INTERNAL_USER, ROLE, internalPassword.toCharArray());
            }
            List<TimeStampClient.Endpoint> endpoints = new ArrayList<>();
            List<X509Certificate> anchors =
                    new ArrayList<>(List.of(pki.pki().root().certificate()));
            String externalPassword = passwordFile.isPresent()
                    ? Files.readString(Path.of(passwordFile.get()), StandardCharsets.UTF_8)
                            .stripTrailing()
                    : null;
            for (String url : urls) {
                if (url.strip().equals(EMBEDDED)) {
                    endpoints.add(new TimeStampClient.Endpoint(
                            embeddedUri(), TimeStampAuthority.POLICY, INTERNAL_USER, internalPassword));
                } else {
                    endpoints.add(new TimeStampClient.Endpoint(
                            URI.create(url.strip()), policy.orElse(null), username.orElse(null), externalPassword));
                }
            }
            if (trustFile.isPresent()) {
                // external TSAs chain to the configured anchors; the built-in one, if listed too, to the embedded root
                if (urls.stream().noneMatch(u -> u.strip().equals(EMBEDDED))) {
                    anchors.clear();
                }
                try (var in = Files.newInputStream(Path.of(trustFile.get()))) {
                    for (var cert : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                        anchors.add((X509Certificate) cert);
                    }
                }
            }
            tsaAnchors = List.copyOf(anchors);
            client = new TimeStampClient(
                    endpoints,
                    TrustAnchors.of(anchors, List.of()),
                    new TimeStampClient.Limits(connectTimeout, readTimeout, attempts, retryDelay));
            LOG.infof("VELLUM-0604 time-stamps from %s", endpoints);
        } catch (GeneralSecurityException | IOException | SQLException e) {
            throw new IllegalStateException("VELLUM-0605 time-stamping cannot start: " + e.getMessage(), e);
        }
    }

    /** The certificates the TSAs' certificates must chain to. */
    public List<X509Certificate> trustAnchors() {
        return tsaAnchors;
    }

    /** A validated time-stamp over {@code data}, or {@link TimeStampUnavailableException}. */
    public TimeStamp stamp(byte[] data) {
        return client.stamp(data);
    }

    /** The built-in TSA's answer to a DER query. */
    public byte[] respond(byte[] query) {
        return authority.respond(query);
    }

    /**
     * This server's own TSA endpoint, at the HTTP port the server listens on: on its bind address, or on
     * {@code vellum.tsa.embedded-host} where plain HTTP listens elsewhere (127.0.0.1 with TLS, docs/operations.md).
     */
    private static URI embeddedUri() {
        int port =
                Integer.getInteger("jboss.http.port", 8080) + Integer.getInteger("jboss.socket.binding.port-offset", 0);
        String host =
                System.getProperty("vellum.tsa.embedded-host", System.getProperty("jboss.bind.address", "127.0.0.1"));
        if (host.equals("0.0.0.0") || host.equals("::")) {
            host = "127.0.0.1";
        }
        return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port + "/vellum/tsa");
    }
}
