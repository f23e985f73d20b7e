package org.vellum.it.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Properties;

/**
 * The integration tests' accounts, one per role, with passwords made fresh for every build: {@link #main} writes the
 * server's bootstrap file and the tests' own copy before the server starts.
 */
public final class TestUsers {
    public static final List<String> ROLES = List.of("admin", "producer", "compliance-officer", "archivist", "auditor");

    private TestUsers() {}

    /** Writes {@code args[0]} (the server's bootstrap file) and {@code args[1]} (role=password for the tests). */
    public static void main(String[] args) throws IOException {
        Properties passwords = generate();
        writeBootstrap(Path.of(args[0]), passwords);
        Path testCopy = Path.of(args[1]);
        Files.createDirectories(testCopy.getParent());
        try (var out = Files.newOutputStream(testCopy)) {
            passwords.store(out, "integration-test accounts of this build only");
        }
    }

    public static Properties generate() {
        SecureRandom random = new SecureRandom();
        Properties passwords = new Properties();
        for (String role : ROLES) {
            byte[] bytes = new byte[18];
            random.nextBytes(bytes);
            passwords.setProperty(role, Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
        }
        return passwords;
    }

    /** The bootstrap file format UserBootstrapService reads: {@code role:base64(password)} per line. */
    public static void writeBootstrap(Path file, Properties passwords) throws IOException {
        List<String> lines = new ArrayList<>();
        for (String role : ROLES) {
            lines.add(role + ":"
                    + Base64.getEncoder()
                            .encodeToString(passwords.getProperty(role).getBytes(StandardCharsets.UTF_8)));
        }
        Files.createDirectories(file.getParent());
        Files.write(file, lines, StandardCharsets.US_ASCII);
    }

    /** The passwords of this build's test accounts. */
    public static Properties load() {
        Properties passwords = new Properties();
        try (InputStream in = Files.newInputStream(Path.of(System.getProperty("vellum.test.users")))) {
            passwords.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return passwords;
    }
}
