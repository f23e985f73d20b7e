package org.vellum.minimize;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;

/** Small secrets kept in files readable by the server's user only, created once and never logged. */
public final class SecretFiles {
    private SecretFiles() {}

    /**
     * Reads the secret at {@code file}, creating it with {@code length} random bytes if it does not exist yet.
     *
     * @return the secret and whether it was created now
     */
    public static Loaded loadOrCreate(Path file, int length) {
        try {
            if (Files.exists(file)) {
                byte[] secret = Files.readAllBytes(file);
                if (secret.length < length) {
                    throw new IllegalStateException("secret file " + file + " holds fewer than " + length + " bytes");
                }
                return new Loaded(secret, false);
            }
            Path dir = file.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            restrict(dir, "rwx------");
            byte[] secret = new byte[length];
            new SecureRandom().nextBytes(secret);
            Path temp = Files.createTempFile(dir, ".secret", ".tmp");
            restrict(temp, "rw-------");
            Files.write(temp, secret);
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException raced) {
                Files.delete(temp);
                return loadOrCreate(file, length);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file);
            }
            return new Loaded(secret, true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create secret file " + file, e);
        }
    }

    private static void restrict(Path path, String permissions) throws IOException {
        if (Files.getFileStore(path).supportsFileAttributeView("posix")) {
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(permissions));
        }
    }

    /** A secret read from its file. */
    public record Loaded(byte[] secret, boolean created) {}
}
