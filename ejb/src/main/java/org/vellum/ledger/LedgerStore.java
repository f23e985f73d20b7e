package org.vellum.ledger;

import jakarta.annotation.Resource;
import jakarta.ejb.LocalBean;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
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
import org.vellum.problem.VellumException;

/**
 * {@link LedgerTable} in container-managed transactions on the appliance's datasource. {@code @LocalBean} keeps the
 * no-interface view that {@link LedgerService} injects beside the {@link LedgerStorage} view the sequencer uses.
 */
@Stateless
@LocalBean
public class LedgerStore implements LedgerStorage {

    @Resource(lookup = "java:jboss/datasources/VellumDS")
    private DataSource dataSource;

    @FunctionalInterface
    private interface Work<T> {
        T run(LedgerTable table) throws SQLException;
    }

    private <T> T withTable(Work<T> work) {
        try (Connection c = dataSource.getConnection()) {
            return work.run(new LedgerTable(c));
        } catch (SQLException e) {
            throw new VellumException(
                    VellumException.Kind.UNAVAILABLE,
                    "ledger-database",
                    "the ledger database failed: " + e.getMessage(),
                    e);
        }
    }

    @Override
    public Optional<Genesis> genesis() {
        return withTable(LedgerTable::genesis);
    }

    @Override
    public void insertGenesis(Genesis genesis) {
        withTable(t -> {
            t.insertGenesis(genesis);
            return null;
        });
    }

    @Override
    public LedgerHead head(Genesis genesis) {
        return withTable(t -> t.head(genesis));
    }

    @Override
    public List<Receipt> receiptsBySeq(Collection<Long> seqs) {
        return withTable(t -> t.receiptsBySeq(seqs));
    }

    @Override
    public Optional<Instant> lastSourceTs(String node) {
        return withTable(t -> t.lastSourceTs(node));
    }

    @Override
    public void insert(List<IndexedEntry> entries) {
        withTable(t -> {
            t.insert(entries);
            return null;
        });
    }

    @Override
    public void flushToDisk() {
        withTable(t -> {
            t.flushToDisk();
            return null;
        });
    }

    @Override
    public void forEachEventId(ObjLongConsumer<UUID> sink) {
        withTable(t -> {
            t.forEachEventId(sink);
            return null;
        });
    }

    @Override
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public <T> T underWriterLock(TableWork<T> work) {
        return withTable(t -> {
            t.lockWriter();
            return work.run(t);
        });
    }

    @Override
    public <T> T read(TableWork<T> work) {
        return withTable(work::run);
    }

    public Optional<LedgerEntry> bySeq(long seq) {
        return withTable(t -> t.bySeq(seq));
    }

    /** Streams a range of entries inside this call's transaction. */
    public void forEach(long from, long to, Consumer<LedgerEntry> sink) {
        withTable(t -> {
            t.forEach(from, to, sink);
            return null;
        });
    }

    /** Streams a range of leaves inside this call's transaction. */
    public void forEachLeaf(long from, long to, Consumer<LedgerTable.Leaf> sink) {
        withTable(t -> {
            t.forEachLeaf(from, to, sink);
            return null;
        });
    }
}
