package org.vellum.collect;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import javax.sql.DataSource;

/** {@link CollectStore} over JDBC; the same SQL for H2 and PostgreSQL. */
public final class CollectTable implements CollectStore {
    private static final String FILE_COLUMNS =
            "head_len, file_id, source, path, consumed_bytes, consumed_lines, raw_size, modified";

    private final DataSource dataSource;

    public CollectTable(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public Optional<FileRecord> file(int headLength, String fileId) {
        List<FileRecord> found = files(
                "SELECT " + FILE_COLUMNS + " FROM collect_file WHERE head_len = ? AND file_id = ?", headLength, fileId);
        return found.stream().findFirst();
    }

    @Override
    public List<FileRecord> unchangedAt(String source, String path, long rawSize, long modified) {
        return files(
                "SELECT " + FILE_COLUMNS + " FROM collect_file WHERE source = ? AND path = ? AND raw_size = ?"
                        + " AND modified = ?",
                source,
                path,
                rawSize,
                modified);
    }

    @Override
    public Set<Integer> shortHeadLengths() {
        Set<Integer> lengths = new HashSet<>();
        query(
                "SELECT DISTINCT head_len FROM collect_file WHERE head_len < " + FileRecord.HEAD,
                rs -> lengths.add(rs.getInt(1)));
        return lengths;
    }

    @Override
    public Optional<RunRecord> run(long jobInstance) {
        List<RunRecord> found = new ArrayList<>();
        query(
                "SELECT job_instance, job_execution, started_at, updated_at, first_seq, last_seq, accounting"
                        + " FROM collect_run WHERE job_instance = ?",
                rs -> found.add(new RunRecord(
                        rs.getLong(1),
                        rs.getLong(2),
                        instant(rs, 3),
                        instant(rs, 4),
                        optionalLong(rs, 5),
                        optionalLong(rs, 6),
                        Accounting.fromJsonText(rs.getString(7)))),
                jobInstance);
        return found.stream().findFirst();
    }

    @Override
    public void flush(Collection<FileRecord> files, RunRecord run, List<QuarantinedLine> quarantined) {
        try (Connection c = dataSource.getConnection()) {
            boolean local = c.getAutoCommit(); // false inside a JTA transaction, which commits for us
            if (local) {
                c.setAutoCommit(false);
            }
            try {
                saveFiles(c, files);
                saveRun(c, run);
                insertQuarantine(c, quarantined);
                if (local) {
                    c.commit();
                }
            } catch (SQLException | RuntimeException e) {
                if (local) {
                    c.rollback();
                }
                throw e;
            } finally {
                if (local) {
                    c.setAutoCommit(true);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("VELLUM-0410 the collection's progress could not be saved", e);
        }
    }

    private static void saveFiles(Connection c, Collection<FileRecord> files) throws SQLException {
        Instant now = Instant.now();
        List<FileRecord> fresh = new ArrayList<>();
        try (PreparedStatement p = c.prepareStatement(
                "UPDATE collect_file SET source = ?, path = ?, consumed_bytes = ?,"
                        + " consumed_lines = ?, raw_size = ?, modified = ?, updated_at = ? WHERE head_len = ? AND file_id = ?")) {
            for (FileRecord f : files) {
                p.setString(1, f.source());
                p.setString(2, f.path());
                p.setLong(3, f.consumedBytes());
                p.setLong(4, f.consumedLines());
                p.setLong(5, f.rawSize());
                p.setLong(6, f.modified());
                p.setObject(7, utc(now));
                p.setInt(8, f.headLength());
                p.setString(9, f.fileId());
                if (p.executeUpdate() == 0) {
                    fresh.add(f);
                }
            }
        }
        if (fresh.isEmpty()) {
            return;
        }
        try (PreparedStatement p = c.prepareStatement(
                "INSERT INTO collect_file (" + FILE_COLUMNS + ", updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (FileRecord f : fresh) {
                p.setInt(1, f.headLength());
                p.setString(2, f.fileId());
                p.setString(3, f.source());
                p.setString(4, f.path());
                p.setLong(5, f.consumedBytes());
                p.setLong(6, f.consumedLines());
                p.setLong(7, f.rawSize());
                p.setLong(8, f.modified());
                p.setObject(9, utc(now));
                p.addBatch();
            }
            p.executeBatch();
        }
    }

    private static void saveRun(Connection c, RunRecord run) throws SQLException {
        String accounting = run.accounting().toJsonText();
        try (PreparedStatement p = c.prepareStatement("UPDATE collect_run SET job_execution = ?, updated_at = ?,"
                + " first_seq = ?, last_seq = ?, accounting = ? WHERE job_instance = ?")) {
            p.setLong(1, run.jobExecution());
            p.setObject(2, utc(run.updatedAt()));
            setOptional(p, 3, run.firstSeq());
            setOptional(p, 4, run.lastSeq());
            p.setString(5, accounting);
            p.setLong(6, run.jobInstance());
            if (p.executeUpdate() > 0) {
                return;
            }
        }
        try (PreparedStatement p = c.prepareStatement("INSERT INTO collect_run (job_instance, job_execution,"
                + " started_at, updated_at, first_seq, last_seq, accounting) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            p.setLong(1, run.jobInstance());
            p.setLong(2, run.jobExecution());
            p.setObject(3, utc(run.startedAt()));
            p.setObject(4, utc(run.updatedAt()));
            setOptional(p, 5, run.firstSeq());
            setOptional(p, 6, run.lastSeq());
            p.setString(7, accounting);
            p.executeUpdate();
        }
    }

    private static void insertQuarantine(Connection c, List<QuarantinedLine> lines) throws SQLException {
        if (lines.isEmpty()) {
            return;
        }
        // A line is quarantined once, even if a re-import reads it again.
        try (PreparedStatement p = c.prepareStatement("INSERT INTO quarantine (source, file_id, path, line_no, reason,"
                + " field, detail, excerpt, job_instance, quarantined_at, expires_at) SELECT ?, ?, ?, ?, ?, ?, ?, ?,"
                + " ?, ?, ? WHERE NOT EXISTS (SELECT 1 FROM quarantine WHERE file_id = ? AND line_no = ?)")) {
            for (QuarantinedLine q : lines) {
                p.setString(1, q.source());
                p.setString(2, q.fileId());
                p.setString(3, truncate(q.path(), 4096));
                p.setLong(4, q.lineNo());
                p.setString(5, q.reason());
                p.setString(6, q.field() == null ? null : truncate(q.field(), 256));
                p.setString(7, truncate(q.detail(), 512));
                p.setString(8, truncate(q.excerpt(), 2048));
                p.setLong(9, q.jobInstance());
                p.setObject(10, utc(q.quarantinedAt()));
                p.setObject(11, utc(q.expiresAt()));
                p.setString(12, q.fileId());
                p.setLong(13, q.lineNo());
                p.addBatch();
            }
            p.executeBatch();
        }
    }

    @Override
    public List<QuarantinedLine> quarantine(Optional<String> reason, Optional<String> source, int offset, int limit) {
        List<QuarantinedLine> page = new ArrayList<>();
        List<Object> args = new ArrayList<>(filterArgs(reason, source));
        args.add(limit);
        args.add(offset);
        query(
                "SELECT id, source, file_id, path, line_no, reason, field, detail, excerpt, job_instance,"
                        + " quarantined_at, expires_at FROM quarantine" + filter(reason, source)
                        + " ORDER BY id DESC LIMIT ? OFFSET ?",
                rs -> page.add(new QuarantinedLine(
                        rs.getLong(1),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getString(4),
                        rs.getLong(5),
                        rs.getString(6),
                        rs.getString(7),
                        rs.getString(8),
                        rs.getString(9),
                        rs.getLong(10),
                        instant(rs, 11),
                        instant(rs, 12))),
                args.toArray());
        return page;
    }

    @Override
    public long quarantineCount(Optional<String> reason, Optional<String> source) {
        long[] count = new long[1];
        query(
                "SELECT COUNT(*) FROM quarantine" + filter(reason, source),
                rs -> count[0] = rs.getLong(1),
                filterArgs(reason, source).toArray());
        return count[0];
    }

    @Override
    public int purgeQuarantine(Instant now) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement p = c.prepareStatement("DELETE FROM quarantine WHERE expires_at < ?")) {
            p.setObject(1, utc(now));
            return p.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("VELLUM-0411 expired quarantine could not be deleted", e);
        }
    }

    private static String filter(Optional<String> reason, Optional<String> source) {
        List<String> where = new ArrayList<>();
        reason.ifPresent(r -> where.add("reason = ?"));
        source.ifPresent(s -> where.add("source = ?"));
        return where.isEmpty() ? "" : " WHERE " + String.join(" AND ", where);
    }

    private static List<Object> filterArgs(Optional<String> reason, Optional<String> source) {
        List<Object> args = new ArrayList<>();
        reason.ifPresent(args::add);
        source.ifPresent(args::add);
        return args;
    }

    private List<FileRecord> files(String sql, Object... args) {
        List<FileRecord> found = new ArrayList<>();
        query(
                sql,
                rs -> found.add(new FileRecord(
                        rs.getInt(1),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getString(4),
                        rs.getLong(5),
                        rs.getLong(6),
                        rs.getLong(7),
                        rs.getLong(8))),
                args);
        return found;
    }

    private interface Row {
        void accept(ResultSet rs) throws SQLException;
    }

    private void query(String sql, Row row, Object... args) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement p = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                p.setObject(i + 1, args[i]);
            }
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    row.accept(rs);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("VELLUM-0412 the collection tables could not be read", e);
        }
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        return rs.getObject(column, OffsetDateTime.class).toInstant();
    }

    private static OptionalLong optionalLong(ResultSet rs, int column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? OptionalLong.empty() : OptionalLong.of(v);
    }

    private static void setOptional(PreparedStatement p, int index, OptionalLong value) throws SQLException {
        if (value.isPresent()) {
            p.setLong(index, value.getAsLong());
        } else {
            p.setNull(index, Types.BIGINT);
        }
    }

    private static String truncate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }
}
