package org.vellum.cluster;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import javax.sql.DataSource;
import org.vellum.problem.VellumException;
import org.vellum.schema.Jdbc;

/**
 * The tables {@code cluster_node}, {@code job_owner} and {@code job_claim}. Every time is the database's clock, so
 * that the nodes' clocks need not agree; every decision is one statement that only one node can win.
 */
public final class ClusterTable {
    private final DataSource dataSource;

    public ClusterTable(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** A node starts: it is alive from now on. */
    public void join(String node) {
        if (execute(
                        "UPDATE cluster_node SET started_at = CURRENT_TIMESTAMP, heartbeat_at = CURRENT_TIMESTAMP"
                                + " WHERE name = ?",
                        node)
                == 0) {
            execute(
                    "INSERT INTO cluster_node (name, started_at, heartbeat_at)"
                            + " VALUES (?, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)",
                    node);
        }
    }

    /** A node's sign of life. */
    public void heartbeat(String node) {
        if (execute("UPDATE cluster_node SET heartbeat_at = CURRENT_TIMESTAMP WHERE name = ?", node) == 0) {
            join(node);
        }
    }

    /** A node as the others see it: when it last beat, and how long ago by the database's clock. */
    public record Node(String name, Instant startedAt, Instant heartbeatAt, Duration silentFor) {
        public boolean alive(Duration timeout) {
            return silentFor.compareTo(timeout) <= 0;
        }
    }

    public Map<String, Node> nodes() {
        Map<String, Node> nodes = new TreeMap<>();
        for (Node n : Jdbc.query(
                dataSource,
                "cluster-unavailable",
                "cluster's nodes",
                "SELECT name, started_at, heartbeat_at, CURRENT_TIMESTAMP FROM cluster_node",
                rs -> new Node(
                        rs.getString(1),
                        Jdbc.instant(rs, 2),
                        Jdbc.instant(rs, 3),
                        Duration.between(Jdbc.instant(rs, 3), Jdbc.instant(rs, 4))))) {
            nodes.put(n.name(), n);
        }
        return nodes;
    }

    /** Records that {@code node} runs an execution. */
    public void own(long executionId, String job, String node) {
        if (execute("UPDATE job_owner SET node = ? WHERE execution_id = ?", node, executionId) == 0) {
            execute("INSERT INTO job_owner (execution_id, job, node) VALUES (?, ?, ?)", executionId, job, node);
        }
    }

    /** An execution with the node that runs it. */
    public record Owned(long executionId, String job, String node) {}

    public Optional<Owned> owner(long executionId) {
        return Jdbc.query(
                        dataSource,
                        "cluster-unavailable",
                        "job's owner",
                        "SELECT execution_id, job, node FROM job_owner WHERE execution_id = ?",
                        rs -> new Owned(rs.getLong(1), rs.getString(2), rs.getString(3)),
                        executionId)
                .stream()
                .findFirst();
    }

    /** The executions no node has taken over yet, with their owners. */
    public List<Owned> notTakenOver() {
        return new ArrayList<>(Jdbc.query(
                dataSource,
                "cluster-unavailable",
                "jobs' owners",
                "SELECT execution_id, job, node FROM job_owner WHERE taken_from IS NULL ORDER BY execution_id",
                rs -> new Owned(rs.getLong(1), rs.getString(2), rs.getString(3)),
                new Object[0]));
    }

    /**
     * Takes an execution over from a node that died with it running (or restarted since); true for the one node that
     * wins it. An execution is taken over once: the winner's update marks it.
     */
    public boolean takeOver(long executionId, String from, String to) {
        return execute(
                        "UPDATE job_owner SET node = ?, taken_from = ? WHERE execution_id = ? AND node = ?"
                                + " AND taken_from IS NULL",
                        to,
                        from,
                        executionId,
                        from)
                == 1;
    }

    /**
     * Claims a scheduled run of {@code job} for {@code node}: true unless another node claimed one within
     * {@code window}, so that timers firing on every node start the job once.
     */
    public boolean claimScheduledRun(String job, String node, Duration window) {
        Instant cutoff = now().minus(window);
        if (execute(
                        "UPDATE job_claim SET claimed_at = CURRENT_TIMESTAMP, node = ? WHERE job = ? AND claimed_at < ?",
                        node,
                        job,
                        cutoff)
                == 1) {
            return true;
        }
        try (Connection c = dataSource.getConnection();
                PreparedStatement p = c.prepareStatement(
                        "INSERT INTO job_claim (job, claimed_at, node) VALUES (?, CURRENT_TIMESTAMP, ?)")) {
            Jdbc.bind(p, job, node);
            return p.executeUpdate() == 1;
        } catch (SQLException e) {
            if ("23505".equals(e.getSQLState())) {
                return false; // the row exists: claimed within the window, by this node or another
            }
            throw new VellumException(
                    VellumException.Kind.UNAVAILABLE,
                    "cluster-unavailable",
                    "the scheduled run of " + job + " could not be claimed: " + e.getMessage(),
                    e);
        }
    }

    private Instant now() {
        return Jdbc.query(
                        dataSource,
                        "cluster-unavailable",
                        "database's clock",
                        "SELECT CURRENT_TIMESTAMP FROM" + " ledger_writer",
                        rs -> Jdbc.instant(rs, 1))
                .get(0);
    }

    private int execute(String sql, Object... args) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement p = c.prepareStatement(sql)) {
            Jdbc.bind(p, args);
            return p.executeUpdate();
        } catch (SQLException e) {
            throw new VellumException(
                    VellumException.Kind.UNAVAILABLE,
                    "cluster-unavailable",
                    "the cluster's state could not be stored: " + e.getMessage(),
                    e);
        }
    }
}
