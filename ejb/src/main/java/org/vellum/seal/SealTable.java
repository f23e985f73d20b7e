package org.vellum.seal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.vellum.ledger.Hashes;
import org.vellum.problem.VellumException;

/** The {@code seal} table (migration V4); each call is its own statement on a connection of its own. */
public final class SealTable {
    private static final String COLUMNS =
            "seal_no, sealed_at, first_seq, last_seq, canonical, signature, gen_time, tsa,"
                    + " ledger_frontier, period_block_size, period_blocks, clock_flags, job_instance";

    private final DataSource dataSource;

    public SealTable(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public Optional<SealRecord> last() {
        return one("SELECT " + COLUMNS + " FROM seal ORDER BY seal_no DESC FETCH FIRST 1 ROWS ONLY");
    }

    public Optional<SealRecord> byNumber(long number) {
        return one("SELECT " + COLUMNS + " FROM seal WHERE seal_no = ?", number);
    }

    public Optional<SealRecord> byJobInstance(long jobInstance) {
        return one("SELECT " + COLUMNS + " FROM seal WHERE job_instance = ?", jobInstance);
    }

    /** The seal whose period holds entry {@code seq}, if it is sealed yet. */
    public Optional<SealRecord> covering(long seq) {
        return one(
                "SELECT " + COLUMNS + " FROM seal WHERE last_seq >= ? AND first_seq <= ?"
                        + " ORDER BY last_seq FETCH FIRST 1 ROWS ONLY",
                seq,
                seq);
    }

    public long count() {
        try (Connection c = dataSource.getConnection();
                PreparedStatement p = c.prepareStatement("SELECT COUNT(*) FROM seal");
                ResultSet rs = p.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw unavailable(e);
        }
    }

    /** Seals in ascending number, from {@code offset}, at most {@code limit}. */
    public List<SealRecord> page(long offset, int limit) {
        List<SealRecord> out = new ArrayList<>();
        query(
                "SELECT " + COLUMNS + " FROM seal ORDER BY seal_no OFFSET ? ROWS FETCH NEXT ? ROWS ONLY",
                out::add,
                offset,
                (long) limit);
        return out;
    }

    /** Every seal in ascending number. */
    public void forEach(Consumer<SealRecord> sink) {
        query("SELECT " + COLUMNS + " FROM seal ORDER BY seal_no", sink);
    }

    public void insert(SealRecord r) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement p = c.prepareStatement(
                        "INSERT INTO seal (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            p.setLong(1, r.number());
            p.setObject(2, r.sealedAt().atOffset(ZoneOffset.UTC));
            p.setLong(3, r.firstSeq());
            p.setLong(4, r.lastSeq());
            p.setBytes(5, r.canonical());
            p.setBytes(6, r.signature());
            p.setObject(7, r.genTime().atOffset(ZoneOffset.UTC));
            p.setString(8, r.tsa());
            p.setBytes(9, join(r.frontier()));
            p.setInt(10, r.blockSize());
            p.setBytes(11, join(r.periodBlocks()));
            p.setString(12, r.clockFlags().isEmpty() ? null : String.join("\n", r.clockFlags()));
            if (r.jobInstance() == null) {
                p.setNull(13, Types.BIGINT);
            } else {
                p.setLong(13, r.jobInstance());
            }
            p.executeUpdate();
        } catch (SQLException e) {
            throw new VellumException(
                    VellumException.Kind.CONFLICT,
                    "seal-conflict",
                    "seal " + r.number() + " could not be stored (made at the same time elsewhere?): " + e.getMessage(),
                    e);
        }
    }

    private Optional<SealRecord> one(String sql, Object... args) {
        List<SealRecord> out = new ArrayList<>(1);
        query(sql, out::add, args);
        return out.stream().findFirst();
    }

    private void query(String sql, Consumer<SealRecord> sink, Object... args) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement p = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                p.setLong(i + 1, (Long) args[i]);
            }
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    sink.accept(record(rs));
                }
            }
        } catch (SQLException e) {
            throw unavailable(e);
        }
    }

    private static SealRecord record(ResultSet rs) throws SQLException {
        String flags = rs.getString(12);
        long job = rs.getLong(13);
        return new SealRecord(
                rs.getLong(1),
                rs.getObject(2, OffsetDateTime.class).toInstant(),
                rs.getLong(3),
                rs.getLong(4),
                rs.getBytes(5),
                rs.getBytes(6),
                rs.getObject(7, OffsetDateTime.class).toInstant(),
                rs.getString(8),
                split(rs.getBytes(9)),
                rs.getInt(10),
                split(rs.getBytes(11)),
                flags == null ? List.of() : List.of(flags.split("\n")),
                rs.wasNull() ? null : job);
    }

    private static byte[] join(List<byte[]> hashes) {
        byte[] out = new byte[hashes.size() * Hashes.LENGTH];
        for (int i = 0; i < hashes.size(); i++) {
            System.arraycopy(hashes.get(i), 0, out, i * Hashes.LENGTH, Hashes.LENGTH);
        }
        return out;
    }

    private static List<byte[]> split(byte[] bytes) {
        List<byte[]> out = new ArrayList<>();
        for (int i = 0; i < bytes.length; i += Hashes.LENGTH) {
            out.add(Arrays.copyOfRange(bytes, i, i + Hashes.LENGTH));
        }
        return out;
    }

    private static VellumException unavailable(SQLException e) {
        return new VellumException(
                VellumException.Kind.UNAVAILABLE,
                "seals-unavailable",
                "the seals cannot be read: " + e.getMessage(),
                e);
    }
}
