package org.vellum.jobs;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.Lock;
import jakarta.ejb.LockType;
import jakarta.ejb.ScheduleExpression;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.Timeout;
import jakarta.ejb.Timer;
import jakarta.ejb.TimerConfig;
import jakarta.ejb.TimerService;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.vellum.collect.CollectBackend;
import org.vellum.collect.Source;
import org.vellum.worm.StorageBackend;

/**
 * Starts {@code nightly-archive}, {@code verify-archives} and {@code retention-purge} on their schedules, and the WORM
 * self-test of every storage target, each with a persistent timer, which survives restarts and fires once for runs
 * missed while the server was down. Each schedule is {@code vellum.schedule.<job>}, a cron-like line
 * ({@link CronSchedule}), switched by {@code vellum.schedule.<job>.enabled}; changing it replaces the timer on the
 * next start. Also deletes quarantined lines whose
 * retention ended, every night.
 */
@Singleton
@Startup
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class JobScheduler {
    private static final Logger LOG = Logger.getLogger(JobScheduler.class);
    /** Not a batch job: the scheduler runs every storage target's WORM self-test itself. */
    public static final String WORM_SELF_TEST = "worm-self-test";

    @Resource
    TimerService timers;

    @Inject
    JobLauncher launcher;

    @Inject
    CollectBackend collect;

    @Inject
    StorageBackend storage;

    @Resource
    ManagedExecutorService executor;

    @Inject
    @ConfigProperty(name = "vellum.data-dir")
    String dataDir;

    /** What the scheduler starts: the three jobs, and the WORM self-test of every storage target. */
    static final List<String> SCHEDULED = List.of(
            JobLauncher.NIGHTLY_ARCHIVE, JobLauncher.VERIFY_ARCHIVES, JobLauncher.RETENTION_PURGE, WORM_SELF_TEST);

    @PostConstruct
    void schedule() {
        createDefaultFolders();
        Config config = ConfigProvider.getConfig();
        for (String job : SCHEDULED) {
            String cron = cron(config, job);
            boolean enabled = enabled(config, job);
            ScheduleExpression wanted = CronSchedule.parse(cron);
            boolean kept = false;
            for (Timer t : timers.getTimers()) {
                if (job.equals(t.getInfo())) {
                    if (enabled && !kept && CronSchedule.same(t.getSchedule(), wanted)) {
                        kept = true;
                    } else {
                        t.cancel();
                    }
                }
            }
            if (enabled && !kept) {
                timers.createCalendarTimer(wanted, new TimerConfig(job, true));
            }
            LOG.infof(
                    "VELLUM-0407 %s is %s (schedule '%s', server time)",
                    job, enabled ? "scheduled" : "not scheduled", cron);
        }
    }

    private static String cron(Config config, String job) {
        return config.getValue("vellum.schedule." + job, String.class);
    }

    private static boolean enabled(Config config, String job) {
        return config.getValue("vellum.schedule." + job + ".enabled", Boolean.class);
    }

    /** A job's schedule as it stands: its cron line, whether it is on, and when it fires next. */
    public record Schedule(String job, String cron, boolean enabled, Instant nextRun) {}

    @Lock(LockType.READ)
    public List<Schedule> schedules() {
        Config config = ConfigProvider.getConfig();
        List<Schedule> out = new ArrayList<>();
        for (String job : SCHEDULED) {
            Instant next = null;
            for (Timer t : timers.getTimers()) {
                if (job.equals(t.getInfo())) {
                    next = t.getNextTimeout().toInstant();
                }
            }
            out.add(new Schedule(job, cron(config, job), enabled(config, job), next));
        }
        return out;
    }

    @Timeout
    void fire(Timer timer) {
        Object job = timer.getInfo();
        if (JobLauncher.NIGHTLY_ARCHIVE.equals(job)) {
            int purged = collect.store().purgeQuarantine(Instant.now());
            if (purged > 0) {
                LOG.infof(
                        "VELLUM-0408 %d quarantined lines reached the end of their retention and were deleted", purged);
            }
            launcher.startUnlessRunning(JobLauncher.NIGHTLY_ARCHIVE);
        } else if (WORM_SELF_TEST.equals(job)) {
            executor.submit(storage::selfTestAll); // remote targets can take minutes: not under the scheduler's lock
        } else if (job instanceof String name && SCHEDULED.contains(name)) {
            launcher.startUnlessRunning(name);
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
