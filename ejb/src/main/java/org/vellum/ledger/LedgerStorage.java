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
}
