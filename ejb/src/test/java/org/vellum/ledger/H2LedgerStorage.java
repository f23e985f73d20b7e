package org.vellum.ledger;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.h2.jdbcx.JdbcDataSource;
import org.vellum.schema.SchemaService;

/**
 * {@link JdbcLedgerStorage} on a real H2 database with the appliance's schema, with a switch that makes inserts fail
 * to simulate a database outage.
 */
final class H2LedgerStorage extends JdbcLedgerStorage {
    final JdbcDataSource dataSource;
    final AtomicInteger failingInserts = new AtomicInteger();

    H2LedgerStorage(String url) throws SQLException {
        this(dataSource(url));
    }

    private H2LedgerStorage(JdbcDataSource dataSource) throws SQLException {
        super(dataSource);
        this.dataSource = dataSource;
        try (Connection c = dataSource.getConnection()) {
            new SchemaService.SchemaMigrator(c).migrate(SchemaService.MIGRATIONS, name -> {
                try (InputStream in = H2LedgerStorage.class.getResourceAsStream("/db/" + name)) {
                    return new String(in.readAllBytes(), StandardCharsets.UTF_8);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }

    private static JdbcDataSource dataSource(String url) {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL(url);
        return ds;
    }

    @Override
    public void insert(List<IndexedEntry> entries) {
        if (failingInserts.get() > 0) {
            failingInserts.decrementAndGet();
            throw new IllegalStateException("simulated database outage");
        }
        super.insert(entries);
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
