package org.vellum.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.output.MigrateResult;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

/** Flyway runs the migrations on H2 (PostgresLedgerTest runs them on PostgreSQL): once each, verified, taken over. */
class MigrationsTest {
    private static JdbcDataSource fresh() {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        return ds;
    }

    private static String script(String name) {
        try (InputStream in = MigrationsTest.class.getResourceAsStream("/db/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void everyMigrationRunsOnceInOrder() throws SQLException {
        JdbcDataSource ds = fresh();
        MigrateResult first = Migrations.migrate(ds, SchemaService.MIGRATIONS, MigrationsTest::script);
        assertEquals(SchemaService.MIGRATIONS.size(), first.migrationsExecuted);
        assertEquals("1", first.migrations.get(0).version);
        assertEquals(0, Migrations.migrate(ds, SchemaService.MIGRATIONS, MigrationsTest::script).migrationsExecuted);
        try (Connection c = ds.getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM job_schedule")) {
            assertTrue(rs.next(), "the last migration's table exists");
        }
    }

    /** The job repository's tables may be there first: every migration still runs. */
    @Test
    void aSchemaWithOtherTablesButNoneOfOursGetsEveryMigration() throws SQLException {
        JdbcDataSource ds = fresh();
        try (Connection c = ds.getConnection();
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE job_instance (jobinstanceid BIGINT PRIMARY KEY)");
        }
        MigrateResult result = Migrations.migrate(ds, SchemaService.MIGRATIONS, MigrationsTest::script);
        assertEquals(SchemaService.MIGRATIONS.size(), result.migrationsExecuted);
    }

    @Test
    void aReleasedMigrationThatWasEditedIsRefused() throws SQLException {
        JdbcDataSource ds = fresh();
        Migrations.migrate(ds, SchemaService.MIGRATIONS, MigrationsTest::script);
        FlywayException e = assertThrows(
                FlywayException.class,
                () -> Migrations.migrate(
                        ds,
                        SchemaService.MIGRATIONS,
                        name -> name.startsWith("V4__") ? script(name) + "\n-- edited after release\n" : script(name)));
        assertTrue(e.getMessage().toLowerCase().contains("checksum"), e.getMessage());
    }

    /** A database that Vellum's own migrator brought to version 7 gets only what came after, from Flyway. */
    @Test
    void aDatabaseOfTheEarlierMigratorIsTakenOverAtItsVersion() throws SQLException {
        JdbcDataSource ds = fresh();
        List<String> before = SchemaService.MIGRATIONS.subList(0, 7);
        try (Connection c = ds.getConnection();
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE vellum_schema (version INT NOT NULL PRIMARY KEY, script VARCHAR(200) NOT NULL,"
                    + " applied_at TIMESTAMP WITH TIME ZONE NOT NULL)");
            for (int i = 0; i < before.size(); i++) {
                for (String sql : script(before.get(i)).split(";\\s*\\n")) {
                    String statement = sql.lines()
                            .filter(l -> !l.strip().startsWith("--"))
                            .reduce("", (a, b) -> a + "\n" + b)
                            .strip();
                    if (!statement.isEmpty()) {
                        s.execute(statement.endsWith(";") ? statement.substring(0, statement.length() - 1) : statement);
                    }
                }
                s.execute("INSERT INTO vellum_schema VALUES (" + (i + 1) + ", '" + before.get(i)
                        + "', CURRENT_TIMESTAMP)");
            }
        }
        MigrateResult result = Migrations.migrate(ds, SchemaService.MIGRATIONS, MigrationsTest::script);
        assertEquals(SchemaService.MIGRATIONS.size() - 7, result.migrationsExecuted, "only V8 and later run");
        assertEquals("8", result.migrations.get(0).version);
        try (Connection c = ds.getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT \"version\", \"type\" FROM \"" + Migrations.HISTORY
                        + "\" WHERE \"type\" = 'BASELINE'")) {
            assertTrue(rs.next());
            assertEquals("7", rs.getString(1));
            assertEquals("BASELINE", rs.getString(2));
        }
    }
}
