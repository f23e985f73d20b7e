package org.vellum.worm;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.vellum.problem.VellumException;
import org.vellum.schema.Jdbc;

/**
 * The storage tables (migration V6): targets, copies, legal holds, verification runs, alerts. Each call is its own
 * statement on a connection of its own, committed when it returns.
 */
public final class CopyTable {
    private static final String COPY = "seal_no, target, state, archive_sha256, attestation_sha256, retain_until,"
            + " archive_location, attestation_location, size_bytes, immutable, started_at, stored_at, verified_at,"
            + " verify_result, purged_at, purge_seq";
    private static final String TARGET = "name, target_type, location, worm, self_test_at, self_test_findings,"
            + " accepted_by, accepted_at, accepted_reason, accepted_seq";

    private final DataSource dataSource;

    public CopyTable(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    // Targets

    /**
     * Adds a configured target. When a target's type or location changed, its verdict and any acceptance go: the new
     * place has proved nothing yet.
     */
    public void configure(String name, String type, String location) {
        Optional<TargetRecord> known = target(name);
        if (known.isEmpty()) {
            update("INSERT INTO storage_target (name, target_type, location) VALUES (?, ?, ?)", name, type, location);
        } else if (!known.get().type().equals(type) || !known.get().location().equals(location)) {
            update(
                    "UPDATE storage_target SET target_type = ?, location = ?, worm = NULL, self_test_at = NULL,"
                            + " self_test_findings = NULL, accepted_by = NULL, accepted_at = NULL,"
                            + " accepted_reason = NULL, accepted_seq = NULL WHERE name = ?",
                    type,
                    location,
                    name);
        }
    }

    public Optional<TargetRecord> target(String name) {
        return query("SELECT " + TARGET + " FROM storage_target WHERE name = ?", CopyTable::targetRecord, name).stream()
                .findFirst();
    }

    public List<TargetRecord> targets() {
        return query("SELECT " + TARGET + " FROM storage_target ORDER BY name", CopyTable::targetRecord);
    }

    public void selfTested(SelfTest t) {
        update(
                "UPDATE storage_target SET worm = ?, self_test_at = ?, self_test_findings = ? WHERE name = ?",
                t.worm(),
                t.at(),
                Jdbc.clip(String.join("\n", t.findings()), 8000),
                t.target());
    }

    public void accepted(String name, String by, Instant at, String reason, long seq) {
        update(
                "UPDATE storage_target SET accepted_by = ?, accepted_at = ?, accepted_reason = ?, accepted_seq = ?"
                        + " WHERE name = ?",
                by,
                at,
                reason,
                seq,
                name);
    }

    // Copies

    /** Records that a copy is about to be written, unless a row for it exists already. */
    public void begin(
            long seal, String target, String archiveSha256, String attestationSha256, Instant retainUntil, Instant at) {
        if (copy(seal, target).isEmpty()) {
            update(
                    "INSERT INTO archive_copy (seal_no, target, state, archive_sha256, attestation_sha256,"
                            + " retain_until, started_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    seal,
                    target,
                    CopyRecord.PENDING,
                    archiveSha256,
                    attestationSha256,
                    retainUntil,
                    at);
        }
    }

    public void stored(
            long seal, String target, StoredCopy archive, StoredCopy attestation, Instant retainUntil, Instant at) {
        update(
                "UPDATE archive_copy SET state = ?, archive_location = ?, attestation_location = ?, size_bytes = ?,"
                        + " immutable = ?, retain_until = ?, stored_at = ? WHERE seal_no = ? AND target = ?",
                CopyRecord.STORED,
                archive.location(),
                attestation.location(),
                archive.size() + attestation.size(),
                archive.immutable() && attestation.immutable(),
                retainUntil,
                at,
                seal,
                target);
    }

    public void verified(long seal, String target, Instant at, String result) {
        update(
                "UPDATE archive_copy SET verified_at = ?, verify_result = ? WHERE seal_no = ? AND target = ?",
                at,
                Jdbc.clip(result, 4000),
                seal,
                target);
    }

    public void purged(long seal, String target, Instant at, long seq) {
        update(
                "UPDATE archive_copy SET state = ?, purged_at = ?, purge_seq = ? WHERE seal_no = ? AND target = ?"
                        + " AND state = ?",
                CopyRecord.PURGED,
                at,
                seq,
                seal,
                target,
                CopyRecord.STORED);
    }

    public Optional<CopyRecord> copy(long seal, String target) {
        return query(
                        "SELECT " + COPY + " FROM archive_copy WHERE seal_no = ? AND target = ?",
                        CopyTable::copyRecord,
                        seal,
                        target)
                .stream()
                .findFirst();
    }

    public List<CopyRecord> copies(long seal) {
        return query(
                "SELECT " + COPY + " FROM archive_copy WHERE seal_no = ? ORDER BY target", CopyTable::copyRecord, seal);
    }

    public List<CopyRecord> inState(String state) {
        return query(
                "SELECT " + COPY + " FROM archive_copy WHERE state = ? ORDER BY seal_no, target",
                CopyTable::copyRecord,
                state);
    }

    /** Stored copies whose retention ended by {@code now}, of archives without a legal hold. */
    public List<CopyRecord> expired(Instant now) {
        return query(
                "SELECT " + COPY + " FROM archive_copy c WHERE c.state = ? AND c.retain_until <= ?"
                        + " AND NOT EXISTS (SELECT 1 FROM legal_hold h WHERE h.seal_no = c.seal_no)"
                        + " ORDER BY seal_no, target",
                CopyTable::copyRecord,
                CopyRecord.STORED,
                now);
    }

    // Legal holds

    public record Hold(long sealNumber, Instant since, String by, String reason, long seq) {}

    public Optional<Hold> hold(long seal) {
        return query(
                        "SELECT seal_no, held_since, held_by, reason, set_seq FROM legal_hold WHERE seal_no = ?",
                        rs -> new Hold(
                                rs.getLong(1), Jdbc.instant(rs, 2), rs.getString(3), rs.getString(4), rs.getLong(5)),
                        seal)
                .stream()
                .findFirst();
    }

    public void hold(long seal, Instant at, String by, String reason, long seq) {
        update(
                "INSERT INTO legal_hold (seal_no, held_since, held_by, reason, set_seq) VALUES (?, ?, ?, ?, ?)",
                seal,
                at,
                by,
                reason,
                seq);
    }

    public void release(long seal) {
        update("DELETE FROM legal_hold WHERE seal_no = ?", seal);
    }

    // Verification runs and alerts

    public VerifyRun verification(Instant started, Instant finished, int copies, int intact, List<String> failures) {
        long id = insert(
                "INSERT INTO copy_verification (started_at, finished_at, copies, intact, failures)"
                        + " VALUES (?, ?, ?, ?, ?)",
                started,
                finished,
                (long) copies,
                (long) intact,
                Jdbc.clip(String.join("\n", failures), 8000));
        return new VerifyRun(id, started, finished, copies, intact, failures);
    }

    public Optional<VerifyRun> lastVerification() {
        return query(
                        "SELECT id, started_at, finished_at, copies, intact, failures FROM copy_verification"
                                + " ORDER BY id DESC FETCH FIRST 1 ROWS ONLY",
                        rs -> new VerifyRun(
                                rs.getLong(1),
                                Jdbc.instant(rs, 2),
                                Jdbc.instant(rs, 3),
                                rs.getInt(4),
                                rs.getInt(5),
                                rs.getString(6) == null || rs.getString(6).isEmpty()
                                        ? List.of()
                                        : Arrays.asList(rs.getString(6).split("\n"))))
                .stream()
                .findFirst();
    }

    public StorageAlert alert(Instant at, String kind, Long seal, String target, String message) {
        long id = insert(
                "INSERT INTO storage_alert (raised_at, kind, seal_no, target, message) VALUES (?, ?, ?, ?, ?)",
                at,
                kind,
                seal,
                target,
                Jdbc.clip(message, 4000));
        return new StorageAlert(id, at, kind, seal, target, message);
    }

    /** Alerts, newest first. */
    public List<StorageAlert> alerts(long offset, int limit) {
        return query(
                "SELECT id, raised_at, kind, seal_no, target, message FROM storage_alert ORDER BY id DESC"
                        + " OFFSET ? ROWS FETCH NEXT ? ROWS ONLY",
                rs -> new StorageAlert(
                        rs.getLong(1),
                        Jdbc.instant(rs, 2),
                        rs.getString(3),
                        (Long) rs.getObject(4, Long.class),
                        rs.getString(5),
                        rs.getString(6)),
                offset,
                (long) limit);
    }

    public long alertCount() {
        return query("SELECT COUNT(*) FROM storage_alert", rs -> rs.getLong(1)).get(0);
    }

    // JDBC

    private static CopyRecord copyRecord(ResultSet rs) throws SQLException {
        return new CopyRecord(
                rs.getLong(1),
                rs.getString(2),
                rs.getString(3),
                rs.getString(4),
                rs.getString(5),
                Jdbc.instant(rs, 6),
                rs.getString(7),
                rs.getString(8),
                (Long) rs.getObject(9, Long.class),
                (Boolean) rs.getObject(10, Boolean.class),
                Jdbc.instant(rs, 11),
                Jdbc.instant(rs, 12),
                Jdbc.instant(rs, 13),
                rs.getString(14),
                Jdbc.instant(rs, 15),
                (Long) rs.getObject(16, Long.class));
    }

    private static TargetRecord targetRecord(ResultSet rs) throws SQLException {
        return new TargetRecord(
                rs.getString(1),
                rs.getString(2),
                rs.getString(3),
                (Boolean) rs.getObject(4, Boolean.class),
                Jdbc.instant(rs, 5),
                rs.getString(6),
                rs.getString(7),
                Jdbc.instant(rs, 8),
                rs.getString(9),
                (Long) rs.getObject(10, Long.class));
    }

    private <T> List<T> query(String sql, Jdbc.Row<T> row, Object... args) {
        return Jdbc.query(dataSource, "storage-records", "storage records", sql, row, args);
    }

    private void update(String sql, Object... args) {
        Jdbc.update(dataSource, "storage-conflict", "storage record", sql, args);
    }

    private long insert(String sql, Object... args) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement p = c.prepareStatement(sql, Statement.RETURN_GENERATED_KEYS)) {
            Jdbc.bind(p, args);
            p.executeUpdate();
            try (ResultSet keys = p.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
            }
        } catch (SQLException e) {
            throw new VellumException(
                    VellumException.Kind.CONFLICT,
                    "storage-conflict",
                    "the storage record could not be written: " + e.getMessage(),
                    e);
        }
    }
}
