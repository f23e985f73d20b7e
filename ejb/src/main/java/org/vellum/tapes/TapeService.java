package org.vellum.tapes;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Local;
import jakarta.ejb.LocalBean;
import jakarta.ejb.Singleton;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.vellum.archive.ArchiveService;
import org.vellum.ledger.LedgerService;
import org.vellum.tape.Cartridges;
import org.vellum.tape.TapeExporter;
import org.vellum.worm.Archives;

/**
 * The server's {@link TapeLibrary}: the devices an export may use ({@code vellum.tape.devices}), the record size, the
 * {@code mt} program and its timeout (docs/tape.md, "Configuration").
 */
@Singleton
@LocalBean
@Local(TapeBackend.class)
@DependsOn({"ArchiveService", "LedgerService"})
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class TapeService implements TapeBackend {
    @Resource(lookup = "java:jboss/datasources/VellumDS")
    private DataSource dataSource;

    @Inject
    ArchiveService archives;

    @Inject
    LedgerService ledger;

    private volatile TapeLibrary library;

    @PostConstruct
    void start() {
        Config config = ConfigProvider.getConfig();
        List<String> devices = Arrays.stream(config.getOptionalValue("vellum.tape.devices", String[].class)
                        .orElse(new String[0]))
                .map(String::strip)
                .toList();
        Cartridges.Settings settings = new Cartridges.Settings(
                config.getOptionalValue("vellum.tape.record-size", Integer.class)
                        .orElse(256 * 1024),
                config.getOptionalValue("vellum.tape.mt", String.class).orElse("mt"),
                Duration.parse(config.getOptionalValue("vellum.tape.mt-timeout", String.class)
                        .orElse("PT30M")),
                Clock.systemUTC());
        if (settings.recordSize() <= 0 || settings.recordSize() % 512 != 0) {
            throw new IllegalStateException(
                    "vellum.tape.record-size is a multiple of 512 bytes, not " + settings.recordSize());
        }
        library = new TapeLibrary(
                new TapeTable(dataSource),
                Archives.of(archives.archiver()),
                ledger.genesis().applianceId(),
                settings,
                devices,
                Clock.systemUTC());
    }

    public TapeLibrary library() {
        return library;
    }

    @Override
    public TapeRequest check(Map<String, String> parameters) {
        return library.check(parameters);
    }

    @Override
    public TapeRun export(TapeRequest request, Long jobInstance, TapeExporter.Progress observer) {
        return library.export(request, jobInstance, observer);
    }
}
