package org.vellum.schedule;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;
import javax.sql.DataSource;
import org.vellum.problem.VellumException;
import org.vellum.schema.Jdbc;

/** The {@code job_schedule} table: a job's schedule as an admin last set it, which wins over the configuration. */
public final class ScheduleTable {
    private final DataSource dataSource;

    public ScheduleTable(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** A schedule an admin set: the cron line, whether it runs, who set it and when, and its config.changed entry. */
    public record SetSchedule(
            String job, String cron, boolean enabled, String changedBy, Instant changedAt, long ledgerSeq) {}

    public Optional<SetSchedule> get(String job) {
        return Jdbc.query(
                        dataSource,
                        "schedules-unavailable",
                        "job schedule",
                        "SELECT job, cron, enabled, changed_by, changed_at, ledger_seq FROM job_schedule WHERE job = ?",
                        rs -> new SetSchedule(
                                rs.getString(1),
                                rs.getString(2),
                                rs.getBoolean(3),
                                rs.getString(4),
                                Jdbc.instant(rs, 5),
                                rs.getLong(6)),
                        job)
                .stream()
                .findFirst();
    }

    /** Sets the job's schedule: an update, or an insert for the first change. */
    public void put(SetSchedule s) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement update = c.prepareStatement("UPDATE job_schedule SET cron = ?, enabled = ?,"
                        + " changed_by = ?, changed_at = ?, ledger_seq = ? WHERE job = ?")) {
            Jdbc.bind(update, s.cron(), s.enabled(), s.changedBy(), s.changedAt(), s.ledgerSeq(), s.job());
            if (update.executeUpdate() == 0) {
                try (PreparedStatement insert = c.prepareStatement("INSERT INTO job_schedule"
                        + " (cron, enabled, changed_by, changed_at, ledger_seq, job) VALUES (?, ?, ?, ?, ?, ?)")) {
                    Jdbc.bind(insert, s.cron(), s.enabled(), s.changedBy(), s.changedAt(), s.ledgerSeq(), s.job());
                    insert.executeUpdate();
                }
            }
        } catch (SQLException e) {
            throw new VellumException(
                    VellumException.Kind.UNAVAILABLE,
                    "schedule-not-stored",
                    "the schedule of " + s.job() + " could not be stored (its config.changed entry is seq "
                            + s.ledgerSeq() + "): " + e.getMessage(),
                    e);
        }
    }
}
