package org.vellum.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.vellum.schema.Migrations;
import org.vellum.schema.SchemaService;

/**
 * Separated privileges on a real PostgreSQL ({@code db/postgresql/harden.sql}): in a database of its own, with an owner
 * and an appliance role of its own, the appliance's role cannot change or delete a ledger row (the database refuses),
 * the owner cannot either without a break-glass reason, and a change made through break-glass is logged and named by
 * the verifier. Skipped without PostgreSQL at {@code VELLUM_TEST_PG_URL}; a failure under {@code CI=true}.
 */
class PostgresPrivilegesTest {
    private static final String ADMIN_URL = System.getenv()
            .getOrDefault("VELLUM_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres");

    private final String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    private final String database = "vellum_priv_" + suffix;
    private final String owner = "vellum_owner_" + suffix;
    private final String app = "vellum_app_" + suffix;
    private Connection admin;

    @BeforeEach
    void createDatabaseAndRoles() throws SQLException {
        try {
            admin = DriverManager.getConnection(ADMIN_URL);
        } catch (SQLException e) {
            if ("true".equals(System.getenv("CI"))) {
                fail("PostgreSQL is required under CI=true but not reachable at " + ADMIN_URL + ": " + e.getMessage());
            }
            Assumptions.abort(
                    "PostgreSQL not reachable at " + ADMIN_URL + " (set VELLUM_TEST_PG_URL): " + e.getMessage());
        }
        try (Statement s = admin.createStatement()) {
            s.execute("CREATE ROLE " + owner + " LOGIN");
            s.execute("CREATE ROLE " + app + " LOGIN");
            s.execute("CREATE DATABASE " + database + " OWNER " + owner);
        }
        try (Connection c = as(owner)) {
            new SchemaService.SchemaMigrator(c).migrate(SchemaService.MIGRATIONS, PostgresPrivilegesTest::resource);
            Migrations.harden(c, app, resource("postgresql/harden.sql"));
        }
    }

    @AfterEach
    void dropDatabaseAndRoles() throws SQLException {
        if (admin == null) {
            return;
        }
        try (Statement s = admin.createStatement()) {
            s.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + database + "'");
            s.execute("DROP DATABASE IF EXISTS " + database);
            s.execute("DROP ROLE IF EXISTS " + app);
            s.execute("DROP ROLE IF EXISTS " + owner);
        }
        admin.close();
    }

    private Connection as(String role) throws SQLException {
        String url = ADMIN_URL
                .replaceFirst("/[^/?]+(\\?|$)", "/" + database + "$1")
                .replaceFirst("user=[^&]*", "user=" + role);
        return DriverManager.getConnection(url);
    }

    private static String resource(String name) {
        try (InputStream in = PostgresPrivilegesTest.class.getResourceAsStream("/db/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The appliance's role appends a ledger of 20 entries, as the appliance does. */
    private Genesis appendAsApp() throws SQLException {
        try (Connection c = as(app)) {
            c.setAutoCommit(false);
            LedgerTable table = new LedgerTable(c);
            Genesis genesis = new Genesis("pg-privileges", Instant.parse("2026-11-30T00:00:00Z"));
            table.insertGenesis(genesis);
            MessageDigest md = Hashes.sha256();
            byte[] previous = genesis.chainHash();
            List<IndexedEntry> entries = new ArrayList<>();
            Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
            for (int seq = 1; seq <= 20; seq++) {
                String id = UUID.randomUUID().toString();
                byte[] body = ("{\"event\":{\"event_id\":\"" + id + "\",\"node\":\"anon-1\",\"task_id\":\"T-" + seq
                                + "\",\"ts\":\"" + now
                                + "\",\"type\":\"task.opened\"},\"policy\":\"1\",\"received_at\":\""
                                + now + "\"}")
                        .getBytes(StandardCharsets.UTF_8);
                LedgerEntry e = LedgerEntry.append(md, previous, seq, id, now, new byte[32], body);
                entries.add(new IndexedEntry(e, "task.opened", "anon-1", now, List.of()));
                previous = e.chainHash();
            }
            table.insert(entries);
            c.commit();
            return genesis;
        }
    }

    private static void assertRefused(Connection c, String sql, String why) {
        SQLException e = assertThrows(
                SQLException.class,
                () -> {
                    try (Statement s = c.createStatement()) {
                        s.execute(sql);
                    }
                },
                why);
        assertEquals("42501", e.getSQLState(), why + ": " + e.getMessage());
    }

    @Test
    void theAppliancesRoleCannotChangeOrDeleteALedgerRow() throws SQLException {
        appendAsApp();
        try (Connection c = as(app)) {
            assertRefused(c, "UPDATE ledger_entry SET node = 'forged' WHERE seq = 3", "UPDATE by the appliance");
            assertRefused(c, "DELETE FROM ledger_entry WHERE seq = 3", "DELETE by the appliance");
            assertRefused(c, "TRUNCATE ledger_entry", "TRUNCATE by the appliance");
            assertRefused(c, "UPDATE ledger_genesis SET appliance_id = 'other'", "the genesis record");
            assertRefused(c, "DELETE FROM break_glass_log", "the break-glass log");
            try (Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT count(*) FROM ledger_entry")) {
                rs.next();
                assertEquals(20, rs.getLong(1), "reading stays allowed");
            }
            try (Statement s = c.createStatement()) {
                s.executeUpdate("UPDATE collect_run SET job_instance = job_instance"); // operational tables stay open
            }
        }
    }

    @Test
    void theOwnerNeedsBreakGlassWhichLeavesATraceAndTheVerifierNamesTheChange() throws SQLException {
        Genesis genesis = appendAsApp();
        try (Connection c = as(owner)) {
            SQLException refused = assertThrows(SQLException.class, () -> {
                try (Statement s = c.createStatement()) {
                    s.execute("UPDATE ledger_entry SET node = 'forged' WHERE seq = 7");
                }
            });
            assertTrue(refused.getMessage().contains("append-only"), refused.getMessage());
            assertRefused(c, "TRUNCATE ledger_entry", "TRUNCATE by the owner without break-glass");

            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.execute("SET LOCAL vellum.break_glass = 'INC-4711: test of the break-glass procedure'");
                s.executeUpdate("UPDATE ledger_entry SET canonical = replace(convert_from(canonical, 'UTF8'),"
                        + " '\"T-7\"', '\"T-8\"')::bytea WHERE seq = 7");
            }
            c.commit();
            try (Statement s = c.createStatement()) {
                s.execute("SET LOCAL vellum.break_glass = 'INC-4712: covering the tracks'");
            }
            assertRefused(c, "DELETE FROM break_glass_log", "the log, even under break-glass");
            c.rollback();
        }
        try (Connection c = as(app)) {
            try (Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery(
                            "SELECT db_user, reason, operation, table_name, old_row->>'seq' FROM break_glass_log")) {
                assertTrue(rs.next(), "break-glass leaves its own trace");
                assertEquals(owner, rs.getString(1));
                assertEquals("INC-4711: test of the break-glass procedure", rs.getString(2));
                assertEquals("UPDATE", rs.getString(3));
                assertEquals("ledger_entry", rs.getString(4));
                assertEquals("7", rs.getString(5));
                assertFalse(rs.next());
            }
            LedgerTable table = new LedgerTable(c);
            List<String> lines = new ArrayList<>();
            lines.add(LedgerExport.header(genesis, 1, 20, genesis.chainHash()));
            table.forEach(1, 20, e -> lines.add(LedgerExport.line(e)));
            LedgerVerifier.Result result = LedgerVerifier.verify(lines, Map.of());
            assertFalse(result.intact(), "the verifier catches the owner's change");
            assertEquals(7, result.failure().seq(), result.failure().toString());
            assertEquals(
                    LedgerVerifier.Problem.CHANGED,
                    result.failure().problem(),
                    result.failure().toString());
        }
    }
}
