package org.vellum.jobs;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.ScheduleExpression;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.Timeout;
import jakarta.ejb.Timer;
import jakarta.ejb.TimerConfig;
import jakarta.ejb.TimerService;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.vellum.collect.CollectBackend;
import org.vellum.collect.Source;

/**
 * Starts {@code nightly-archive} on its schedule with a persistent timer, which survives restarts and fires once for
 * runs missed while the server was down. The schedule is {@code vellum.schedule.nightly-archive}, a cron-like line
 * ({@link CronSchedule}); changing it replaces the timer on the next start. Also deletes quarantined lines whose
 * retention ended, every night.
 */
@Singleton
@Startup
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class JobScheduler {
    private static final Logger LOG = Logger.getLogger(JobScheduler.class);

    @Resource
    TimerService timers;

    @Inject
    JobLauncher launcher;

    @Inject
    CollectBackend collect;

    @Inject
    @ConfigProperty(name = "vellum.schedule.nightly-archive")
    String nightlySchedule;

    @Inject
    @ConfigProperty(name = "vellum.schedule.nightly-archive.enabled")
    boolean nightlyEnabled;

    @Inject
    @ConfigProperty(name = "vellum.data-dir")
    String dataDir;

    @PostConstruct
    void schedule() {
        createDefaultFolders();
        ScheduleExpression wanted = CronSchedule.parse(nightlySchedule);
        boolean kept = false;
        for (Timer t : timers.getTimers()) {
            if (JobLauncher.NIGHTLY_ARCHIVE.equals(t.getInfo())) {
                if (nightlyEnabled && !kept && CronSchedule.same(t.getSchedule(), wanted)) {
                    kept = true;
                } else {
                    t.cancel();
                }
            }
        }
        if (nightlyEnabled && !kept) {
            timers.createCalendarTimer(wanted, new TimerConfig(JobLauncher.NIGHTLY_ARCHIVE, true));
        }
        LOG.infof(
                "VELLUM-0407 nightly-archive is %s (schedule '%s', server time)",
                nightlyEnabled ? "scheduled" : "not scheduled", nightlySchedule);
    }

    /** A job's schedule as it stands: its cron line, whether it is on, and when it fires next. */
    public record Schedule(String job, String cron, boolean enabled, Instant nextRun) {}

    public List<Schedule> schedules() {
        Instant next = null;
        for (Timer t : timers.getTimers()) {
            if (JobLauncher.NIGHTLY_ARCHIVE.equals(t.getInfo())) {
                next = t.getNextTimeout().toInstant();
            }
        }
        return List.of(new Schedule(JobLauncher.NIGHTLY_ARCHIVE, nightlySchedule, nightlyEnabled, next));
    }

    @Timeout
    void fire(Timer timer) {
        if (JobLauncher.NIGHTLY_ARCHIVE.equals(timer.getInfo())) {
            int purged = collect.store().purgeQuarantine(Instant.now());
            if (purged > 0) {
                LOG.infof(
                        "VELLUM-0408 %d quarantined lines reached the end of their retention and were deleted", purged);
            }
            launcher.startUnlessRunning(JobLauncher.NIGHTLY_ARCHIVE);
        }
    }

    /** The embedded default's spool folder lives in the data folder; create it so that the first run finds it. */
    private void createDefaultFolders() {
        Path data = Path.of(dataDir).toAbsolutePath().normalize();
        for (Source source : collect.configuredSources()) {
            if (source.dir().startsWith(data) && !Files.exists(source.dir())) {
                try {
                    Files.createDirectories(source.dir());
                } catch (IOException e) {
                    LOG.warnf(
                            "VELLUM-0409 the folder of source %s cannot be created: %s", source.name(), e.getMessage());
                }
            }
        }
    }
}
