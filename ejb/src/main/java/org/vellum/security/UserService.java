package org.vellum.security;

import jakarta.annotation.Resource;
import jakarta.ejb.Singleton;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import javax.sql.DataSource;
import org.jboss.logging.Logger;
import org.vellum.ingest.EventLog;
import org.vellum.problem.VellumException;
import org.vellum.schema.Jdbc;
import org.vellum.timestamp.TimeStampService;

/**
 * Who has which role, and role changes by admins. Every change is appended to the ledger as a
 * {@code permission.changed} event of the appliance (docs/FORMAT.md §10) before the roles change; the JDBC realm reads
 * the roles at the next sign-in.
 */
@Singleton
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class UserService {
    private static final Logger LOG = Logger.getLogger(UserService.class);

    @Resource(lookup = "java:jboss/datasources/VellumDS")
    private DataSource dataSource;

    @Inject
    EventLog events;

    /** An account: its name, its roles in name order, and when its password was last set. */
    public record User(String name, List<String> roles, Instant passwordSetAt) {}

    public List<User> users() {
        Map<String, Instant> names = new TreeMap<>();
        Jdbc.query(
                        dataSource,
                        "users-unavailable",
                        "user list",
                        "SELECT name, updated_at FROM vellum_user",
                        rs -> Map.entry(rs.getString(1), Jdbc.instant(rs, 2)))
                .forEach(e -> names.put(e.getKey(), e.getValue()));
        Map<String, TreeSet<String>> roles = new TreeMap<>();
        Jdbc.query(
                        dataSource,
                        "users-unavailable",
                        "user roles",
                        "SELECT name, role FROM vellum_user_role",
                        rs -> Map.entry(rs.getString(1), rs.getString(2)))
                .forEach(e ->
                        roles.computeIfAbsent(e.getKey(), k -> new TreeSet<>()).add(e.getValue()));
        List<User> out = new ArrayList<>();
        names.forEach(
                (name, at) -> out.add(new User(name, List.copyOf(roles.getOrDefault(name, new TreeSet<>())), at)));
        return out;
    }

    public User user(String name) {
        return users().stream()
                .filter(u -> u.name().equals(name))
                .findFirst()
                .orElseThrow(() ->
                        new VellumException(VellumException.Kind.NOT_FOUND, "no-such-user", "no user named " + name));
    }

    /**
     * Gives {@code subject} exactly {@code roles} (the five of {@link Role}, and {@code timestamp-client} for the
     * built-in TSA), appending {@code permission.changed} first. Refuses unknown roles,
     * the appliance's internal time-stamping account, and taking the last admin's role away; a change to the same
     * roles appends nothing.
     */
    public synchronized User setRoles(String admin, String subject, Collection<String> roles, String reason) {
        User before = user(subject);
        if (TimeStampService.INTERNAL_USER.equals(subject)) {
            throw new VellumException(
                    VellumException.Kind.CONFLICT,
                    "internal-user",
                    subject + " is the appliance's own time-stamping account; its role is fixed");
        }
        TreeSet<String> after = new TreeSet<>();
        for (String role : roles) {
            if (Role.byName(role).isEmpty() && !TimeStampService.ROLE.equals(role)) {
                throw new VellumException(VellumException.Kind.INVALID, "unknown-role", "no role named " + role);
            }
            after.add(role);
        }
        if (after.equals(new TreeSet<>(before.roles()))) {
            return before;
        }
        if (before.roles().contains(Role.ADMIN_NAME) && !after.contains(Role.ADMIN_NAME) && admins() <= 1) {
            throw new VellumException(
                    VellumException.Kind.CONFLICT,
                    "last-admin",
                    subject + " is the only admin; grant admin to someone else first");
        }
        if (reason != null && reason.length() > 1000) {
            throw new VellumException(
                    VellumException.Kind.INVALID, "reason-too-long", "the reason is over 1000 characters");
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("admin", admin);
        fields.put("subject", subject);
        fields.put("role_before", roleList(before.roles()));
        fields.put("role_after", roleList(after));
        if (reason != null && !reason.isBlank()) {
            fields.put("reason", reason);
        }
        long seq = events.record("permission.changed", fields).seq();
        store(subject, after, seq);
        LOG.infof("VELLUM-0206 the roles of a user changed by an admin (ledger seq %d)", seq);
        return user(subject);
    }

    private long admins() {
        return users().stream().filter(u -> u.roles().contains(Role.ADMIN_NAME)).count();
    }

    /** The roles as one value of the event: comma-separated in name order, {@code none} for no role. */
    static String roleList(Collection<String> roles) {
        return roles.isEmpty() ? "none" : String.join(",", new TreeSet<>(roles));
    }

    private void store(String subject, Collection<String> roles, long seq) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement delete = c.prepareStatement("DELETE FROM vellum_user_role WHERE name = ?");
                    PreparedStatement insert =
                            c.prepareStatement("INSERT INTO vellum_user_role (name, role) VALUES (?, ?)")) {
                delete.setString(1, subject);
                delete.executeUpdate();
                for (String role : roles) {
                    insert.setString(1, subject);
                    insert.setString(2, role);
                    insert.executeUpdate();
                }
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new VellumException(
                    VellumException.Kind.UNAVAILABLE,
                    "roles-not-stored",
                    "the roles could not be stored (their permission.changed entry is seq " + seq + "): "
                            + e.getMessage(),
                    e);
        }
    }
}
