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
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import javax.naming.InitialContext;
import javax.naming.NamingException;
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
            "V8__console.sql",
            "V9__cluster.sql");

    /** The schema owner's datasource, where the appliance's own role may not change the schema (PostgreSQL). */
    public static final String OWNER_DATASOURCE = "java:jboss/datasources/VellumOwnerDS";

    @Resource(lookup = "java:jboss/datasources/VellumDS")
    private DataSource dataSource;

    @PostConstruct
    void migrate() {
        Optional<DataSource> owner = ownerDataSource();
        try {
            MigrateResult result = Migrations.migrate(owner.orElse(dataSource), MIGRATIONS, SchemaService::script);
            for (var m : result.migrations) {
                LOG.infof("VELLUM-0002 applied schema migration %s", m.filepath);
            }
            if (owner.isPresent()) {
                harden(owner.get());
            }
        } catch (SQLException | FlywayException e) {
            throw new IllegalStateException("VELLUM-0001 schema migration failed: " + e.getMessage(), e);
        }
    }

    /** Gives the appliance's role its privileges: SELECT and INSERT only on the ledger (harden.sql). */
    private void harden(DataSource owner) throws SQLException {
        String appRole;
        try (Connection c = dataSource.getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT current_user")) {
            rs.next();
            appRole = rs.getString(1);
        }
        try (Connection c = owner.getConnection()) {
            if (!c.getMetaData().getDatabaseProductName().equals("PostgreSQL")) {
                throw new IllegalStateException("VELLUM-0001 " + OWNER_DATASOURCE + " is set up, but separated"
                        + " privileges are made for PostgreSQL only, not "
                        + c.getMetaData().getDatabaseProductName());
            }
            String ownerRole = c.getMetaData().getUserName();
            if (ownerRole.equals(appRole)) {
                throw new IllegalStateException("VELLUM-0001 the appliance connects as the schema's owner " + ownerRole
                        + "; it must connect as a role of its own (docs/operations.md, \"PostgreSQL\")");
            }
            // the separation holds only if the appliance's role is neither a superuser nor the owner in disguise
            try (var p = c.prepareStatement("SELECT r.rolsuper OR pg_has_role(r.oid, current_user, 'MEMBER')"
                    + " FROM pg_roles r WHERE r.rolname = ?")) {
                p.setString(1, appRole);
                try (ResultSet rs = p.executeQuery()) {
                    if (rs.next() && rs.getBoolean(1)) {
                        throw new IllegalStateException("VELLUM-0001 the appliance's role " + appRole
                                + " is a superuser or a member of the schema's owner " + ownerRole
                                + "; it must be a plain role of its own (docs/operations.md, \"PostgreSQL\")");
                    }
                }
            }
            Migrations.harden(c, appRole, script("postgresql/harden.sql"));
            LOG.infof("VELLUM-0003 separated privileges in place: %s may only read and append the ledger", appRole);
        }
    }

    /** VellumOwnerDS where the server has one (the PostgreSQL profile), else none: one datasource does it all. */
    private static Optional<DataSource> ownerDataSource() {
        try {
            return Optional.of((DataSource) new InitialContext().lookup(OWNER_DATASOURCE));
        } catch (NamingException absent) {
            return Optional.empty();
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
