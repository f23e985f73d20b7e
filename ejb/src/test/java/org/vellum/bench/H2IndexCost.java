package org.vellum.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;

/**
 * What an index on random event ids costs H2: inserts ledger-shaped rows (700-byte body, three hashes) in transactions
 * of 20,000 into a file database, with a unique UUID index, a plain BIGINT index on the id's first 64 bits, or no
 * secondary index, or no index but a side table keyed by (one of 1024 buckets of the id, seq), and prints the insert rate per million rows. Not a test; {@code bench/h2-index.sh} runs it.
 */
public final class H2IndexCost {
    private H2IndexCost() {}

    public static void main(String[] args) throws SQLException, IOException {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 3_000_000;
        Path dir = Files.createTempDirectory("h2-index-cost");
        for (String mode : new String[] {"uuid-unique", "bigint", "bucketed", "none"}) {
            try (Connection c = DriverManager.getConnection("jdbc:h2:" + dir.resolve(mode), "sa", "")) {
                run(c, mode, rows);
            }
        }
    }

    private static void run(Connection c, String mode, int rows) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE t (seq BIGINT PRIMARY KEY, event_id UUID NOT NULL, event_key BIGINT NOT NULL,"
                    + " body BYTEA NOT NULL, leaf BYTEA NOT NULL, chain BYTEA NOT NULL, salt BYTEA NOT NULL)");
            if (mode.equals("uuid-unique")) {
                s.execute("ALTER TABLE t ADD CONSTRAINT t_event_id UNIQUE (event_id)");
            } else if (mode.equals("bigint")) {
                s.execute("CREATE INDEX t_event_key ON t (event_key)");
            }
            s.execute("CREATE TABLE k (bucket INT NOT NULL, seq BIGINT NOT NULL, event_key BIGINT NOT NULL,"
                    + " PRIMARY KEY (bucket, seq))"); // filled in mode "bucketed" only
        }
        c.setAutoCommit(false);
        byte[] body = new byte[700];
        byte[] hash = new byte[32];
        long last = System.nanoTime();
        try (PreparedStatement p = c.prepareStatement("INSERT INTO t VALUES (?, ?, ?, ?, ?, ?, ?)");
                PreparedStatement k = c.prepareStatement("INSERT INTO k VALUES (?, ?, ?)")) {
            for (int i = 1; i <= rows; i++) {
                UUID id = UUID.randomUUID();
                p.setLong(1, i);
                p.setObject(2, id);
                p.setLong(3, id.getMostSignificantBits());
                p.setBytes(4, body);
                p.setBytes(5, hash);
                p.setBytes(6, hash);
                p.setBytes(7, hash);
                p.addBatch();
                if (mode.equals("bucketed")) {
                    k.setInt(1, (int) (id.getMostSignificantBits() >>> 54));
                    k.setLong(2, i);
                    k.setLong(3, id.getMostSignificantBits());
                    k.addBatch();
                }
                if (i % 20_000 == 0) {
                    p.executeBatch();
                    if (mode.equals("bucketed")) {
                        k.executeBatch();
                    }
                    c.commit();
                }
                if (i % 1_000_000 == 0) {
                    long now = System.nanoTime();
                    System.out.printf(
                            Locale.ROOT,
                            "%-12s rows %,10d: %,9.0f rows/s over the last million%n",
                            mode,
                            i,
                            1e6 / ((now - last) / 1e9));
                    last = now;
                }
            }
        }
    }
}
