package org.vellum.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * A second WildFly of the build's own server, started the way an operator starts it ({@code bin/standalone.sh}) with
 * its own base directory and a port offset, so that it can be killed with SIGKILL and started again while the
 * Arquillian-managed server keeps running.
 */
public final class ServerProcess implements AutoCloseable {
    private final Path home = Path.of(System.getProperty("jboss.home"));
    private final Path baseDir;
    private final int portOffset;
    private final Properties passwords;
    private final Optional<Path> databaseProperties;
    private Process process;

    public ServerProcess(Path baseDir, int portOffset) throws IOException {
        this(baseDir, portOffset, null);
    }

    /**
     * A further node of {@code cluster}'s cluster: the same database (PostgreSQL) and the same accounts, its own base
     * directory and ports.
     */
    public ServerProcess(Path baseDir, int portOffset, ServerProcess cluster) throws IOException {
        this.baseDir = baseDir;
        this.portOffset = portOffset;
        this.passwords = cluster == null ? TestUsers.generate() : cluster.passwords;
        deleteRecursively(baseDir);
        copy(home.resolve("standalone/configuration"), baseDir.resolve("configuration"));
        Files.createDirectories(baseDir.resolve("deployments"));
        Files.copy(
                Path.of(System.getProperty("vellum.ear")),
                baseDir.resolve("deployments/vellum.ear"),
                StandardCopyOption.REPLACE_EXISTING);
        TestUsers.writeBootstrap(baseDir.resolve("data/vellum/bootstrap-users.properties"), passwords);
        // On PostgreSQL a server of its own needs a database of its own, unless it is a further node of a cluster:
        // two appliances share a ledger only as nodes of one cluster (the shared writer).
        Optional<Path> shared = PostgresItDatabase.serverProperties();
        databaseProperties = cluster != null
                ? cluster.databaseProperties
                : shared.isPresent()
                        ? Optional.of(PostgresItDatabase.createDatabase(
                                baseDir.getParent().getFileName().toString(),
                                shared.get(),
                                baseDir.resolve("database.properties")))
                        : Optional.empty();
    }

    /**
     * Changes one setting of the server's database properties (PostgreSQL only), e.g. {@code vellum.db.port}, for its
     * next start.
     */
    public void databaseSetting(String name, String value) throws IOException {
        Path file = databaseProperties.orElseThrow(() -> new IllegalStateException("no database properties (H2)"));
        Properties settings = new Properties();
        try (var in = Files.newInputStream(file)) {
            settings.load(in);
        }
        settings.setProperty(name, value);
        try (var out = Files.newOutputStream(file)) {
            settings.store(out, "database of one test's server");
        }
    }

    public URI base() {
        return URI.create("http://127.0.0.1:" + (8080 + portOffset) + "/");
    }

    public Api as(String role) {
        return Api.as(role, passwords.getProperty(role), base());
    }

    /** {@code role}'s account signed in with a session ({@link Api#session}). */
    public Api session(String role) {
        return Api.session(role, passwords.getProperty(role), base());
    }

    public Path log() {
        return baseDir.resolve("log/server.log");
    }

    public void start(Duration timeout) throws IOException, InterruptedException {
        start(timeout, List.of());
    }

    /** Starts the server with extra system properties ({@code -Dname=value}). */
    public void start(Duration timeout, List<String> systemProperties) throws IOException, InterruptedException {
        start(timeout, systemProperties, as("auditor"));
    }

    /** Starts the server with extra arguments; it is ready once {@code auditor} reads the ledger's head. */
    public void start(Duration timeout, List<String> systemProperties, Api auditor)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                home.resolve("bin/standalone.sh").toString(),
                "-Djboss.server.base.dir=" + baseDir,
                "-Djboss.socket.binding.port-offset=" + portOffset,
                // no immutable attribute under target/: as root it would make `mvn clean` fail (the WORM folder's own
                // tests use it and lift it again)
                "-Dvellum.storage.target.local.immutable=none"));
        databaseProperties.ifPresent(p -> command.add("--properties=" + p));
        command.addAll(systemProperties);
        process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(baseDir.resolve("console.log").toFile())
                .start();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the server exited with " + process.exitValue());
            }
            try {
                // Ready means the ledger answers, not merely that the port is open.
                if (auditor.get("/ledger/head").statusCode() == 200) {
                    return;
                }
            } catch (UncheckedIOException notYet) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("the server did not come up within " + timeout);
    }

    /** SIGKILL to the server's JVM: no shutdown hook, no flush, no goodbye. */
    public void kill9() throws InterruptedException {
        Optional<ProcessHandle> jvm = process.descendants()
                .filter(p -> p.info().command().map(c -> c.endsWith("java")).orElse(false))
                .findFirst();
        ProcessHandle target = jvm.orElse(process.toHandle());
        target.destroyForcibly();
        target.onExit().join();
        process.waitFor();
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            List<ProcessHandle> children = process.descendants().toList();
            for (ProcessHandle p : children) {
                p.destroy();
            }
            process.destroy();
            process.waitFor();
            // the JVM outlives the script by its shutdown; a start right after must not find it still listening
            for (ProcessHandle p : children) {
                p.onExit().join();
            }
        }
    }

    public List<String> logLines() throws IOException {
        return Files.exists(log()) ? Files.readAllLines(log()) : List.of();
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path source : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
