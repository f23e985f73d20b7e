package org.vellum.schema;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.function.Function;
import javax.sql.DataSource;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.output.MigrateResult;
import org.jboss.logging.Logger;

/**
 * Brings the schema up to date before anything else starts. Migrations are SQL files {@code db/V<n>__<what>.sql}, run
 * by Flyway once each, in order ({@link Migrations}); {@code vellum_schema_history} records which ran.
 */
@Singleton
@Startup
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class SchemaService {
    private static final Logger LOG = Logger.getLogger(SchemaService.class);

    /** Every migration, in order. A new one is appended here and never edited once released. */
    public static final List<String> MIGRATIONS = List.of(
            "V1__ledger.sql",
            "V2__collect.sql",
            "V3__event_id_index.sql",
            "V4__seal.sql",
            "V5__archive.sql",
            "V6__storage.sql",
            "V7__tape.sql",
            "V8__console.sql");

    @Resource(lookup = "java:jboss/datasources/VellumDS")
    private DataSource dataSource;

    @PostConstruct
    void migrate() {
        try {
            MigrateResult result = Migrations.migrate(dataSource, MIGRATIONS, SchemaService::script);
            for (var m : result.migrations) {
                LOG.infof("VELLUM-0002 applied schema migration %s", m.filepath);
            }
        } catch (SQLException | FlywayException e) {
            throw new IllegalStateException("VELLUM-0001 schema migration failed: " + e.getMessage(), e);
        }
    }

    private static String script(String name) {
        try (InputStream in = SchemaService.class.getResourceAsStream("/db/" + name)) {
            if (in == null) {
                throw new IllegalStateException("migration " + name + " is missing from the build");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The migrations on a plain connection, so that tests run them against H2 and PostgreSQL directly. */
    public static final class SchemaMigrator {
        private final Connection connection;

        public SchemaMigrator(Connection connection) {
            this.connection = connection;
        }

        public void migrate(List<String> migrations, Function<String, String> scripts) throws SQLException {
            Migrations.migrate(connection, migrations, scripts);
        }
    }
}
