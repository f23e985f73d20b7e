package org.vellum.web.ui;

import jakarta.ejb.EJB;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Named;
import java.io.Serializable;
import java.util.List;
import org.vellum.jobs.JobScheduler;
import org.vellum.security.Role;

/** Each job's schedule; admins change the cron line and switch it on or off (each change in the ledger first). */
@Named("schedules")
@ViewScoped
public class SchedulesPage implements Serializable {
    private static final long serialVersionUID = 1L;

    @EJB
    JobScheduler scheduler;

    /** A schedule as the form edits it. */
    public static final class Row implements Serializable {
        private static final long serialVersionUID = 1L;
        private final JobScheduler.Schedule shown;
        private String cron;
        private boolean enabled;

        Row(JobScheduler.Schedule s) {
            this.shown = s;
            this.cron = s.cron();
            this.enabled = s.enabled();
        }

        public JobScheduler.Schedule getShown() {
            return shown;
        }

        public String getCron() {
            return cron;
        }

        public void setCron(String cron) {
            this.cron = cron;
        }

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }
    }

    private List<Row> rows;

    public List<Row> getRows() {
        if (rows == null) {
            rows = scheduler.schedules().stream().map(Row::new).toList();
        }
        return rows;
    }

    public void save(Row row) {
        ConsoleBean.require(Role.ADMIN_NAME);
        try {
            JobScheduler.Schedule s = scheduler.change(row.shown.job(), row.cron, row.enabled, ConsoleBean.userName());
            ConsoleBean.info(s.job() + ": '" + s.cron() + "', " + (s.enabled() ? "enabled" : "disabled")
                    + " (recorded in the ledger)");
            rows = null;
        } catch (RuntimeException e) {
            ConsoleBean.error(e);
        }
    }
}
