package org.vellum.ledger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.ObjLongConsumer;

/**
 * The ledger's SQL, on a connection the caller owns (and whose transaction the caller decides). Inserts only: there is
 * no statement here that updates or deletes an entry.
 */
public final class LedgerTable {
    private static final String ENTRY_COLUMNS = "seq, event_id, received_at, salt, canonical, leaf_hash, chain_hash";
    private static final int BATCH = 1000;
    private static final int IN_LIST = 500;

    private final Connection c;

    public LedgerTable(Connection connection) {
        this.c = connection;
    }

    public Optional<Genesis> genesis() throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT appliance_id, created_at FROM ledger_genesis WHERE id = 0")) {
            if (!rs.next()) {
                return Optional.empty();
            }
            return Optional.of(new Genesis(
                    rs.getString(1), rs.getObject(2, OffsetDateTime.class).toInstant()));
        }
    }

    public void insertGenesis(Genesis genesis) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(
                "INSERT INTO ledger_genesis (id, appliance_id, created_at, canonical, chain_hash) VALUES (0, ?, ?, ?, ?)")) {
            p.setString(1, genesis.applianceId());
            p.setObject(2, utc(genesis.createdAt()));
            p.setBytes(3, genesis.canonicalBytes());
            p.setBytes(4, genesis.chainHash());
            p.executeUpdate();
        }
    }

    /** The last entry's seq and chain hash; seq 0 and chain_hash(0) of {@code genesis} when empty. */
    public LedgerHead head(Genesis genesis) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(
                        "SELECT seq, chain_hash FROM ledger_entry WHERE seq = (SELECT MAX(seq) FROM ledger_entry)")) {
            if (!rs.next()) {
                return new LedgerHead(0, genesis.chainHash());
            }
            return new LedgerHead(rs.getLong(1), rs.getBytes(2));
        }
    }

    /**
     * Takes the ledger's writer lock until the transaction ends: the one row of {@code ledger_writer}, locked for
     * update. Appliances sharing a database take it before they read the head and append, so that they append one after
     * the other and the chain stays one.
     */
    public void lockWriter() throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT id FROM ledger_writer WHERE id = 1 FOR UPDATE")) {
            if (!rs.next()) {
                throw new SQLException("VELLUM-0120 ledger_writer has no row; the schema is incomplete");
            }
        }
    }

    /** What a writer needs to know of an entry another appliance appended: its seq, id, node, time and chain hash. */
    public record Tail(long seq, UUID eventId, String node, Instant sourceTs, byte[] chainHash) {}

    /** The entries after {@code seq}, in order. */
    public void forEachAfter(long seq, Consumer<Tail> sink) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT seq, event_id, node, source_ts, chain_hash"
                + " FROM ledger_entry WHERE seq > ? ORDER BY seq")) {
            p.setLong(1, seq);
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    sink.accept(new Tail(
                            rs.getLong(1),
                            rs.getObject(2, UUID.class),
                            rs.getString(3),
                            rs.getObject(4, OffsetDateTime.class).toInstant(),
                            rs.getBytes(5)));
                }
            }
        }
    }

    /** The source time of a node's latest entry, for the clock-skew check. */
    public Optional<Instant> lastSourceTs(String node) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT last_ts FROM ledger_node_clock WHERE node = ?")) {
            p.setString(1, node);
            try (ResultSet rs = p.executeQuery()) {
                return rs.next()
                        ? Optional.of(rs.getObject(1, OffsetDateTime.class).toInstant())
                        : Optional.empty();
            }
        }
    }

    public void insert(List<IndexedEntry> entries) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("INSERT INTO ledger_entry (seq, event_id, event_type, node, "
                + "source_ts, received_at, flags, canonical, salt, leaf_hash, chain_hash) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            int pending = 0;
            for (IndexedEntry ie : entries) {
                LedgerEntry e = ie.entry();
                p.setLong(1, e.seq());
                p.setObject(2, UUID.fromString(e.eventId()));
                p.setString(3, ie.type());
                p.setString(4, ie.node());
                p.setObject(5, utc(ie.sourceTs()));
                p.setObject(6, utc(e.receivedAt()));
                p.setString(7, ie.flagsColumn());
                p.setBytes(8, e.canonical());
                p.setBytes(9, e.salt());
                p.setBytes(10, e.leafHash());
                p.setBytes(11, e.chainHash());
                p.addBatch();
                if (++pending == BATCH) {
                    p.executeBatch();
                    pending = 0;
                }
            }
            if (pending > 0) {
                p.executeBatch();
            }
        }
        updateNodeClocks(entries);
    }

    /** Records each node's newest event time from a batch (standard SQL MERGE: H2 and PostgreSQL 15+). */
    private void updateNodeClocks(List<IndexedEntry> entries) throws SQLException {
        Map<String, IndexedEntry> newest = new HashMap<>();
        for (IndexedEntry e : entries) {
            newest.put(e.node(), e);
        }
        try (PreparedStatement p = c.prepareStatement("MERGE INTO ledger_node_clock c USING (VALUES (CAST(? AS"
                + " VARCHAR(256)), CAST(? AS TIMESTAMP WITH TIME ZONE), CAST(? AS BIGINT))) AS v (node, last_ts,"
                + " last_seq) ON c.node = v.node WHEN MATCHED THEN UPDATE SET last_ts = v.last_ts, last_seq ="
                + " v.last_seq WHEN NOT MATCHED THEN INSERT (node, last_ts, last_seq) VALUES (v.node, v.last_ts,"
                + " v.last_seq)")) {
            for (IndexedEntry e : newest.values()) {
                p.setString(1, e.node());
                p.setObject(2, utc(e.sourceTs()));
                p.setLong(3, e.entry().seq());
                p.addBatch();
            }
            p.executeBatch();
        }
    }

    public Optional<LedgerEntry> bySeq(long seq) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT " + ENTRY_COLUMNS + " FROM ledger_entry WHERE seq = ?")) {
            p.setLong(1, seq);
            try (ResultSet rs = p.executeQuery()) {
                return rs.next() ? Optional.of(entry(rs)) : Optional.empty();
            }
        }
    }

    /** Streams the entries {@code from..to} in seq order to {@code sink} without holding them. */
    public void forEach(long from, long to, Consumer<LedgerEntry> sink) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(
                "SELECT " + ENTRY_COLUMNS + " FROM ledger_entry WHERE seq BETWEEN ? AND ? ORDER BY seq")) {
            p.setFetchSize(1000);
            p.setLong(1, from);
            p.setLong(2, to);
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    sink.accept(entry(rs));
                }
            }
        }
    }

    /** What sealing needs of an entry: its leaf hash, type and arrival, without the body. */
    public record Leaf(long seq, byte[] leafHash, String eventType, Instant receivedAt) {}

    /** Streams the leaves {@code from..to} in seq order to {@code sink}. */
    public void forEachLeaf(long from, long to, Consumer<Leaf> sink) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT seq, leaf_hash, event_type, received_at FROM ledger_entry"
                + " WHERE seq BETWEEN ? AND ? ORDER BY seq")) {
            p.setFetchSize(10_000);
            p.setLong(1, from);
            p.setLong(2, to);
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    sink.accept(new Leaf(
                            rs.getLong(1),
                            rs.getBytes(2),
                            rs.getString(3),
                            rs.getObject(4, OffsetDateTime.class).toInstant()));
                }
            }
        }
    }

    /** Streams every event id in the ledger with its seq, in no particular order. */
    public void forEachEventId(ObjLongConsumer<UUID> sink) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.setFetchSize(10_000);
            try (ResultSet rs = s.executeQuery("SELECT event_id, seq FROM ledger_entry")) {
                while (rs.next()) {
                    sink.accept(rs.getObject(1, UUID.class), rs.getLong(2));
                }
            }
        }
    }

    /** Receipts of the entries at these seqs. */
    public List<Receipt> receiptsBySeq(Collection<Long> seqs) throws SQLException {
        List<Receipt> found = new ArrayList<>();
        List<Long> all = new ArrayList<>(seqs);
        for (int from = 0; from < all.size(); from += IN_LIST) {
            List<Long> chunk = all.subList(from, Math.min(all.size(), from + IN_LIST));
            String sql = "SELECT seq, event_id, leaf_hash, chain_hash, received_at FROM ledger_entry WHERE seq IN ("
                    + "?,".repeat(chunk.size() - 1) + "?)";
            try (PreparedStatement p = c.prepareStatement(sql)) {
                for (int i = 0; i < chunk.size(); i++) {
                    p.setLong(i + 1, chunk.get(i));
                }
                try (ResultSet rs = p.executeQuery()) {
                    while (rs.next()) {
                        found.add(new Receipt(
                                rs.getLong(1),
                                rs.getObject(2, UUID.class).toString(),
                                rs.getBytes(3),
                                rs.getBytes(4),
                                rs.getObject(5, OffsetDateTime.class).toInstant(),
                                false));
                    }
                }
            }
        }
        return found;
    }

    /** Forces what the database has committed onto the disk, where the database does not do so on commit. */
    public void flushToDisk() throws SQLException {
        if ("H2".equals(c.getMetaData().getDatabaseProductName())) {
            try (Statement s = c.createStatement()) {
                s.execute("CHECKPOINT SYNC");
            }
        }
    }

    private static LedgerEntry entry(ResultSet rs) throws SQLException {
        return new LedgerEntry(
                rs.getLong(1),
                rs.getObject(2, UUID.class).toString(),
                rs.getObject(3, OffsetDateTime.class).toInstant(),
                rs.getBytes(4),
                rs.getBytes(5),
                rs.getBytes(6),
                rs.getBytes(7));
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
