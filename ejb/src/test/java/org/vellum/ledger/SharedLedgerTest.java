package org.vellum.ledger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.postgresql.ds.PGSimpleDataSource;
import org.vellum.canonical.Json;
import org.vellum.event.EventNormalizer;
import org.vellum.event.HmacPseudonymizer;
import org.vellum.event.Normalization;
import org.vellum.event.NormalizedEvent;
import org.vellum.schema.SchemaService;

/**
 * Two appliances on one database, each with its own {@link SharedSequencer} (as two cluster nodes have): appends to
 * both at once form one gap-free order and one chain, and an event sent to both is in the ledger once. On H2 (in one
 * JVM) and on a real PostgreSQL, production's database for a cluster; PostgreSQL is skipped where there is none
 * ({@code VELLUM_TEST_PG_URL}), a failure under {@code CI=true}.
 */
class SharedLedgerTest {
    private static final String PG_URL = System.getenv()
            .getOrDefault("VELLUM_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres");
    private static final EventNormalizer NORMALIZER = new EventNormalizer(new HmacPseudonymizer(new byte[32]));

    @TempDir
    Path dir;

    private final List<LedgerEngine> engines = new ArrayList<>();
    private String pgSchema;
    private JdbcLedgerStorage storage;

    @AfterEach
    void stop() throws SQLException {
        engines.forEach(LedgerEngine::close);
        if (pgSchema != null) {
            try (Connection c = DriverManager.getConnection(PG_URL);
                    Statement s = c.createStatement()) {
                s.execute("DROP SCHEMA " + pgSchema + " CASCADE");
            }
        }
    }

    /** A fresh database with the appliance's schema: an H2 file, or a schema of its own on PostgreSQL. */
    private DataSource database(String kind) throws SQLException {
        DataSource ds;
        if (kind.equals("h2")) {
            JdbcDataSource h2 = new JdbcDataSource();
            h2.setURL("jdbc:h2:" + dir.resolve("db") + ";DB_CLOSE_DELAY=-1");
            ds = h2;
        } else {
            try (Connection c = DriverManager.getConnection(PG_URL);
                    Statement s = c.createStatement()) {
                pgSchema = "vellum_shared_" + UUID.randomUUID().toString().replace("-", "");
                s.execute("CREATE SCHEMA " + pgSchema);
            } catch (SQLException e) {
                if ("true".equals(System.getenv("CI"))) {
                    fail("PostgreSQL is required under CI=true but not reachable at " + PG_URL + ": " + e.getMessage());
                }
                Assumptions.abort("PostgreSQL not reachable at " + PG_URL + " (set VELLUM_TEST_PG_URL): " + e);
            }
            PGSimpleDataSource pg = new PGSimpleDataSource();
            pg.setURL(PG_URL);
            pg.setCurrentSchema(pgSchema);
            ds = pg;
        }
        try (Connection c = ds.getConnection()) {
            new SchemaService.SchemaMigrator(c).migrate(SchemaService.MIGRATIONS, SharedLedgerTest::script);
        }
        storage = new JdbcLedgerStorage(ds);
        return ds;
    }

    private static String script(String name) {
        try (InputStream in = SharedLedgerTest.class.getResourceAsStream("/db/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One appliance: its own data folder (journal folder, event-id index), the shared database. */
    private LedgerEngine appliance(DataSource ds, String name) throws IOException {
        LedgerEngine engine = LedgerEngine.start(
                new JdbcLedgerStorage(ds),
                new LedgerEngine.Settings(
                        dir.resolve(name + "/journal"),
                        1 << 20,
                        Duration.ofMinutes(5),
                        500,
                        256,
                        20_000,
                        500_000,
                        true),
                () -> new Genesis("cluster-" + name, Instant.parse("2026-11-30T00:00:00Z")),
                Thread::new);
        synchronized (engines) {
            engines.add(engine);
        }
        return engine;
    }

    private static NormalizedEvent event(String id, String node) {
        String json = "{\"ts\":\"" + Instant.now() + "\",\"type\":\"task.opened\",\"event_id\":\"" + id
                + "\",\"node\":\"" + node + "\",\"task_id\":\"T-1\",\"user\":\"u-1\"}";
        return ((Normalization.Accepted) NORMALIZER.normalize(Json.parseObject(json), Optional.empty())).event();
    }

    private static List<Receipt> append(LedgerEngine engine, List<NormalizedEvent> events) throws Exception {
        return engine.append(events, List.of(), Instant.now().truncatedTo(ChronoUnit.MICROS))
                .get(30, TimeUnit.SECONDS);
    }

    /** An engine answers lookups once its writer is ready (it reads the event ids on start). */
    private static long seqOf(LedgerEngine engine, String id) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            try {
                return engine.seqOf(id).orElseThrow();
            } catch (org.vellum.problem.VellumException starting) {
                if (System.nanoTime() > deadline) {
                    throw starting;
                }
                Thread.sleep(50);
            }
        }
    }

    private LedgerVerifier.Result verify(Genesis genesis, long head) {
        List<String> lines = new ArrayList<>();
        lines.add(LedgerExport.header(genesis, 1, head, genesis.chainHash()));
        storage.forEach(1, head, e -> lines.add(LedgerExport.line(e)));
        return LedgerVerifier.verify(lines, Map.of());
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void twoAppliancesAppendingAtOnceKeepOneGapFreeChain(String kind) throws Exception {
        DataSource ds = database(kind);
        LedgerEngine a = appliance(ds, "a");
        LedgerEngine b = appliance(ds, "b");
        assertEquals(a.genesis(), b.genesis(), "the second appliance takes up the first one's ledger");

        int requests = 120;
        int perRequest = 25;
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<List<Receipt>>> futures = new ArrayList<>();
        for (int r = 0; r < requests; r++) {
            LedgerEngine target = r % 2 == 0 ? a : b;
            List<NormalizedEvent> events = new ArrayList<>();
            for (int i = 0; i < perRequest; i++) {
                events.add(event(UUID.randomUUID().toString(), r % 2 == 0 ? "anon-a" : "anon-b"));
            }
            futures.add(pool.submit(() -> append(target, events)));
        }
        Set<Long> seqs = new HashSet<>();
        for (Future<List<Receipt>> f : futures) {
            for (Receipt receipt : f.get(60, TimeUnit.SECONDS)) {
                assertTrue(seqs.add(receipt.seq()), "seq " + receipt.seq() + " was given twice");
            }
        }
        pool.shutdown();

        long total = (long) requests * perRequest;
        assertEquals(total, seqs.size());
        assertEquals(total, seqs.stream().mapToLong(Long::longValue).max().orElseThrow(), "no gap: 1.." + total);
        assertEquals(total, a.head().seq(), "each appliance sees the whole ledger's head");
        assertArrayEquals(a.head().chainHash(), b.head().chainHash());
        LedgerVerifier.Result result = verify(a.genesis(), total);
        assertTrue(result.intact(), result.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void anEventSentToBothAppliancesIsInTheLedgerOnce(String kind) throws Exception {
        DataSource ds = database(kind);
        LedgerEngine a = appliance(ds, "a");
        LedgerEngine b = appliance(ds, "b");
        String id = UUID.randomUUID().toString();

        Receipt first = append(a, List.of(event(id, "anon-1"))).get(0);
        assertEquals(first.seq(), seqOf(b, id), "b finds what a appended without appending itself");
        Receipt again = append(b, List.of(event(UUID.randomUUID().toString(), "anon-1"), event(id, "anon-1")))
                .get(1);
        assertTrue(again.duplicate(), "b answers the repeat with a's receipt");
        assertEquals(first.seq(), again.seq());
        assertArrayEquals(first.chainHash(), again.chainHash());
        Receipt onA = append(a, List.of(event(id, "anon-1"))).get(0);
        assertTrue(onA.duplicate());
        assertEquals(2, a.head().seq(), "the repeat appended nothing, on either appliance");
        assertTrue(verify(a.genesis(), 2).intact());
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void twoAppliancesStartingAtOnceOnAnEmptyDatabaseShareOneGenesis(String kind) throws Exception {
        DataSource ds = database(kind);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        Future<LedgerEngine> a = pool.submit(() -> appliance(ds, "a"));
        Future<LedgerEngine> b = pool.submit(() -> appliance(ds, "b"));
        LedgerEngine first = a.get(60, TimeUnit.SECONDS);
        LedgerEngine second = b.get(60, TimeUnit.SECONDS);
        pool.shutdown();
        assertEquals(first.genesis(), second.genesis(), "one genesis: the loser took up the winner's");
        append(first, List.of(event(UUID.randomUUID().toString(), "anon-1")));
        append(second, List.of(event(UUID.randomUUID().toString(), "anon-1")));
        assertTrue(verify(first.genesis(), 2).intact());
    }
}
