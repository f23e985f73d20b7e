package org.vellum.jobs;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.batch.operations.NoSuchJobExecutionException;
import jakarta.batch.runtime.BatchRuntime;
import jakarta.batch.runtime.BatchStatus;
import jakarta.batch.runtime.JobExecution;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Date;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.vellum.cluster.ClusterTable;

/**
 * This node's part in a cluster (where appliances share one database, {@code vellum.ledger.writer=shared}): it beats
 * every few seconds in {@code cluster_node}; it records which executions it runs; and when another node stops beating,
 * it takes that node's running executions over and restarts them from their last checkpoint. Scheduled runs are
 * claimed in the database first, so that the timers of every node start a job once. A lone appliance does none of it.
 */
@Singleton
@Startup
@DependsOn("vellum-ejb.jar#SchemaService")
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class ClusterWatch {
    private static final Logger LOG = Logger.getLogger(ClusterWatch.class);
    private static final Set<BatchStatus> ACTIVE =
            Set.of(BatchStatus.STARTING, BatchStatus.STARTED, BatchStatus.STOPPING);

    @Inject
    @ConfigProperty(name = "vellum.ledger.writer")
    String writer;

    @Inject
    @ConfigProperty(name = "vellum.cluster.node")
    String node;

    /** A node silent for longer is dead: its executions are taken over. */
    @Inject
    @ConfigProperty(name = "vellum.cluster.node-timeout")
    Duration nodeTimeout;

    /** Timers of every node firing within this window start one run. */
    @Inject
    @ConfigProperty(name = "vellum.cluster.schedule-window")
    Duration scheduleWindow;

    @Inject
    JobLauncher launcher;

    @Resource(lookup = "java:jboss/datasources/VellumDS")
    DataSource dataSource;

    private ClusterTable table;
    private volatile boolean enabled;

    @PostConstruct
    void join() {
        enabled = writer.equals("shared");
        if (!enabled) {
            return;
        }
        table = new ClusterTable(dataSource);
        table.join(node);
        LOG.infof("VELLUM-0430 node %s joined the cluster (nodes silent for %s are taken over)", node, nodeTimeout);
    }

    public boolean enabled() {
        return enabled;
    }

    public String node() {
        return node;
    }

    /** Records that this node runs an execution. */
    public void own(long executionId, String job) {
        if (enabled) {
            table.own(executionId, job, node);
        }
    }

    /**
     * Whether an execution that the job repository shows as running is alive: run by this node in its present life
     * ({@code ownHere}, as the launcher knows), or by another node that still beats and has not restarted since the
     * execution was created.
     */
    public boolean alive(long executionId, Date created, boolean ownHere) {
        if (!enabled) {
            return ownHere;
        }
        Optional<ClusterTable.Owned> owner = table.owner(executionId);
        if (owner.isEmpty() || owner.get().node().equals(node)) {
            return ownHere;
        }
        return runsIn(table.nodes().get(owner.get().node()), created);
    }

    /** Whether {@code owner} beats and its present life began before the execution was created. */
    private boolean runsIn(ClusterTable.Node owner, Date created) {
        return owner != null
                && owner.alive(nodeTimeout)
                && created != null
                && !owner.startedAt().isAfter(created.toInstant());
    }

    /** True where this node is to start a scheduled run of {@code job} (always, alone). */
    public boolean claimScheduledRun(String job) {
        if (!enabled) {
            return true;
        }
        boolean won = table.claimScheduledRun(job, node, scheduleWindow);
        if (!won) {
            LOG.infof("VELLUM-0431 scheduled run of %s left to the node that claimed it first", job);
        }
        return won;
    }

    /** Beats, then takes over what dead nodes left running. */
    @Schedule(second = "*/5", minute = "*", hour = "*", persistent = false)
    void beat() {
        if (!enabled) {
            return;
        }
        try {
            table.heartbeat(node);
            takeOverFromDeadNodes();
        } catch (RuntimeException e) {
            LOG.warn("VELLUM-0432 the cluster heartbeat failed; retrying", e);
        }
    }

    /**
     * Restarts here what died with its node: executions still running in the job repository whose node stopped
     * beating, or restarted since it created them (this node's own included).
     */
    private void takeOverFromDeadNodes() {
        var nodes = table.nodes();
        for (ClusterTable.Owned owned : table.notTakenOver()) {
            JobExecution execution;
            try {
                execution = BatchRuntime.getJobOperator().getJobExecution(owned.executionId());
            } catch (NoSuchJobExecutionException gone) {
                continue;
            }
            ClusterTable.Node owner = nodes.get(owned.node());
            if (!ACTIVE.contains(execution.getBatchStatus())
                    || runsIn(owner, execution.getCreateTime())
                    || (owned.node().equals(node) && launcher.startedHere(execution))
                    || !table.takeOver(owned.executionId(), owned.node(), node)) {
                continue;
            }
            LOG.warnf(
                    "VELLUM-0433 node %s %s with execution %d of %s running; %s takes it over",
                    owned.node(),
                    owner != null && owner.alive(nodeTimeout) ? "restarted" : "fell silent",
                    owned.executionId(),
                    owned.job(),
                    node);
            try {
                launcher.takeOver(owned.executionId());
            } catch (RuntimeException e) {
                LOG.errorf(
                        e,
                        "VELLUM-0434 execution %d could not be restarted here; it stays as it is, for an admin to"
                                + " restart",
                        owned.executionId());
            }
        }
    }
}
