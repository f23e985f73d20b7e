package org.vellum.jobs;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Lock;
import jakarta.ejb.LockType;
import jakarta.ejb.NoMoreTimeoutsException;
import jakarta.ejb.NoSuchObjectLocalException;
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
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.vellum.collect.CollectBackend;
import org.vellum.collect.Source;
import org.vellum.ingest.EventLog;
import org.vellum.problem.VellumException;
import org.vellum.schedule.ScheduleTable;
import org.vellum.worm.StorageBackend;

/**
 * Starts {@code nightly-archive}, {@code verify-archives} and {@code retention-purge} on their schedules, and the WORM
 * self-test of every storage target, each with a persistent timer, which survives restarts and fires once for runs
 * missed while the server was down. Each schedule is {@code vellum.schedule.<job>}, a cron-like line
 * ({@link CronSchedule}), switched by {@code vellum.schedule.<job>.enabled}; changing it replaces the timer on the
 * next start. An admin's change ({@link #change}) is kept in the database, wins over the configuration, and is in the
 * ledger as a {@code config.changed} event. Also deletes quarantined lines whose
 * retention ended, every night.
 */
@Singleton
@Startup
@DependsOn("vellum-ejb.jar#SchemaService") // job_schedule must exist before the timers are set
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
    ClusterWatch cluster;

    @Inject
    CollectBackend collect;

    @Inject
    StorageBackend storage;

    @Resource
    ManagedExecutorService executor;

    @Inject
    EventLog events;

    @Resource(lookup = "java:jboss/datasources/VellumDS")
    DataSource dataSource;

    private ScheduleTable table;

    @Inject
    @ConfigProperty(name = "vellum.data-dir")
    String dataDir;

    /** What the scheduler starts: the three jobs, and the WORM self-test of every storage target. */
    static final List<String> SCHEDULED = List.of(
            JobLauncher.NIGHTLY_ARCHIVE, JobLauncher.VERIFY_ARCHIVES, JobLauncher.RETENTION_PURGE, WORM_SELF_TEST);

    @PostConstruct
    void schedule() {
        table = new ScheduleTable(dataSource);
        createDefaultFolders();
        for (String job : SCHEDULED) {
            Wanted wanted = wanted(job);
            apply(job, wanted.cron(), wanted.enabled());
            LOG.infof(
                    "VELLUM-0407 %s is %s (schedule '%s', server time%s)",
                    job,
                    wanted.enabled() ? "scheduled" : "not scheduled",
                    wanted.cron(),
                    wanted.set().isPresent() ? ", as an admin set it" : "");
        }
    }

    /** Makes the job's timers match: keeps one that already fires on {@code cron}, replaces the others. */
    private void apply(String job, String cron, boolean enabled) {
        ScheduleExpression expression = CronSchedule.parse(cron);
        boolean kept = false;
        for (Timer t : timers.getTimers()) {
            if (job.equals(t.getInfo())) {
                if (enabled && !kept && CronSchedule.same(t.getSchedule(), expression)) {
                    kept = true;
                } else {
                    t.cancel();
                }
            }
        }
        if (enabled && !kept) {
            timers.createCalendarTimer(expression, new TimerConfig(job, true));
        }
    }

    /** The schedule in force: an admin's ({@code job_schedule}) over the configured {@code vellum.schedule.<job>}. */
    private record Wanted(String cron, boolean enabled, Optional<ScheduleTable.SetSchedule> set) {}

    private Wanted wanted(String job) {
        Optional<ScheduleTable.SetSchedule> set = table.get(job);
        if (set.isPresent()) {
            return new Wanted(set.get().cron(), set.get().enabled(), set);
        }
        Config config = ConfigProvider.getConfig();
        return new Wanted(
                config.getValue("vellum.schedule." + job, String.class),
                config.getValue("vellum.schedule." + job + ".enabled", Boolean.class),
                set);
    }

    /**
     * A job's schedule as it stands: its cron line, whether it is on, when it fires next, and who last changed it
     * (null while the configured default holds).
     */
    public record Schedule(
            String job, String cron, boolean enabled, Instant nextRun, String changedBy, Instant changedAt)
            implements Serializable {}

    @Lock(LockType.READ)
    public List<Schedule> schedules() {
        return SCHEDULED.stream().map(this::schedule).toList();
    }

    private Schedule schedule(String job) {
        Instant next = null;
        for (Timer t : timers.getTimers()) {
            if (job.equals(t.getInfo())) {
                try {
                    next = t.getNextTimeout().toInstant();
                } catch (NoMoreTimeoutsException | NoSuchObjectLocalException never) {
                    // a schedule set before lines that never fire were refused: shown without a next run
                }
            }
        }
        Wanted w = wanted(job);
        return new Schedule(
                job,
                w.cron(),
                w.enabled(),
                next,
                w.set().map(ScheduleTable.SetSchedule::changedBy).orElse(null),
                w.set().map(ScheduleTable.SetSchedule::changedAt).orElse(null));
    }

    /**
     * Changes a job's schedule (null leaves that part as it is). Each changed value is appended to the ledger as a
     * {@code config.changed} event of the appliance (docs/FORMAT.md §10) before the schedule is stored and the timer
     * replaced; nothing changes, and nothing is appended, when the values are the ones in force.
     */
    public Schedule change(String job, String cron, Boolean enabled, String admin) {
        if (!SCHEDULED.contains(job)) {
            throw new VellumException(VellumException.Kind.NOT_FOUND, "no-such-schedule", "no schedule named " + job);
        }
        Wanted before = wanted(job);
        String newCron = cron == null ? before.cron() : cron.trim().replaceAll("\\s+", " ");
        boolean newEnabled = enabled == null ? before.enabled() : enabled;
        CronSchedule.check(newCron);
        // the timer service's own parser is the judge, and the line must fire at least once (not "0 0 31 2 *"); a
        // timer without info that fires meanwhile does nothing (fire)
        Timer trial;
        try {
            trial = timers.createCalendarTimer(CronSchedule.parse(newCron), new TimerConfig(null, false));
        } catch (IllegalArgumentException e) {
            throw new VellumException(
                    VellumException.Kind.INVALID,
                    "bad-schedule",
                    "the timer service refuses '" + newCron + "': " + e.getMessage());
        }
        try {
            trial.getNextTimeout();
        } catch (NoMoreTimeoutsException | NoSuchObjectLocalException e) {
            throw new VellumException(VellumException.Kind.INVALID, "bad-schedule", "'" + newCron + "' never fires");
        } finally {
            try {
                trial.cancel();
            } catch (NoSuchObjectLocalException gone) {
                // a timer without timeouts is gone already
            }
        }
        if (newCron.equals(before.cron()) && newEnabled == before.enabled()) {
            return schedule(job);
        }
        long seq = 0;
        if (!newCron.equals(before.cron())) {
            seq = configChanged(admin, "vellum.schedule." + job, before.cron(), newCron);
        }
        if (newEnabled != before.enabled()) {
            seq = configChanged(admin, "vellum.schedule." + job + ".enabled", before.enabled(), newEnabled);
        }
        table.put(new ScheduleTable.SetSchedule(job, newCron, newEnabled, admin, Instant.now(), seq));
        apply(job, newCron, newEnabled);
        LOG.infof(
                "VELLUM-0414 %s's schedule changed to '%s', %s, by an admin (ledger seq %d)",
                job, newCron, newEnabled ? "enabled" : "disabled", seq);
        return schedule(job);
    }

    private long configChanged(String admin, String key, Object before, Object after) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("admin", admin);
        fields.put("key", key);
        fields.put("value_before", before);
        fields.put("value_after", after);
        return events.record("config.changed", fields).seq();
    }

    @Timeout
    void fire(Timer timer) {
        Object job = timer.getInfo();
        if (job instanceof String name && SCHEDULED.contains(name) && cluster.enabled()) {
            // An admin may have changed the schedule on another node of the cluster: the stored one rules here too.
            Wanted wanted = wanted(name);
            if (!wanted.enabled() || !CronSchedule.same(timer.getSchedule(), CronSchedule.parse(wanted.cron()))) {
                LOG.infof(
                        "VELLUM-0415 %s's timer here was out of date; set to '%s' (%s)",
                        name, wanted.cron(), wanted.enabled() ? "on" : "off");
                apply(name, wanted.cron(), wanted.enabled());
                return;
            }
            if (!cluster.claimScheduledRun(name)) {
                return; // another node of the cluster runs this one
            }
        }
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
