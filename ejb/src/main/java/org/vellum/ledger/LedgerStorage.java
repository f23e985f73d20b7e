package org.vellum.ledger;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.ObjLongConsumer;

/** What the sequencer needs from the database; each call is its own transaction. */
public interface LedgerStorage {
    Optional<Genesis> genesis();

    void insertGenesis(Genesis genesis);

    LedgerHead head(Genesis genesis);

    Optional<Instant> lastSourceTs(String node);

    void insert(List<IndexedEntry> entries);

    void flushToDisk();

    /** Streams every event id the database holds. */
    void forEachEventId(ObjLongConsumer<UUID> sink);

    List<Receipt> receiptsBySeq(Collection<Long> seqs);

    /** Work on the ledger's tables, all in one transaction. */
    @FunctionalInterface
    interface TableWork<T> {
        T run(LedgerTable table) throws java.sql.SQLException;
    }

    /**
     * Runs {@code work} in a transaction of its own that first takes the ledger's writer lock
     * ({@link LedgerTable#lockWriter}), so that appliances sharing the database append one after the other; the
     * transaction commits when the work returns and rolls back when it throws.
     */
    <T> T underWriterLock(TableWork<T> work);

    /** Runs {@code work} in a transaction of its own, without the writer lock. */
    <T> T read(TableWork<T> work);
}
