package org.vellum.collect;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.vellum.event.EventNormalizer;
import org.vellum.event.NormalizedEvent;
import org.vellum.ledger.Origin;
import org.vellum.ledger.Receipt;

/**
 * What a collection needs from the appliance: its configured sources, the normalizer, the tables, and the ledger. The
 * server's implementation is {@link CollectService}; server-free job tests give a real ledger on an in-memory
 * database.
 */
public interface CollectBackend {
    List<Source> configuredSources();

    /**
     * Checks a folder asked for by a job parameter: it must exist and lie under one of the import roots.
     *
     * @return its real path
     */
    Path importFolder(String dir);

    EventNormalizer normalizer();

    CollectStore store();

    /** How long a quarantined line is kept. */
    Duration quarantineRetention();

    /**
     * Appends events read from files and returns once they are durable. When the ledger is busy it waits and tries
     * again: a failed append appends nothing, so trying again cannot append twice.
     */
    List<Receipt> append(List<NormalizedEvent> events, List<Origin> origins);

    /** What the ledger holds where a duplicate's receipt points: where it was read and whether it was flagged. */
    Optional<Appended> appended(Receipt duplicate);

    /** Re-reads entries {@code from..to} from the database and checks each leaf and chain hash. */
    void verifyLedger(long from, long to);

    /**
     * An entry already in the ledger.
     *
     * @param origin where it was read, empty if it came over REST
     */
    record Appended(long seq, Optional<Origin> origin, boolean flagged) {}
}
