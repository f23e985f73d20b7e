package org.vellum.archive;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.vellum.problem.VellumException;
import org.vellum.schema.Jdbc;

/** The {@code archive} table (migration V5); each call is its own statement on a connection of its own. */
public final class ArchiveTable {
    private static final String COLUMNS = "seal_no, file_name, size_bytes, sha256, manifest_sha256, entries, parts,"
            + " packaged_at, attestation_name, attestation_size, attestation_sha256, attested_at, verified_at,"
            + " verify_result";

    private final DataSource dataSource;

    public ArchiveTable(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public Optional<ArchiveRecord> bySeal(long sealNumber) {
        List<ArchiveRecord> out = query("SELECT " + COLUMNS + " FROM archive WHERE seal_no = ?", sealNumber);
        return out.stream().findFirst();
    }

    /** Archives in ascending seal number, from {@code offset}, at most {@code limit}. */
    public List<ArchiveRecord> page(long offset, int limit) {
        return query(
                "SELECT " + COLUMNS + " FROM archive ORDER BY seal_no OFFSET ? ROWS FETCH NEXT ? ROWS ONLY",
                offset,
                (long) limit);
    }

    public long count() {
        try (Connection c = dataSource.getConnection();
                PreparedStatement p = c.prepareStatement("SELECT COUNT(*) FROM archive");
                ResultSet rs = p.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw unavailable(e);
        }
    }

    /** The numbers of the seals that have no archive yet, ascending. */
    public List<Long> sealsWithoutArchive() {
        List<Long> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement p = c.prepareStatement("SELECT s.seal_no FROM seal s LEFT JOIN archive a"
                        + " ON a.seal_no = s.seal_no WHERE a.seal_no IS NULL ORDER BY s.seal_no");
                ResultSet rs = p.executeQuery()) {
            while (rs.next()) {
                out.add(rs.getLong(1));
            }
        } catch (SQLException e) {
            throw unavailable(e);
        }
        return out;
    }

    /** @param jobInstance the nightly run that packaged it, or null */
    public void insert(ArchiveRecord r, Long jobInstance) {
        update(
                "INSERT INTO archive (seal_no, file_name, size_bytes, sha256, manifest_sha256, entries, parts,"
                        + " packaged_at, job_instance) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                r.sealNumber(),
                r.fileName(),
                r.size(),
                r.sha256(),
                r.manifestSha256(),
                r.entries(),
                (long) r.parts(),
                r.packagedAt(),
                jobInstance);
    }

    /** The archives a nightly run packaged, ascending. */
    public List<ArchiveRecord> byJobInstance(long jobInstance) {
        return query("SELECT " + COLUMNS + " FROM archive WHERE job_instance = ? ORDER BY seal_no", jobInstance);
    }

    /** The archives that have their attestation, ascending: complete, ready to be copied to WORM targets. */
    public List<ArchiveRecord> attested() {
        return query("SELECT " + COLUMNS + " FROM archive WHERE attestation_name IS NOT NULL ORDER BY seal_no");
    }

    /** The archives that have no attestation yet, ascending. */
    public List<ArchiveRecord> withoutAttestation() {
        return query("SELECT " + COLUMNS + " FROM archive WHERE attestation_name IS NULL ORDER BY seal_no");
    }

    public void attested(long sealNumber, String name, long size, String sha256, Instant at) {
        update(
                "UPDATE archive SET attestation_name = ?, attestation_size = ?, attestation_sha256 = ?,"
                        + " attested_at = ? WHERE seal_no = ?",
                name,
                size,
                sha256,
                at,
                sealNumber);
    }

    public void verified(long sealNumber, Instant at, String result) {
        update(
                "UPDATE archive SET verified_at = ?, verify_result = ? WHERE seal_no = ?",
                at,
                Jdbc.clip(result, 4000),
                sealNumber);
    }

    private void update(String sql, Object... args) {
        Jdbc.update(dataSource, "archive-conflict", "archive record", sql, args);
    }

    private List<ArchiveRecord> query(String sql, Object... args) {
        List<ArchiveRecord> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement p = c.prepareStatement(sql)) {
            Jdbc.bind(p, args);
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    out.add(record(rs));
                }
            }
        } catch (SQLException e) {
            throw unavailable(e);
        }
        return out;
    }

    private static ArchiveRecord record(ResultSet rs) throws SQLException {
        long attestationSize = rs.getLong(10);
        boolean noSize = rs.wasNull();
        return new ArchiveRecord(
                rs.getLong(1),
                rs.getString(2),
                rs.getLong(3),
                rs.getString(4),
                rs.getString(5),
                rs.getLong(6),
                rs.getInt(7),
                Jdbc.instant(rs, 8),
                rs.getString(9),
                noSize ? null : attestationSize,
                rs.getString(11),
                Jdbc.instant(rs, 12),
                Jdbc.instant(rs, 13),
                rs.getString(14));
    }

    private static VellumException unavailable(SQLException e) {
        return new VellumException(
                VellumException.Kind.UNAVAILABLE,
                "archives-unavailable",
                "the archives cannot be read: " + e.getMessage(),
                e);
    }
}
