package org.vellum.web.ui;

import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.vellum.jobs.JobLauncher;
import org.vellum.jobs.JobView;
import org.vellum.security.AdminActions;
import org.vellum.security.Role;

/**
 * Job executions, newest first, with per-step counts and durations and a progress bar for running ones; admins start,
 * stop and restart (archivists stop and restart tape exports, as over the API).
 */
@Named("jobs")
@ViewScoped // a row's Stop or Restart acts on the row that was shown, even when newer executions arrived meanwhile
public class JobsPage implements Serializable {
    private static final long serialVersionUID = 1L;
    static final int PAGE = 25;
    private static final Pattern STEP = Pattern.compile("<step\\s+id=\"");
    private static final Map<String, Integer> STEPS = new ConcurrentHashMap<>();

    @Inject
    JobLauncher launcher;

    @Inject
    AdminActions actions;

    private int offset;
    private transient List<JobView> executions;
    private transient Long total;

    public int getOffset() {
        return offset;
    }

    public void setOffset(int offset) {
        this.offset = Math.max(0, offset);
    }

    public List<JobView> getExecutions() {
        if (executions == null) {
            executions = launcher.executions(offset, PAGE);
        }
        return executions;
    }

    public long getTotal() {
        if (total == null) {
            total = launcher.executionCount();
        }
        return total;
    }

    public int getPageSize() {
        return PAGE;
    }

    public boolean isAnyRunning() {
        return getExecutions().stream().anyMatch(JobsPage::running);
    }

    static boolean running(JobView v) {
        return v.status().equals("STARTING")
                || v.status().equals("STARTED")
                || v.status().equals("STOPPING");
    }

    public boolean isRunning(JobView v) {
        return running(v);
    }

    /** Steps finished of the job's steps, in percent; the total is counted in the job's XML. */
    public int progress(JobView v) {
        int total = STEPS.computeIfAbsent(v.jobName(), JobsPage::countSteps);
        long done =
                v.steps().stream().filter(s -> s.status().equals("COMPLETED")).count();
        return total == 0 ? 0 : (int) Math.min(100, 100 * done / total);
    }

    private static int countSteps(String job) {
        try (InputStream in =
                JobsPage.class.getClassLoader().getResourceAsStream("META-INF/batch-jobs/" + job + ".xml")) {
            if (in == null) {
                return 0;
            }
            Matcher m = STEP.matcher(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            int n = 0;
            while (m.find()) {
                n++;
            }
            return n;
        } catch (IOException e) {
            return 0;
        }
    }

    /** How long a step or execution ran, or has run so far. */
    public String duration(Instant start, Instant end) {
        if (start == null) {
            return "";
        }
        Duration d = Duration.between(start, end == null ? Instant.now() : end);
        return d.toMinutes() > 0 ? d.toMinutes() + " min " + d.toSecondsPart() + " s" : d.toMillis() / 1000.0 + " s";
    }

    /** JBeret's counts of a step, e.g. {@code read 1000, write 990, skip 10}; zeros left out. */
    public String counts(JobView.StepView s) {
        StringBuilder out = new StringBuilder();
        s.metrics().forEach((name, n) -> {
            if (n != null && n > 0) {
                out.append(out.length() == 0 ? "" : ", ")
                        .append(name.toLowerCase().replace("_count", "").replace('_', ' '))
                        .append(' ')
                        .append(n);
            }
        });
        return out.toString();
    }

    public List<String> getStartable() {
        return List.of(JobLauncher.NIGHTLY_ARCHIVE, JobLauncher.VERIFY_ARCHIVES, JobLauncher.RETENTION_PURGE);
    }

    public String start(String job) {
        ConsoleBean.require(Role.ADMIN_NAME);
        try {
            actions.record(ConsoleBean.userName(), "job.start", job);
            JobView v = launcher.start(job, Map.of());
            ConsoleBean.info(job + " started: execution " + v.executionId());
        } catch (RuntimeException e) {
            ConsoleBean.error(e);
        }
        return "jobs?faces-redirect=true";
    }

    public String stop(long id) {
        requireFor(id);
        try {
            actions.record(ConsoleBean.userName(), "job.stop", "execution " + id);
            launcher.stop(id);
            ConsoleBean.info("execution " + id + " asked to stop");
            executions = null;
            total = null;
        } catch (RuntimeException e) {
            ConsoleBean.error(e);
        }
        return null;
    }

    public String restart(long id) {
        requireFor(id);
        try {
            actions.record(ConsoleBean.userName(), "job.restart", "execution " + id);
            JobView v = launcher.restart(id, Map.of());
            ConsoleBean.info("execution " + id + " restarted as " + v.executionId());
            executions = null;
            total = null;
        } catch (RuntimeException e) {
            ConsoleBean.error(e);
        }
        return null;
    }

    public boolean mayControl(JobView v) {
        var context = jakarta.faces.context.FacesContext.getCurrentInstance().getExternalContext();
        return context.isUserInRole(Role.ADMIN_NAME)
                || (context.isUserInRole(Role.ARCHIVIST_NAME) && JobLauncher.TAPE_EXPORT.equals(v.jobName()));
    }

    private void requireFor(long id) {
        if (!mayControl(launcher.execution(id))) {
            throw new SecurityException("only admins (archivists for tape-export) stop and restart executions");
        }
    }
}
