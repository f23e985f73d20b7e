package org.vellum.ledger;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.h2.jdbcx.JdbcDataSource;
import org.vellum.schema.SchemaService;

/**
 * {@link LedgerTable} on a real H2 database, one transaction per call as the EJB does it, with a switch that makes
 * inserts fail to simulate a database outage.
 */
final class H2LedgerStorage implements LedgerStorage {
    final JdbcDataSource dataSource = new JdbcDataSource();
    final AtomicInteger failingInserts = new AtomicInteger();

    H2LedgerStorage(String url) throws SQLException {
        dataSource.setURL(url);
        try (Connection c = dataSource.getConnection()) {
            new SchemaService.SchemaMigrator(c).migrate(List.of("V1__ledger.sql"), name -> {
                try (InputStream in = H2LedgerStorage.class.getResourceAsStream("/db/" + name)) {
                    return new String(in.readAllBytes(), StandardCharsets.UTF_8);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }

    @FunctionalInterface
    interface Work<T> {
        T run(LedgerTable t) throws SQLException;
    }

    <T> T tx(Work<T> work) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            T result = work.run(new LedgerTable(c));
            c.commit();
            return result;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public Optional<Genesis> genesis() {
        return tx(LedgerTable::genesis);
    }

    @Override
    public void insertGenesis(Genesis genesis) {
        tx(t -> {
            t.insertGenesis(genesis);
            return null;
        });
    }

    @Override
    public LedgerHead head(Genesis genesis) {
        return tx(t -> t.head(genesis));
    }

    @Override
    public Map<String, Receipt> receipts(Collection<String> eventIds) {
        return tx(t -> t.receipts(eventIds));
    }

    @Override
    public Optional<Instant> lastSourceTs(String node) {
        return tx(t -> t.lastSourceTs(node));
    }

    @Override
    public void insert(List<IndexedEntry> entries) {
        if (failingInserts.get() > 0) {
            failingInserts.decrementAndGet();
            throw new IllegalStateException("simulated database outage");
        }
        tx(t -> {
            t.insert(entries);
            return null;
        });
    }

    @Override
    public void flushToDisk() {
        tx(t -> {
            t.flushToDisk();
            return null;
        });
    }

    @Override
    public void forEachEventId(Consumer<String> sink) {
        tx(t -> {
            t.forEachEventId(sink);
            return null;
        });
    }

    long count() {
        try (Connection c = dataSource.getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM ledger_entry")) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
