package org.vellum.tapes;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import javax.sql.DataSource;
import org.vellum.problem.VellumException;
import org.vellum.schema.Jdbc;
import org.vellum.tape.TapeExporter;

/** The tape tables (migration V7): cartridges, their catalogs, and which archives are exported. */
public final class TapeTable {
    private static final String CARTRIDGE = "barcode, device, medium, record_size, state, job_instance, started_at,"
            + " written_at, verified_at, verify_result, full_cartridge";

    private final DataSource dataSource;

    public TapeTable(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public Optional<CartridgeRecord> cartridge(String barcode) {
        return query("SELECT " + CARTRIDGE + " FROM tape_cartridge WHERE barcode = ?", TapeTable::cartridge, barcode)
                .stream()
                .findFirst();
    }

    /** Cartridges, the most recently started first. */
    public List<CartridgeRecord> cartridges(long offset, int limit) {
        return query(
                "SELECT " + CARTRIDGE + " FROM tape_cartridge ORDER BY started_at DESC, barcode OFFSET ? ROWS"
                        + " FETCH NEXT ? ROWS ONLY",
                TapeTable::cartridge,
                offset,
                (long) limit);
    }

    public long cartridgeCount() {
        return query("SELECT COUNT(*) FROM tape_cartridge", rs -> rs.getLong(1)).get(0);
    }

    /** Records a cartridge about to be written, before its first record. */
    public void starting(String barcode, String device, String medium, int recordSize, Long jobInstance, Instant at) {
        Jdbc.update(
                dataSource,
                "cartridge-known",
                "cartridge record",
                "INSERT INTO tape_cartridge (" + CARTRIDGE + ") VALUES (?, ?, ?, ?, ?, ?, ?, NULL, NULL, NULL, ?)",
                barcode,
                device,
                medium,
                (long) recordSize,
                CartridgeRecord.WRITING,
                jobInstance,
                at,
                false);
    }

    /** A cartridge taken over by the restart of another job instance (the one that began it failed and was given up). */
    public void adopt(String barcode, Long jobInstance) {
        Jdbc.update(
                dataSource,
                "cartridge-conflict",
                "cartridge record",
                "UPDATE tape_cartridge SET job_instance = ? WHERE barcode = ?",
                jobInstance,
                barcode);
    }

    /** Replaces the cartridge's catalog with what was written on it. */
    public void written(String barcode, List<TapeExporter.Entry> entries, boolean full, Instant at) {
        transaction(c -> {
            execute(c, "DELETE FROM tape_member WHERE barcode = ?", barcode);
            execute(c, "DELETE FROM tape_file WHERE barcode = ?", barcode);
            for (TapeExporter.Entry e : entries) {
                TapeExporter.Span s = e.span();
                execute(
                        c,
                        "INSERT INTO tape_file (barcode, tape_file, seal_no, records, span_part, span_offset,"
                                + " span_length, span_size, span_sha256) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        barcode,
                        (long) e.tapeFile(),
                        e.sealNumber(),
                        e.records(),
                        s == null ? null : (Long) (long) s.part(),
                        s == null ? null : s.offset(),
                        s == null ? null : s.length(),
                        s == null ? null : s.size(),
                        s == null ? null : s.sha256());
                for (int i = 0; i < e.members().size(); i++) {
                    TapeExporter.Member m = e.members().get(i);
                    execute(
                            c,
                            "INSERT INTO tape_member (barcode, tape_file, position, name, size_bytes, sha256)"
                                    + " VALUES (?, ?, ?, ?, ?, ?)",
                            barcode,
                            (long) e.tapeFile(),
                            (long) i,
                            m.name(),
                            m.size(),
                            m.sha256());
                }
            }
            execute(
                    c,
                    "UPDATE tape_cartridge SET written_at = ?, full_cartridge = ? WHERE barcode = ?",
                    at,
                    full,
                    barcode);
        });
    }

    /**
     * Read-back found the cartridge intact: it is VERIFIED, and in the same transaction the archives {@code exported}
     * are recorded as on the cartridges given for each.
     */
    public void verified(String barcode, Map<Long, Set<String>> exported, Long jobInstance, Instant at) {
        transaction(c -> {
            execute(
                    c,
                    "UPDATE tape_cartridge SET state = ?, verified_at = ?, verify_result = 'intact' WHERE barcode = ?",
                    CartridgeRecord.VERIFIED,
                    at,
                    barcode);
            for (Map.Entry<Long, Set<String>> e : exported.entrySet()) {
                for (String on : e.getValue()) {
                    execute(
                            c,
                            "INSERT INTO tape_export (seal_no, barcode, exported_at, job_instance) VALUES (?, ?, ?, ?)",
                            e.getKey(),
                            on,
                            at,
                            jobInstance);
                }
            }
        });
    }

    public void damaged(String barcode, String problems, Instant at) {
        Jdbc.update(
                dataSource,
                "cartridge-conflict",
                "cartridge record",
                "UPDATE tape_cartridge SET state = ?, verified_at = ?, verify_result = ? WHERE barcode = ?",
                CartridgeRecord.DAMAGED,
                at,
                Jdbc.clip(problems, 4000),
                barcode);
    }

    /** The cartridge's archive tape files in order, with their members: its catalog, as on the cartridge. */
    public List<TapeExporter.Entry> files(String barcode) {
        Map<Integer, List<TapeExporter.Member>> members = new LinkedHashMap<>();
        for (Object[] m : query(
                "SELECT tape_file, name, size_bytes, sha256 FROM tape_member WHERE barcode = ?"
                        + " ORDER BY tape_file, position",
                rs -> new Object[] {
                    rs.getInt(1), new TapeExporter.Member(rs.getString(2), rs.getLong(3), rs.getString(4))
                },
                barcode)) {
            members.computeIfAbsent((Integer) m[0], k -> new ArrayList<>()).add((TapeExporter.Member) m[1]);
        }
        return query(
                "SELECT tape_file, seal_no, records, span_part, span_offset, span_length, span_size, span_sha256"
                        + " FROM tape_file WHERE barcode = ? ORDER BY tape_file",
                rs -> {
                    int tapeFile = rs.getInt(1);
                    List<TapeExporter.Member> ms = members.getOrDefault(tapeFile, List.of());
                    int part = rs.getInt(4);
                    TapeExporter.Span span = rs.wasNull()
                            ? null
                            : new TapeExporter.Span(
                                    spanName(ms), part, rs.getLong(5), rs.getLong(6), rs.getLong(7), rs.getString(8));
                    return new TapeExporter.Entry(rs.getLong(2), tapeFile, ms, rs.getLong(3), span);
                },
                barcode);
    }

    /** The archive's name from its part's member name ({@code x.asice.part-001}). */
    private static String spanName(List<TapeExporter.Member> members) {
        String name = members.isEmpty() ? "" : members.get(0).name();
        int at = name.lastIndexOf(".part-");
        return at < 0 ? name : name.substring(0, at);
    }

    /** One part, on a verified cartridge, of an archive that spans and is not exported yet. */
    public record PartOnTape(
            long sealNumber, String barcode, int part, long offset, long length, long size, Instant verifiedAt) {}

    /** The parts on verified cartridges of archives that span and are not yet exported, by seal and verification. */
    public List<PartOnTape> unfinishedSpans() {
        return query(
                "SELECT f.seal_no, f.barcode, f.span_part, f.span_offset, f.span_length, f.span_size, c.verified_at"
                        + " FROM tape_file f JOIN tape_cartridge c ON c.barcode = f.barcode"
                        + " WHERE f.span_part IS NOT NULL AND c.state = ?"
                        + " AND NOT EXISTS (SELECT 1 FROM tape_export e WHERE e.seal_no = f.seal_no)"
                        + " ORDER BY f.seal_no, c.verified_at, f.span_part",
                rs -> new PartOnTape(
                        rs.getLong(1),
                        rs.getString(2),
                        rs.getInt(3),
                        rs.getLong(4),
                        rs.getLong(5),
                        rs.getLong(6),
                        Jdbc.instant(rs, 7)),
                CartridgeRecord.VERIFIED);
    }

    /** The seal numbers exported to a verified cartridge. */
    public Set<Long> exported() {
        return new TreeSet<>(query("SELECT DISTINCT seal_no FROM tape_export", rs -> rs.getLong(1)));
    }

    /** The cartridges an archive was exported to. */
    public List<String> exportedTo(long sealNumber) {
        return query(
                "SELECT barcode FROM tape_export WHERE seal_no = ? ORDER BY barcode",
                rs -> rs.getString(1),
                sealNumber);
    }

    private interface Work {
        void run(Connection c) throws SQLException;
    }

    private static CartridgeRecord cartridge(ResultSet rs) throws SQLException {
        long instance = rs.getLong(6);
        Long jobInstance = rs.wasNull() ? null : instance;
        return new CartridgeRecord(
                rs.getString(1),
                rs.getString(2),
                rs.getString(3),
                rs.getInt(4),
                rs.getString(5),
                jobInstance,
                Jdbc.instant(rs, 7),
                Jdbc.instant(rs, 8),
                Jdbc.instant(rs, 9),
                rs.getString(10),
                rs.getBoolean(11));
    }

    private static void execute(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(sql)) {
            Jdbc.bind(p, args);
            p.executeUpdate();
        }
    }

    private void transaction(Work work) {
        try (Connection c = dataSource.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                work.run(c);
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw new VellumException(
                    VellumException.Kind.CONFLICT,
                    "tape-records",
                    "the tape records could not be written: " + e.getMessage(),
                    e);
        }
    }

    private <T> List<T> query(String sql, Jdbc.Row<T> row, Object... args) {
        return Jdbc.query(dataSource, "tape-records", "tape records", sql, row, args);
    }
}
