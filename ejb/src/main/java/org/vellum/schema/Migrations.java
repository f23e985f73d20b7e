package org.vellum.schema;

import java.io.Reader;
import java.io.StringReader;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Function;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.ResourceProvider;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.core.api.output.MigrateResult;
import org.flywaydb.core.api.resource.LoadableResource;

/**
 * The schema migrations, run by Flyway: the same SQL files ({@code db/V<n>__<what>.sql}) on H2 and PostgreSQL. The
 * files are handed to Flyway by name rather than found by scanning the class path, which inside WildFly is a virtual
 * file system. A database that Vellum's own migrator brought up to date before (its {@code vellum_schema} table) is
 * taken over at the version it reached.
 */
public final class Migrations {
    /** Flyway's record of what ran. */
    public static final String HISTORY = "vellum_schema_history";

    private Migrations() {}

    /** Brings the schema behind {@code dataSource} up to date; what ran. */
    public static MigrateResult migrate(
            DataSource dataSource, List<String> migrations, Function<String, String> scripts) throws SQLException {
        FluentConfiguration config = Flyway.configure(Migrations.class.getClassLoader())
                .dataSource(dataSource)
                .resourceProvider(new Scripts(migrations, scripts))
                .table(HISTORY)
                .cleanDisabled(true)
                .validateMigrationNaming(true);
        // The schema is seldom empty on a first start: the job repository (JBeret) keeps its tables beside ours. So
        // Flyway starts its history at the version Vellum's own migrator reached, or at 0 where it never ran (every
        // migration then runs). The description is plain text: with an apostrophe in it Flyway 13 ignored the
        // baseline and ran every migration again (seen here).
        int legacy = legacyVersion(dataSource);
        config.baselineOnMigrate(true)
                .baselineVersion(Integer.toString(legacy))
                .baselineDescription(legacy > 0 ? "taken over from vellum_schema" : "empty");
        return config.load().migrate();
    }

    /** Migrates through one connection that stays open afterwards (tests on H2 and on a PostgreSQL schema). */
    public static MigrateResult migrate(
            Connection connection, List<String> migrations, Function<String, String> scripts) throws SQLException {
        return migrate(unclosable(connection), migrations, scripts);
    }

    /**
     * Runs {@code db/postgresql/harden.sql} as the schema's owner, naming the appliance's role: it may then only SELECT
     * and INSERT the ledger. Idempotent; run after every migration, so that new tables get their grants.
     */
    public static void harden(Connection owner, String appRole, String hardenScript) throws SQLException {
        String psqlVariable = "SELECT set_config('vellum.app_role', :'app', false);";
        if (!hardenScript.contains(psqlVariable)) {
            throw new IllegalStateException("harden.sql no longer names the appliance's role as psql's :'app'");
        }
        boolean autoCommit = owner.getAutoCommit();
        owner.setAutoCommit(false);
        try (var role = owner.prepareStatement("SELECT set_config('vellum.app_role', ?, false)");
                Statement script = owner.createStatement()) {
            role.setString(1, appRole);
            role.execute();
            script.execute(hardenScript.replace(psqlVariable, ""));
            owner.commit();
        } catch (SQLException e) {
            owner.rollback();
            throw e;
        } finally {
            owner.setAutoCommit(autoCommit);
        }
    }

    /** The version Vellum's own migrator reached, 0 where it never ran. */
    private static int legacyVersion(DataSource dataSource) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(true); // a failed query must not leave a PostgreSQL transaction aborted
            try (Statement s = c.createStatement();
                    var rs = s.executeQuery("SELECT COALESCE(MAX(version), 0) FROM vellum_schema")) {
                rs.next();
                return rs.getInt(1);
            } catch (SQLException noSuchTable) {
                return 0;
            } finally {
                c.setAutoCommit(autoCommit);
            }
        }
    }

    /** A data source that hands out {@code connection} and ignores Flyway closing it. */
    private static DataSource unclosable(Connection connection) {
        Connection kept = (Connection) Proxy.newProxyInstance(
                Migrations.class.getClassLoader(), new Class<?>[] {Connection.class}, (proxy, method, args) -> {
                    if (method.getName().equals("close")) {
                        return null;
                    }
                    try {
                        return method.invoke(connection, args);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        return (DataSource) Proxy.newProxyInstance(
                Migrations.class.getClassLoader(), new Class<?>[] {DataSource.class}, (proxy, method, args) -> {
                    if (method.getName().equals("getConnection")) {
                        return kept;
                    }
                    if (method.getName().equals("unwrap") || method.getName().equals("isWrapperFor")) {
                        return method.getName().equals("isWrapperFor") ? false : null;
                    }
                    if (method.getName().equals("getLoginTimeout")) {
                        return 0;
                    }
                    return null;
                });
    }

    /** The migrations by name, read through {@code scripts}. */
    private static final class Scripts implements ResourceProvider {
        private final List<LoadableResource> all = new ArrayList<>();

        Scripts(List<String> migrations, Function<String, String> scripts) {
            for (String name : migrations) {
                all.add(new Script(name, scripts.apply(name)));
            }
        }

        @Override
        public LoadableResource getResource(String name) {
            return all.stream()
                    .filter(r ->
                            r.getFilename().equals(name) || r.getRelativePath().equals(name))
                    .findFirst()
                    .orElse(null);
        }

        @Override
        public Collection<LoadableResource> getResources(String prefix, String[] suffixes) {
            List<LoadableResource> out = new ArrayList<>();
            for (LoadableResource r : all) {
                for (String suffix : suffixes) {
                    if (r.getFilename().startsWith(prefix) && r.getFilename().endsWith(suffix)) {
                        out.add(r);
                        break;
                    }
                }
            }
            return out;
        }
    }

    private static final class Script extends LoadableResource {
        private final String name;
        private final String text;

        Script(String name, String text) {
            this.name = name;
            this.text = text;
        }

        @Override
        public Reader read() {
            return new StringReader(text);
        }

        @Override
        public String getAbsolutePath() {
            return "db/" + name;
        }

        @Override
        public String getAbsolutePathOnDisk() {
            return "db/" + name;
        }

        @Override
        public String getFilename() {
            return name;
        }

        @Override
        public String getRelativePath() {
            return name;
        }
    }
}
