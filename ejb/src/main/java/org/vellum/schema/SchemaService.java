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
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * Brings the schema up to date before anything else starts. Migrations are SQL files {@code db/V<n>__<what>.sql}, run
 * once each, in order, in one transaction per file; {@code vellum_schema} records which ran.
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
        try (Connection c = dataSource.getConnection()) {
            new SchemaMigrator(c).migrate(MIGRATIONS, SchemaService::script);
        } catch (SQLException e) {
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

    /** The migration logic on a plain connection, so that tests run it against H2 and PostgreSQL directly. */
    public static final class SchemaMigrator {
        private final Connection connection;

        public SchemaMigrator(Connection connection) {
            this.connection = connection;
        }

        public void migrate(List<String> migrations, Function<String, String> scripts) throws SQLException {
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false);
            try {
                try (Statement s = connection.createStatement()) {
                    s.execute("CREATE TABLE IF NOT EXISTS vellum_schema (version INT NOT NULL PRIMARY KEY, "
                            + "script VARCHAR(200) NOT NULL, applied_at TIMESTAMP WITH TIME ZONE NOT NULL)");
                }
                connection.commit();
                int current = currentVersion();
                for (int version = current + 1; version <= migrations.size(); version++) {
                    String name = migrations.get(version - 1);
                    try (Statement s = connection.createStatement()) {
                        for (String sql : statements(scripts.apply(name))) {
                            s.execute(sql);
                        }
                    }
                    try (PreparedStatement p =
                            connection.prepareStatement("INSERT INTO vellum_schema VALUES (?, ?, ?)")) {
                        p.setInt(1, version);
                        p.setString(2, name);
                        p.setObject(3, OffsetDateTime.now(ZoneOffset.UTC));
                        p.executeUpdate();
                    }
                    connection.commit();
                    LOG.infof("VELLUM-0002 applied schema migration %s", name);
                }
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(autoCommit);
            }
        }

        private int currentVersion() throws SQLException {
            try (Statement s = connection.createStatement();
                    var rs = s.executeQuery("SELECT COALESCE(MAX(version), 0) FROM vellum_schema")) {
                rs.next();
                return rs.getInt(1);
            }
        }

        /** Splits a script at semicolons that end a line; comments starting with -- are dropped. */
        static List<String> statements(String script) {
            StringBuilder current = new StringBuilder();
            List<String> out = new ArrayList<>();
            for (String line : script.split("\n")) {
                String trimmed = line.strip();
                if (trimmed.isEmpty() || trimmed.startsWith("--")) {
                    continue;
                }
                current.append(line).append('\n');
                if (trimmed.endsWith(";")) {
                    String sql = current.toString().strip();
                    out.add(sql.substring(0, sql.length() - 1));
                    current.setLength(0);
                }
            }
            if (!current.toString().isBlank()) {
                out.add(current.toString().strip());
            }
            return out;
        }
    }
}
