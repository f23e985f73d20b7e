package org.vellum.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * PostgreSQL for the IT suite's second run: fresh roles and a fresh database made by the same scripts an operator
 * runs ({@code ear/src/main/postgresql/create-roles.sql}, {@code create-database.sql}), and the server's properties
 * file ({@code --properties}) naming them. The passwords are random for every build; the machine's PostgreSQL is
 * reached as its superuser ({@code VELLUM_TEST_PG_URL}, by default postgres on 127.0.0.1:5432).
 */
public final class PostgresItDatabase {
    static final String ADMIN_URL = System.getenv()
            .getOrDefault("VELLUM_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres");
    static final String OWNER = "vellum_it_owner";
    static final String APP = "vellum_it_app";
    static final String DATABASE = "vellum_it";

    private PostgresItDatabase() {}

    /**
     * {@code check <active>}: says whether the IT suite also runs on PostgreSQL (a failure under CI=true where it
     * does not); {@code create <scripts dir> <properties file>}: makes the roles and the database.
     */
    public static void main(String[] args) throws IOException, SQLException {
        if (args[0].equals("check")) {
            if (!Boolean.parseBoolean(args[1])) {
                String message = "PostgreSQL is not installed here (no /etc/postgresql): the IT suite runs on H2 only;"
                        + " .ci/run installs PostgreSQL and runs it on both";
                if ("true".equals(System.getenv("CI"))) {
                    throw new IllegalStateException("CI=true: " + message);
                }
                System.out.println("[WARNING] " + message);
            }
            return;
        }
        Path scripts = Path.of(args[1]);
        Path properties = Path.of(args[2]);
        Properties settings = new Properties();
        settings.setProperty("vellum.db.host", "127.0.0.1");
        settings.setProperty("vellum.db.port", "5432");
        settings.setProperty("vellum.db.name", DATABASE);
        settings.setProperty("vellum.db.owner.user", OWNER);
        settings.setProperty("vellum.db.app.user", APP);
        settings.setProperty("vellum.db.owner.password", password());
        settings.setProperty("vellum.db.app.password", password());
        try (Connection admin = admin()) {
            dropAll(admin);
            run(
                    admin,
                    scripts.resolve("create-roles.sql"),
                    Map.of(
                            "owner",
                            OWNER,
                            "app",
                            APP,
                            "owner_password",
                            settings.getProperty("vellum.db.owner.password"),
                            "app_password",
                            settings.getProperty("vellum.db.app.password")));
            createDatabase(admin, scripts, DATABASE);
        }
        Files.createDirectories(properties.getParent());
        try (var out = Files.newOutputStream(properties)) {
            settings.store(out, "the IT suite's PostgreSQL database, this build only");
        }
        System.out.println(
                "[INFO] PostgreSQL database " + DATABASE + " made for the IT suite, roles " + OWNER + " and " + APP);
    }

    /** A further database for a second server of the IT run (the roles exist); its properties file. */
    public static Path createDatabase(String name, Path properties, Path into) throws IOException {
        Properties settings = new Properties();
        try (var in = Files.newInputStream(properties)) {
            settings.load(in);
        }
        String database = DATABASE + "_" + name.replaceAll("[^a-z0-9]", "_");
        try (Connection admin = admin()) {
            drop(admin, database);
            createDatabase(admin, Path.of(System.getProperty("vellum.postgresql.scripts")), database);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot make database " + database + ": " + e.getMessage(), e);
        }
        settings.setProperty("vellum.db.name", database);
        Files.createDirectories(into.getParent());
        try (var out = Files.newOutputStream(into)) {
            settings.store(out, "database of one test's server");
        }
        return into;
    }

    private static void createDatabase(Connection admin, Path scripts, String database)
            throws IOException, SQLException {
        run(admin, scripts.resolve("create-database.sql"), Map.of("db", database, "owner", OWNER, "app", APP));
    }

    private static Connection admin() throws SQLException {
        return DriverManager.getConnection(ADMIN_URL);
    }

    /** Databases and roles an earlier build left behind. */
    private static void dropAll(Connection admin) throws SQLException {
        List<String> databases = new ArrayList<>();
        try (Statement s = admin.createStatement();
                var rs = s.executeQuery("SELECT datname FROM pg_database WHERE datname LIKE 'vellum\\_it%'")) {
            while (rs.next()) {
                databases.add(rs.getString(1));
            }
        }
        for (String database : databases) {
            drop(admin, database);
        }
        try (Statement s = admin.createStatement()) {
            s.execute("DROP ROLE IF EXISTS " + APP);
            s.execute("DROP ROLE IF EXISTS " + OWNER);
        }
    }

    private static void drop(Connection admin, String database) throws SQLException {
        try (Statement s = admin.createStatement()) {
            s.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + database + "'");
            s.execute("DROP DATABASE IF EXISTS \"" + database + "\"");
        }
    }

    /**
     * Runs a psql script over JDBC: its variables ({@code :"name"} an identifier, {@code :'name'} a literal) put in,
     * {@code \connect} followed to the named database, one statement per {@code ;} at a line's end (outside
     * dollar-quoted bodies).
     */
    static void run(Connection admin, Path script, Map<String, String> variables) throws IOException, SQLException {
        String text = Files.readString(script, StandardCharsets.UTF_8);
        for (var v : variables.entrySet()) {
            text = text.replace(":\"" + v.getKey() + "\"", "\"" + v.getValue().replace("\"", "\"\"") + "\"")
                    .replace(":'" + v.getKey() + "'", "'" + v.getValue().replace("'", "''") + "'");
        }
        Connection current = admin;
        try {
            StringBuilder statement = new StringBuilder();
            boolean inBody = false;
            for (String line : text.split("\n")) {
                String trimmed = line.strip();
                if (!inBody && (trimmed.isEmpty() || trimmed.startsWith("--"))) {
                    continue;
                }
                if (trimmed.startsWith("\\getenv ")) {
                    continue; // psql reads the variable from the environment; here it came in {@code variables}
                }
                if (trimmed.startsWith("\\connect ")) {
                    String database = trimmed.substring("\\connect ".length()).replace("\"", "");
                    if (current != admin) {
                        current.close();
                    }
                    current = DriverManager.getConnection(ADMIN_URL.replace("/postgres?", "/" + database + "?"));
                    continue;
                }
                statement.append(line).append('\n');
                if (count(line, "$$") % 2 == 1) {
                    inBody = !inBody; // a dollar-quoted function body: its semicolons end no statement
                }
                if (!inBody && trimmed.endsWith(";")) {
                    try (Statement s = current.createStatement()) {
                        s.execute(statement.toString());
                    }
                    statement.setLength(0);
                }
            }
            if (!statement.toString().isBlank()) {
                throw new IllegalStateException(script + " ends without ';'");
            }
        } finally {
            if (current != admin) {
                current.close();
            }
        }
    }

    private static int count(String s, String part) {
        int n = 0;
        for (int i = s.indexOf(part); i >= 0; i = s.indexOf(part, i + part.length())) {
            n++;
        }
        return n;
    }

    private static String password() {
        byte[] bytes = new byte[18];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Whether this run's server is on PostgreSQL: its properties file, for a further server to copy. */
    public static java.util.Optional<Path> serverProperties() {
        String file = System.getProperty("vellum.server.properties");
        return file == null || file.isBlank() ? java.util.Optional.empty() : java.util.Optional.of(Path.of(file));
    }

    static {
        // the driver registers itself; fail early and clearly where it is missing from the test class path
        try {
            Class.forName("org.postgresql.Driver");
        } catch (ClassNotFoundException e) {
            throw new UncheckedIOException(new IOException("the PostgreSQL driver is not on the class path", e));
        }
    }
}
