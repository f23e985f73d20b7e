package org.vellum.ledger;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.ObjLongConsumer;
import javax.sql.DataSource;

/**
 * {@link LedgerTable} on a plain {@link DataSource}, one local transaction per call: the ledger's storage outside the
 * container (server-free job tests, tools). In the server, {@link LedgerStore} does the same with container
 * transactions.
 */
public class JdbcLedgerStorage implements LedgerStorage {
    private final DataSource dataSource;

    public JdbcLedgerStorage(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @FunctionalInterface
    protected interface Work<T> {
        T run(LedgerTable t) throws SQLException;
    }

    protected <T> T tx(Work<T> work) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                T result = work.run(new LedgerTable(c));
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("VELLUM-0117 a ledger database call failed", e);
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
    public List<Receipt> receiptsBySeq(Collection<Long> seqs) {
        return tx(t -> t.receiptsBySeq(seqs));
    }

    @Override
    public Optional<Instant> lastSourceTs(String node) {
        return tx(t -> t.lastSourceTs(node));
    }

    @Override
    public void insert(List<IndexedEntry> entries) {
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
    public void forEachEventId(ObjLongConsumer<UUID> sink) {
        tx(t -> {
            t.forEachEventId(sink);
            return null;
        });
    }

    @Override
    public <T> T underWriterLock(TableWork<T> work) {
        return tx(t -> {
            t.lockWriter();
            return work.run(t);
        });
    }

    @Override
    public <T> T read(TableWork<T> work) {
        return tx(work::run);
    }

    public Optional<LedgerEntry> bySeq(long seq) {
        return tx(t -> t.bySeq(seq));
    }

    public void forEach(long from, long to, Consumer<LedgerEntry> sink) {
        tx(t -> {
            t.forEach(from, to, sink);
            return null;
        });
    }

    public void forEachLeaf(long from, long to, Consumer<LedgerTable.Leaf> sink) {
        tx(t -> {
            t.forEachLeaf(from, to, sink);
            return null;
        });
    }
}
