package org.vellum.ledger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
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
import org.vellum.schema.SchemaService;

/**
 * The schema and the ledger's SQL on a real PostgreSQL (production's database), in a throw-away schema. Needs a server
 * at {@code VELLUM_TEST_PG_URL} (default: postgres on 127.0.0.1:5432, trust authentication): skipped where there is
 * none, a failure under {@code CI=true}.
 */
class PostgresLedgerTest {
    private static final String URL = System.getenv()
            .getOrDefault("VELLUM_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres");

    private final String schema = "vellum_test_" + UUID.randomUUID().toString().replace("-", "");
    private Connection c;

    @BeforeEach
    void connect() throws SQLException {
        try {
            c = DriverManager.getConnection(URL);
        } catch (SQLException e) {
            if ("true".equals(System.getenv("CI"))) {
                fail("PostgreSQL is required under CI=true but not reachable at " + URL + ": " + e.getMessage());
            }
            Assumptions.abort("PostgreSQL not reachable at " + URL + " (set VELLUM_TEST_PG_URL): " + e.getMessage());
        }
        try (Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
            s.execute("SET search_path TO " + schema);
        }
        new SchemaService.SchemaMigrator(c).migrate(SchemaService.MIGRATIONS, PostgresLedgerTest::script);
        c.setAutoCommit(false);
    }

    @AfterEach
    void dropSchema() throws SQLException {
        if (c != null) {
            c.rollback();
            c.setAutoCommit(true);
            try (Statement s = c.createStatement()) {
                s.execute("DROP SCHEMA " + schema + " CASCADE");
            }
            c.close();
        }
    }

    private static String script(String name) {
        try (InputStream in = PostgresLedgerTest.class.getResourceAsStream("/db/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void theLedgerTableWorksOnPostgres() throws SQLException {
        LedgerTable table = new LedgerTable(c);
        Genesis genesis = new Genesis("pg-appliance", Instant.parse("2026-11-01T00:00:00.123456Z"));
        table.insertGenesis(genesis);
        assertEquals(genesis, table.genesis().orElseThrow());
        assertEquals(0, table.head(genesis).seq());

        MessageDigest md = Hashes.sha256();
        byte[] previous = genesis.chainHash();
        List<IndexedEntry> entries = new ArrayList<>();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        for (int seq = 1; seq <= 2500; seq++) {
            String id = UUID.randomUUID().toString();
            String node = "anon-" + (seq % 3);
            byte[] body = ("{\"event\":{\"event_id\":\"" + id + "\",\"node\":\"" + node + "\",\"ts\":\"" + now
                            + "\",\"type\":\"task.opened\"},\"policy\":\"1\",\"received_at\":\"" + now + "\"}")
                    .getBytes(StandardCharsets.UTF_8);
            LedgerEntry e = LedgerEntry.append(md, previous, seq, id, now, new byte[32], body);
            entries.add(new IndexedEntry(e, "task.opened", node, now.plusSeconds(seq), List.of()));
            previous = e.chainHash();
        }
        table.insert(entries);
        c.commit();

        assertEquals(2500, table.head(genesis).seq());
        assertArrayEquals(previous, table.head(genesis).chainHash());
        LedgerEntry first = entries.get(0).entry();
        assertEquals(first, table.bySeq(1).orElseThrow());
        List<Receipt> receipts = table.receiptsBySeq(List.of(1L, 99_999L));
        assertEquals(1, receipts.size());
        assertEquals(first.eventId(), receipts.get(0).eventId());
        List<UUID> ids = new ArrayList<>();
        table.forEachEventId((id, seq) -> ids.add(id));
        assertEquals(2500, ids.size());
        assertEquals(now.plusSeconds(2500), table.lastSourceTs("anon-1").orElseThrow());

        List<String> lines = new ArrayList<>();
        lines.add(LedgerExport.header(genesis, 1, 2500, genesis.chainHash()));
        table.forEach(1, 2500, e -> lines.add(LedgerExport.line(e)));
        assertTrue(LedgerVerifier.verify(lines, Map.of()).intact());
        table.flushToDisk();
    }
}
