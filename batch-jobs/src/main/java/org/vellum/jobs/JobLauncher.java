package org.vellum.jobs;

import jakarta.batch.operations.JobOperator;
import jakarta.batch.operations.NoSuchJobException;
import jakarta.batch.operations.NoSuchJobExecutionException;
import jakarta.batch.runtime.BatchRuntime;
import jakarta.batch.runtime.BatchStatus;
import jakarta.batch.runtime.JobExecution;
import jakarta.batch.runtime.JobInstance;
import jakarta.batch.runtime.Metric;
import jakarta.batch.runtime.StepExecution;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.vellum.collect.CollectBackend;
import org.vellum.problem.VellumException;
import org.vellum.tapes.TapeBackend;

/**
 * The one way the appliance's jobs start, restart and stop: REST and the scheduler both come here. A job never runs
 * twice at once; an execution left {@code STARTED} by a server that died does not count as running.
 */
@ApplicationScoped
public class JobLauncher {
    public static final String NIGHTLY_ARCHIVE = "nightly-archive";
    public static final String VERIFY_ARCHIVES = "verify-archives";
    public static final String RETENTION_PURGE = "retention-purge";
    public static final String TAPE_EXPORT = "tape-export";

    private static final Logger LOG = Logger.getLogger(JobLauncher.class);
    private static final Set<String> JOBS = Set.of(NIGHTLY_ARCHIVE, VERIFY_ARCHIVES, RETENTION_PURGE, TAPE_EXPORT);

    /** Whether the appliance has a job of this name. */
    public static boolean isJob(String name) {
        return JOBS.contains(name);
    }

    private static final Set<String> PARAMETERS =
            Set.of("sourceDir", "glob", "format", "zone", "sourceName", "itemCount");
    private static final Set<String> FAULT_PARAMETERS = Set.of("failAt", "failAfter", "holdAt");
    private static final Set<String> TAPE_FAULT_PARAMETERS = Set.of("pauseAt");
    private static final Set<BatchStatus> ACTIVE =
            Set.of(BatchStatus.STARTING, BatchStatus.STARTED, BatchStatus.STOPPING);

    @Inject
    CollectBackend collect;

    @Inject
    TapeBackend tapes;

    @Inject
    ClusterWatch cluster;

    @Inject
    @ConfigProperty(name = "vellum.jobs.fault-injection", defaultValue = "false")
    boolean faultInjection;

    private final long bootTime = ManagementFactory.getRuntimeMXBean().getStartTime();

    private JobOperator operator() {
        return BatchRuntime.getJobOperator();
    }

    /** Starts a job; refused while an execution of it runs. */
    public synchronized JobView start(String jobName, Map<String, String> parameters) {
        if (!JOBS.contains(jobName)) {
            throw new VellumException(VellumException.Kind.NOT_FOUND, "no-such-job", "there is no job " + jobName);
        }
        Properties props = parameters(jobName, parameters);
        refuseIfRunning(jobName);
        long id = operator().start(jobName, props);
        cluster.own(id, jobName);
        LOG.infof("VELLUM-0404 job %s started as execution %d", jobName, id);
        return execution(id);
    }

    /** Starts a job unless it is running; for the scheduler. */
    public synchronized Optional<JobView> startUnlessRunning(String jobName) {
        if (running(jobName).isPresent()) {
            LOG.warnf("VELLUM-0405 scheduled run of %s skipped: an execution is still running", jobName);
            return Optional.empty();
        }
        return Optional.of(start(jobName, Map.of()));
    }

    public synchronized JobView restart(long executionId, Map<String, String> overrides) {
        JobExecution execution = find(executionId);
        Properties props;
        if (TAPE_EXPORT.equals(execution.getJobName())) {
            Map<String, String> merged = new LinkedHashMap<>();
            Properties original = operator().getParameters(executionId);
            if (original != null) {
                original.stringPropertyNames().forEach(k -> merged.put(k, original.getProperty(k)));
            }
            merged.putAll(overrides);
            tapes.check(withoutFaults(merged));
            props = new Properties();
            props.putAll(overrides);
        } else {
            props = parameters(execution.getJobName(), overrides);
        }
        refuseIfRunning(execution.getJobName());
        long id = operator().restart(executionId, props);
        cluster.own(id, execution.getJobName());
        LOG.infof("VELLUM-0406 execution %d of %s restarted as %d", executionId, execution.getJobName(), id);
        return execution(id);
    }

    /**
     * Restarts an execution that a dead node of the cluster left running ({@link ClusterWatch}): from its last
     * checkpoint, with its own parameters, on this node.
     */
    public synchronized JobView takeOver(long executionId) {
        JobExecution execution = find(executionId);
        Optional<Long> other = running(execution.getJobName()).filter(id -> id != executionId);
        if (other.isPresent()) {
            throw new VellumException(
                    VellumException.Kind.CONFLICT,
                    "job-running",
                    "execution " + other.get() + " of " + execution.getJobName() + " runs already");
        }
        long id = operator().restart(executionId, new Properties());
        cluster.own(id, execution.getJobName());
        LOG.infof(
                "VELLUM-0435 execution %d of %s taken over and restarted as %d",
                executionId, execution.getJobName(), id);
        return execution(id);
    }

    public JobView stop(long executionId) {
        JobExecution execution = find(executionId);
        if (!ACTIVE.contains(execution.getBatchStatus())) {
            throw new VellumException(
                    VellumException.Kind.CONFLICT, "job-not-running", "execution " + executionId + " is not running");
        }
        operator().stop(executionId);
        return execution(executionId);
    }

    public JobView execution(long executionId) {
        return view(find(executionId));
    }

    /** Executions of every job, newest first. */
    public List<JobView> executions(int offset, int limit) {
        return allExecutions().stream()
                .skip(offset)
                .limit(limit)
                .map(this::view)
                .toList();
    }

    public long executionCount() {
        return allExecutions().size();
    }

    private List<JobExecution> allExecutions() {
        List<JobExecution> all = new ArrayList<>();
        for (String job : JOBS) {
            try {
                int count = operator().getJobInstanceCount(job);
                for (JobInstance instance : operator().getJobInstances(job, 0, count)) {
                    all.addAll(operator().getJobExecutions(instance));
                }
            } catch (NoSuchJobException e) {
                // never run yet
            }
        }
        all.sort(Comparator.comparingLong(JobExecution::getExecutionId).reversed());
        return all;
    }

    /** The parameters {@code given} for {@code jobName}; only nightly-archive and tape-export take any. */
    private Properties parameters(String jobName, Map<String, String> given) {
        Properties props = new Properties();
        if (TAPE_EXPORT.equals(jobName)) {
            tapes.check(withoutFaults(given));
            props.putAll(given);
            return props;
        }
        boolean nightly = NIGHTLY_ARCHIVE.equals(jobName);
        given.forEach((name, value) -> {
            boolean allowed =
                    nightly && (PARAMETERS.contains(name) || (faultInjection && FAULT_PARAMETERS.contains(name)));
            if (!allowed) {
                throw new VellumException(
                        VellumException.Kind.INVALID,
                        "unknown-job-parameter",
                        jobName + " takes no job parameter " + name);
            }
            props.setProperty(name, value);
        });
        if (props.containsKey("sourceDir")) {
            collect.importFolder(props.getProperty("sourceDir"));
        }
        return props;
    }

    /** Tape-export parameters without the fault-injection ones, where fault injection is on (tests only). */
    private Map<String, String> withoutFaults(Map<String, String> given) {
        Map<String, String> kept = new LinkedHashMap<>(given);
        if (faultInjection) {
            kept.keySet().removeAll(TAPE_FAULT_PARAMETERS);
        }
        return kept;
    }

    private void refuseIfRunning(String jobName) {
        running(jobName).ifPresent(id -> {
            throw new VellumException(
                    VellumException.Kind.CONFLICT,
                    "job-running",
                    "execution " + id + " of " + jobName + " is still running; a run never overlaps another");
        });
    }

    /**
     * A running execution of the job: in this server's life (older ones died with their server), or on another node of
     * the cluster that still beats.
     */
    private Optional<Long> running(String jobName) {
        try {
            for (long id : operator().getRunningExecutions(jobName)) {
                JobExecution e = operator().getJobExecution(id);
                Date created = e.getCreateTime();
                if (ACTIVE.contains(e.getBatchStatus()) && cluster.alive(id, created, startedHere(e))) {
                    return Optional.of(id);
                }
            }
        } catch (NoSuchJobException e) {
            // never run yet
        }
        return Optional.empty();
    }

    /** Whether this server's present life created the execution (older ones died with their server). */
    boolean startedHere(JobExecution e) {
        Date created = e.getCreateTime();
        return created != null && created.getTime() >= bootTime;
    }

    private JobExecution find(long executionId) {
        try {
            return operator().getJobExecution(executionId);
        } catch (NoSuchJobExecutionException e) {
            throw new VellumException(
                    VellumException.Kind.NOT_FOUND, "no-such-execution", "there is no job execution " + executionId);
        }
    }

    private JobView view(JobExecution e) {
        long instanceId = operator().getJobInstance(e.getExecutionId()).getInstanceId();
        List<JobView.StepView> steps = new ArrayList<>();
        for (StepExecution s : operator().getStepExecutions(e.getExecutionId())) {
            Map<String, Long> metrics = new TreeMap<>();
            if (s.getMetrics() != null) {
                for (Metric m : s.getMetrics()) {
                    metrics.put(m.getType().name().toLowerCase(Locale.ROOT), m.getValue());
                }
            }
            steps.add(new JobView.StepView(
                    s.getStepName(),
                    String.valueOf(s.getBatchStatus()),
                    s.getExitStatus(),
                    instant(s.getStartTime()),
                    instant(s.getEndTime()),
                    metrics));
        }
        Map<String, String> params = new LinkedHashMap<>();
        Properties p = e.getJobParameters();
        if (p != null) {
            new TreeMap<>(p).forEach((k, v) -> params.put(String.valueOf(k), String.valueOf(v)));
        }
        return new JobView(
                e.getExecutionId(),
                instanceId,
                e.getJobName(),
                String.valueOf(e.getBatchStatus()),
                e.getExitStatus(),
                instant(e.getCreateTime()),
                instant(e.getStartTime()),
                instant(e.getEndTime()),
                params,
                steps,
                collect.store().run(instanceId));
    }

    private static Instant instant(Date d) {
        return d == null ? null : d.toInstant();
    }
}
