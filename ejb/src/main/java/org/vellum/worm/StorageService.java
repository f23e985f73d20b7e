package org.vellum.worm;

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
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;
import org.vellum.archive.ArchiveService;
import org.vellum.ingest.ApplianceEvents;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * The server's {@link Storage}: the targets named in {@code vellum.storage.targets}, each configured under
 * {@code vellum.storage.target.<name>.*} (docs/operations.md, "Storage"). Every target's self-test runs at start, in
 * the background, and then on the schedule.
 */
@Singleton
@Startup
@LocalBean
@Local(StorageBackend.class)
@DependsOn({"ArchiveService", "ApplianceEvents"})
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class StorageService implements StorageBackend {
    private static final Logger LOG = Logger.getLogger(StorageService.class);
    private static final String PREFIX = "vellum.storage.target.";

    @Resource(lookup = "java:jboss/datasources/VellumDS")
    private DataSource dataSource;

    @Resource
    ManagedExecutorService executor;

    @Inject
    ArchiveService archives;

    @Inject
    ApplianceEvents events;

    private volatile Storage storage;

    @PostConstruct
    void start() {
        Config config = ConfigProvider.getConfig();
        List<WormTarget> targets = new ArrayList<>();
        for (String name : config.getValue("vellum.storage.targets", String[].class)) {
            targets.add(target(config, name.strip()));
        }
        Path work = Path.of(config.getValue("vellum.data-dir", String.class), "tmp", "storage");
        storage = new Storage(
                new CopyTable(dataSource), targets, Archives.of(archives.archiver()), events, Clock.systemUTC(), work);
        for (WormTarget t : targets) {
            LOG.infof("VELLUM-0814 storage target %s: %s at %s", t.name(), t.type(), t.location());
        }
        if (config.getOptionalValue("vellum.storage.self-test-on-start", Boolean.class)
                .orElse(true)) {
            executor.submit(storage::selfTestAll);
        }
    }

    static WormTarget target(Config config, String name) {
        String type = config.getValue(PREFIX + name + ".type", String.class);
        switch (type) {
            case "filesystem" -> {
                Path dir = Path.of(config.getValue(PREFIX + name + ".dir", String.class));
                String immutable = config.getOptionalValue(PREFIX + name + ".immutable", String.class)
                        .orElse("chattr");
                FilesystemWormTarget.Immutability lock =
                        switch (immutable) {
                            case "chattr" -> FilesystemWormTarget.CHATTR;
                            case "none" -> FilesystemWormTarget.NONE;
                            default -> throw new IllegalArgumentException(
                                    PREFIX + name + ".immutable is chattr or none, not " + immutable);
                        };
                return new FilesystemWormTarget(name, dir, lock, Clock.systemUTC());
            }
            case "s3" -> {
                S3ObjectLockTarget.Settings s = new S3ObjectLockTarget.Settings(
                        config.getOptionalValue(PREFIX + name + ".endpoint", String.class)
                                .map(URI::create)
                                .orElse(null),
                        config.getOptionalValue(PREFIX + name + ".region", String.class)
                                .orElse("us-east-1"),
                        config.getValue(PREFIX + name + ".bucket", String.class),
                        config.getOptionalValue(PREFIX + name + ".prefix", String.class)
                                .orElse(""),
                        config.getOptionalValue(PREFIX + name + ".path-style", Boolean.class)
                                .orElse(false),
                        Duration.parse(config.getOptionalValue(PREFIX + name + ".probe-retention", String.class)
                                .orElse("P1D")),
                        Duration.parse(config.getOptionalValue(PREFIX + name + ".timeout", String.class)
                                .orElse("PT60S")));
                Optional<String> file = config.getOptionalValue(PREFIX + name + ".credentials-file", String.class);
                return new S3ObjectLockTarget(
                        name, s, S3ObjectLockTarget.client(s, credentials(name, file)), Clock.systemUTC());
            }
            default -> throw new IllegalArgumentException(PREFIX + name + ".type is filesystem or s3, not " + type);
        }
    }

    /**
     * From a properties file ({@code access-key-id}, {@code secret-access-key}) kept beside the keys, or else the
     * SDK's default chain (environment, instance profile).
     */
    private static AwsCredentialsProvider credentials(String target, Optional<String> file) {
        if (file.isEmpty()) {
            return DefaultCredentialsProvider.builder().build();
        }
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(Path.of(file.get()))) {
            p.load(in);
        } catch (IOException e) {
            throw new IllegalStateException(
                    "the credentials file of storage target " + target + " cannot be read: " + e.getMessage(), e);
        }
        String id = p.getProperty("access-key-id");
        String secret = p.getProperty("secret-access-key");
        if (id == null || secret == null) {
            throw new IllegalStateException(
                    "the credentials file of storage target " + target + " needs access-key-id and secret-access-key");
        }
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(id, secret));
    }

    public Storage storage() {
        return storage;
    }

    @Override
    public List<CopyRecord> storePending() {
        return storage.storePending();
    }

    @Override
    public VerifyRun verifyCopies() {
        return storage.verifyCopies();
    }

    @Override
    public List<CopyRecord> purgeExpired() {
        return storage.purgeExpired();
    }

    @Override
    public List<SelfTest> selfTestAll() {
        return storage.selfTestAll();
    }
}
