package org.vellum.security;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import javax.sql.DataSource;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Creates or resets users from the bootstrap file the run script writes ({@code role:base64(password)} per line),
 * stores only bcrypt hashes in the modular-crypt form Elytron's JDBC realm reads, and deletes the file.
 */
@Singleton
@Startup
@DependsOn("SchemaService")
public class UserBootstrapService {
    private static final Logger LOG = Logger.getLogger(UserBootstrapService.class);
    /** bcrypt's work factor: about 100 ms of CPU per check here; see docs/operations.md on authentication cost. */
    static final int BCRYPT_COST = 10;

    @Resource(lookup = "java:jboss/datasources/VellumDS")
    private DataSource dataSource;

    @Inject
    @ConfigProperty(name = "vellum.users.bootstrap-file")
    String bootstrapFile;

    @PostConstruct
    void bootstrap() {
        Path file = Path.of(bootstrapFile);
        if (!Files.exists(file)) {
            return;
        }
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.US_ASCII);
            try (Connection c = dataSource.getConnection()) {
                for (String line : lines) {
                    if (!line.isBlank() && !line.startsWith("#")) {
                        apply(c, line.strip());
                    }
                }
            }
            Files.delete(file);
        } catch (IOException e) {
            throw new UncheckedIOException("VELLUM-0201 cannot read the user bootstrap file " + file, e);
        } catch (SQLException e) {
            throw new IllegalStateException("VELLUM-0201 cannot store users: " + e.getMessage(), e);
        }
    }

    private void apply(Connection c, String line) throws SQLException {
        int colon = line.indexOf(':');
        Role role = colon < 0 ? null : Role.byName(line.substring(0, colon)).orElse(null);
        if (role == null) {
            LOG.warnf("VELLUM-0202 ignored a bootstrap line that names no known role");
            return;
        }
        char[] password;
        try {
            password = new String(Base64.getDecoder().decode(line.substring(colon + 1)), StandardCharsets.UTF_8)
                    .toCharArray();
        } catch (IllegalArgumentException e) {
            LOG.warnf("VELLUM-0202 ignored the bootstrap line for %s: the password is not base64", role.roleName());
            return;
        }
        if (password.length < 12) {
            LOG.warnf("VELLUM-0203 refused the password for %s: it needs at least 12 characters", role.roleName());
            return;
        }
        boolean created = upsert(c, role.roleName(), role.roleName(), password);
        Arrays.fill(password, '\0');
        if (created) {
            LOG.infof("VELLUM-0204 created user %s with role %s", role.roleName(), role.roleName());
        } else {
            LOG.infof("VELLUM-0205 reset the password of user %s", role.roleName());
        }
    }

    /**
     * Sets a user's password (a bcrypt hash of it), creating the user with {@code role} if it does not exist yet.
     * Returns whether it was created.
     */
    public static boolean upsert(Connection c, String user, String role, char[] password) throws SQLException {
        String hash = hash(password);
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        try (PreparedStatement update =
                c.prepareStatement("UPDATE vellum_user SET password_hash = ?, updated_at = ? WHERE name = ?")) {
            update.setString(1, hash);
            update.setObject(2, now);
            update.setString(3, user);
            if (update.executeUpdate() > 0) {
                return false;
            }
        }
        try (PreparedStatement insert =
                c.prepareStatement("INSERT INTO vellum_user (name, password_hash, updated_at) VALUES (?, ?, ?)")) {
            insert.setString(1, user);
            insert.setString(2, hash);
            insert.setObject(3, now);
            insert.executeUpdate();
        }
        try (PreparedStatement grant = c.prepareStatement("INSERT INTO vellum_user_role (name, role) VALUES (?, ?)")) {
            grant.setString(1, user);
            grant.setString(2, role);
            grant.executeUpdate();
        }
        return true;
    }

    /** A bcrypt hash in modular crypt form ({@code $2a$10$...}). */
    static String hash(char[] password) {
        byte[] salt = new byte[16];
        new SecureRandom().nextBytes(salt);
        return OpenBSDBCrypt.generate("2a", password, salt, BCRYPT_COST);
    }
}
