package org.vellum.it.support;

import jakarta.annotation.Resource;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.vellum.event.MinimizationPolicy;

/**
 * Test-only: plays the insider with database access that the ledger must withstand. Deployed beside the appliance in
 * the integration tests' server only (never part of the EAR), it edits, deletes, swaps and inserts ledger rows
 * directly, and puts them back from a snapshot afterwards. On H2 it does so as the appliance (one account does all
 * there); on PostgreSQL the appliance's role may not, so it is the schema's owner following the break-glass procedure
 * ({@code SET LOCAL vellum.break_glass}), which leaves its trace in {@code break_glass_log}. {@code app-*} operations
 * try the same as the appliance's role and report the database's refusal.
 */
@WebServlet("/db")
public class DatabaseProbeServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final String COLUMNS =
            "seq, event_id, event_type, node, source_ts, received_at, flags, canonical, salt, leaf_hash, chain_hash";
    private static final List<Object[]> SNAPSHOT = new ArrayList<>();

    private static final String BREAK_GLASS = "TamperIT plays the insider: the verifier must name this change";

    @Resource(lookup = "java:jboss/datasources/VellumDS")
    private DataSource dataSource;

    /** The schema owner's datasource on PostgreSQL, none on H2. */
    private static DataSource owner() {
        try {
            return (DataSource) new javax.naming.InitialContext().lookup("java:jboss/datasources/VellumOwnerDS");
        } catch (javax.naming.NamingException absent) {
            return null;
        }
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String op = req.getParameter("op");
        if (op.startsWith("app-")) {
            resp.setContentType("text/plain");
            resp.getWriter().write(asAppliance(op, seq(req, "seq")));
            return;
        }
        DataSource owner = owner();
        try (Connection c = owner != null ? owner.getConnection() : dataSource.getConnection()) {
            if (owner != null) {
                c.setAutoCommit(false);
                try (PreparedStatement p = c.prepareStatement("SELECT set_config('vellum.break_glass', ?, true)")) {
                    p.setString(1, BREAK_GLASS);
                    p.execute();
                }
            }
            String answer =
                    switch (op) {
                        case "snapshot" -> snapshot(c);
                        case "restore" -> restore(c);
                        case "edit" -> edit(c, seq(req, "seq"));
                        case "delete" -> update(c, "DELETE FROM ledger_entry WHERE seq = ?", seq(req, "seq"));
                        case "swap" -> swap(c, seq(req, "seq"));
                        case "insert" -> insert(c, seq(req, "seq"));
                        case "password-hash" -> passwordHash(c, req.getParameter("user"));
                        case "break-glass-log" -> breakGlassLog(c);
                        default -> throw new IllegalArgumentException("unknown op " + op);
                    };
            if (owner != null) {
                c.commit();
            }
            resp.setContentType("text/plain");
            resp.getWriter().write(answer);
        } catch (SQLException | RuntimeException e) {
            resp.setStatus(500);
            resp.getWriter().write(e.toString());
        }
    }

    /** What the database answers the appliance's own role when it tries to change or delete a ledger row. */
    private String asAppliance(String op, long seq) {
        String sql =
                switch (op) {
                    case "app-delete" -> "DELETE FROM ledger_entry WHERE seq = ?";
                    case "app-update" -> "UPDATE ledger_entry SET event_type = 'task.closed' WHERE seq = ?";
                    case "app-truncate" -> "TRUNCATE ledger_entry";
                    case "app-shadow" -> "CREATE TABLE vellum_batch.ledger_entry (LIKE public.ledger_entry)";
                    default -> throw new IllegalArgumentException("unknown op " + op);
                };
        try (Connection c = dataSource.getConnection();
                PreparedStatement p = c.prepareStatement(sql)) {
            if (sql.contains("?")) {
                p.setLong(1, seq);
            }
            p.execute();
            return "allowed " + p.getUpdateCount();
        } catch (SQLException e) {
            return "refused " + e.getSQLState() + " " + e.getMessage();
        }
    }

    /** How many break-glass changes the database logged, and the reasons given. */
    private static String breakGlassLog(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*), count(DISTINCT reason), max(reason), max(db_user)"
                        + " FROM break_glass_log")) {
            rs.next();
            return rs.getLong(1) + " " + rs.getLong(2) + " " + rs.getString(4) + " " + rs.getString(3);
        }
    }

    private static long seq(HttpServletRequest req, String name) {
        String value = req.getParameter(name);
        return value == null ? 0 : Long.parseLong(value);
    }

    private static String snapshot(Connection c) throws SQLException {
        synchronized (SNAPSHOT) {
            SNAPSHOT.clear();
            try (Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT " + COLUMNS + " FROM ledger_entry ORDER BY seq")) {
                while (rs.next()) {
                    Object[] row = new Object[11];
                    for (int i = 0; i < 11; i++) {
                        row[i] = rs.getObject(i + 1);
                    }
                    SNAPSHOT.add(row);
                }
            }
            return String.valueOf(SNAPSHOT.size());
        }
    }

    private static String restore(Connection c) throws SQLException {
        synchronized (SNAPSHOT) {
            try (Statement s = c.createStatement()) {
                s.executeUpdate("DELETE FROM ledger_entry");
            }
            try (PreparedStatement p = c.prepareStatement(
                    "INSERT INTO ledger_entry (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (Object[] row : SNAPSHOT) {
                    for (int i = 0; i < 11; i++) {
                        p.setObject(i + 1, row[i]);
                    }
                    p.addBatch();
                }
                p.executeBatch();
            }
            return String.valueOf(SNAPSHOT.size());
        }
    }

    /** Changes the stored body of one entry, keeping it valid JSON. */
    private static String edit(Connection c, long seq) throws SQLException {
        byte[] canonical = select(c, seq, "canonical");
        String body = new String(canonical, StandardCharsets.UTF_8)
                .replace("\"policy\":\"" + MinimizationPolicy.VERSION + "\"", "\"policy\":\"edited\"");
        try (PreparedStatement p = c.prepareStatement("UPDATE ledger_entry SET canonical = ? WHERE seq = ?")) {
            p.setBytes(1, body.getBytes(StandardCharsets.UTF_8));
            p.setLong(2, seq);
            return String.valueOf(p.executeUpdate());
        }
    }

    /** Moves the content of {@code seq} and {@code seq + 1} into each other's rows, keeping the seq numbers. */
    private static String swap(Connection c, long seq) throws SQLException {
        Object[] a = row(c, seq);
        Object[] b = row(c, seq + 1);
        update(c, "DELETE FROM ledger_entry WHERE seq = ?", seq);
        update(c, "DELETE FROM ledger_entry WHERE seq = ?", seq + 1);
        b[0] = seq;
        a[0] = seq + 1;
        insertRow(c, b);
        insertRow(c, a);
        return "2";
    }

    /** Inserts a forged entry at {@code seq}, renumbering the rest; its leaf hash is right, its chain hash cannot be. */
    private static String insert(Connection c, long seq) throws SQLException {
        List<Long> later = new ArrayList<>();
        try (PreparedStatement p =
                c.prepareStatement("SELECT seq FROM ledger_entry WHERE seq >= ? ORDER BY seq DESC")) {
            p.setLong(1, seq);
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    later.add(rs.getLong(1));
                }
            }
        }
        Object[] forged = row(c, seq);
        for (long s : later) {
            try (PreparedStatement p = c.prepareStatement("UPDATE ledger_entry SET seq = ? WHERE seq = ?")) {
                p.setLong(1, s + 1);
                p.setLong(2, s);
                p.executeUpdate();
            }
        }
        byte[] salt = new byte[32];
        new SecureRandom().nextBytes(salt);
        byte[] canonical = new String((byte[]) forged[7], StandardCharsets.UTF_8)
                .replace("\"policy\":\"" + MinimizationPolicy.VERSION + "\"", "\"policy\":\"forged\"")
                .getBytes(StandardCharsets.UTF_8);
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update((byte) 0);
            md.update(salt);
            md.update(canonical);
            forged[10] = new byte[32];
            forged[9] = md.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        forged[0] = seq;
        forged[1] = UUID.randomUUID();
        forged[7] = canonical;
        forged[8] = salt;
        insertRow(c, forged);
        return String.valueOf(later.size());
    }

    private static String passwordHash(Connection c, String user) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT password_hash FROM vellum_user WHERE name = ?")) {
            p.setString(1, user);
            try (ResultSet rs = p.executeQuery()) {
                return rs.next() ? rs.getString(1) : "";
            }
        }
    }

    private static byte[] select(Connection c, long seq, String column) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT " + column + " FROM ledger_entry WHERE seq = ?")) {
            p.setLong(1, seq);
            try (ResultSet rs = p.executeQuery()) {
                rs.next();
                return rs.getBytes(1);
            }
        }
    }

    private static Object[] row(Connection c, long seq) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT " + COLUMNS + " FROM ledger_entry WHERE seq = ?")) {
            p.setLong(1, seq);
            try (ResultSet rs = p.executeQuery()) {
                rs.next();
                Object[] row = new Object[11];
                for (int i = 0; i < 11; i++) {
                    row[i] = rs.getObject(i + 1);
                }
                return row;
            }
        }
    }

    private static void insertRow(Connection c, Object[] row) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(
                "INSERT INTO ledger_entry (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (int i = 0; i < 11; i++) {
                p.setObject(i + 1, row[i]);
            }
            p.executeUpdate();
        }
    }

    private static String update(Connection c, String sql, long seq) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(sql)) {
            p.setLong(1, seq);
            return String.valueOf(p.executeUpdate());
        }
    }
}
