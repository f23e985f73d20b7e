package org.vellum.schema;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.vellum.problem.VellumException;

/** Binding statement parameters the same way for every table, on H2 and PostgreSQL alike. */
public final class Jdbc {
    private Jdbc() {}

    /**
     * Binds {@code args} in order: an {@link Instant} as a UTC {@code TIMESTAMP WITH TIME ZONE}, {@code Long} and
     * {@code Boolean} as themselves, null untyped (the database takes the column's type), anything else as its string.
     */
    public static void bind(PreparedStatement p, Object... args) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            Object a = args[i];
            if (a == null) {
                p.setNull(i + 1, Types.NULL);
            } else if (a instanceof Instant t) {
                p.setObject(i + 1, t.atOffset(ZoneOffset.UTC));
            } else if (a instanceof Long n) {
                p.setLong(i + 1, n);
            } else if (a instanceof Boolean b) {
                p.setBoolean(i + 1, b);
            } else {
                p.setString(i + 1, a.toString());
            }
        }
    }

    /**
     * Runs one insert, update or delete on a connection of its own; a failure is a {@code CONFLICT} with
     * {@code code}, "the {@code what} could not be stored: ...".
     */
    public static void update(DataSource dataSource, String code, String what, String sql, Object... args) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement p = c.prepareStatement(sql)) {
            bind(p, args);
            p.executeUpdate();
        } catch (SQLException e) {
            throw new VellumException(
                    VellumException.Kind.CONFLICT, code, "the " + what + " could not be stored: " + e.getMessage(), e);
        }
    }

    /** One row of a result, read into a value. */
    @FunctionalInterface
    public interface Row<T> {
        T read(ResultSet rs) throws SQLException;
    }

    /**
     * Runs one query on a connection of its own and reads every row; a failure is {@code UNAVAILABLE} with {@code
     * code}, "the {@code what} cannot be read".
     */
    public static <T> List<T> query(
            DataSource dataSource, String code, String what, String sql, Row<T> row, Object... args) {
        List<T> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement p = c.prepareStatement(sql)) {
            bind(p, args);
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    out.add(row.read(rs));
                }
            }
        } catch (SQLException e) {
            throw new VellumException(VellumException.Kind.UNAVAILABLE, code, "the " + what + " cannot be read", e);
        }
        return out;
    }

    /** A {@code TIMESTAMP WITH TIME ZONE} column as an instant, or null. */
    public static Instant instant(ResultSet rs, int column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    /** {@code s} cut to fit a column of {@code max} characters, ending in "..." when cut. */
    public static String clip(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max - 3) + "...";
    }
}
