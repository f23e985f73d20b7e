package org.vellum.collect;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.vellum.event.EventNormalizer;
import org.vellum.event.NormalizedEvent;
import org.vellum.ledger.LedgerService;
import org.vellum.ledger.Origin;
import org.vellum.ledger.Receipt;
import org.vellum.minimize.MinimizationService;
import org.vellum.problem.VellumException;

/**
 * The server's {@link CollectBackend}: sources from MicroProfile Config ({@code vellum.collect.sources} names them,
 * {@code vellum.collect.source.<name>.dir|glob|format|zone} describe each), the ledger, and the collection tables on
 * the appliance's datasource.
 */
@ApplicationScoped
public class CollectService implements CollectBackend {
    private static final Duration BUSY_WAIT = Duration.ofMillis(100);

    @Resource(lookup = "java:jboss/datasources/VellumDS")
    DataSource dataSource;

    @Inject
    LedgerService ledger;

    @Inject
    MinimizationService minimization;

    @Inject
    Config config;

    @Inject
    @ConfigProperty(name = "vellum.quarantine.retention")
    Duration quarantineRetention;

    @Inject
    @ConfigProperty(name = "vellum.collect.append-timeout")
    Duration appendTimeout;

    @Override
    public List<Source> configuredSources() {
        List<Source> sources = new ArrayList<>();
        for (String name :
                config.getOptionalValues("vellum.collect.sources", String.class).orElse(List.of())) {
            String prefix = "vellum.collect.source." + name.trim() + ".";
            sources.add(new Source(
                    name.trim(),
                    Path.of(config.getValue(prefix + "dir", String.class)),
                    config.getOptionalValue(prefix + "glob", String.class).orElse("**"),
                    SourceFormat.parse(config.getOptionalValue(prefix + "format", String.class)
                            .orElse("auto")),
                    config.getOptionalValue(prefix + "zone", String.class).map(ZoneId::of)));
        }
        return sources;
    }

    @Override
    public Path importFolder(String dir) {
        Path real;
        try {
            real = Path.of(dir).toRealPath();
        } catch (IOException | InvalidPathException e) {
            throw new CollectException("source-not-found", "the folder " + dir + " does not exist or cannot be read");
        }
        for (String root : config.getOptionalValues("vellum.collect.import-roots", String.class)
                .orElse(List.of())) {
            try {
                if (real.startsWith(Path.of(root).toRealPath())) {
                    return real;
                }
            } catch (IOException | InvalidPathException e) {
                // a root that does not exist admits nothing
            }
        }
        throw new CollectException(
                "source-not-allowed",
                "the folder " + dir + " is not under an import root (vellum.collect.import-roots)");
    }

    @Override
    public EventNormalizer normalizer() {
        return minimization.normalizer();
    }

    @Override
    public CollectStore store() {
        return new CollectTable(dataSource);
    }

    @Override
    public Duration quarantineRetention() {
        return quarantineRetention;
    }

    @Override
    public List<Receipt> append(List<NormalizedEvent> events, List<Origin> origins) {
        Instant deadline = Instant.now().plus(appendTimeout);
        while (true) {
            try {
                return ledger.append(events, origins, Instant.now())
                        .get(appendTimeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof VellumException v)
                        || v.kind() != VellumException.Kind.UNAVAILABLE
                        || Instant.now().isAfter(deadline)) {
                    throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
                }
                // The ledger is busy or its database behind: nothing was appended, so waiting and trying again is safe.
                sleep();
            } catch (TimeoutException e) {
                throw new VellumException(
                        VellumException.Kind.UNAVAILABLE, "ledger-timeout", "the ledger did not answer in time");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new VellumException(VellumException.Kind.UNAVAILABLE, "interrupted", "interrupted");
            }
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(BUSY_WAIT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new VellumException(VellumException.Kind.UNAVAILABLE, "interrupted", "interrupted");
        }
    }

    @Override
    public Optional<Appended> appended(Receipt duplicate) {
        return ledger.byReceipt(duplicate).map(LedgerRecheck::appended);
    }

    @Override
    public void verifyLedger(long from, long to) {
        LedgerRecheck check = new LedgerRecheck(from, ledger.chainHashAt(from - 1));
        ledger.forEach(from, to, check::accept);
        check.finish(to);
    }
}
