package org.vellum.worm;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.DigestInputStream;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;
import org.vellum.canonical.CanonicalJson;
import org.vellum.event.Instants;
import org.vellum.ledger.Hashes;

/**
 * A WORM folder: each copy is created exclusively (linked into place, so an existing name is never replaced), fsynced
 * with its folder, made read-only, given a retention record beside it ({@code NAME.retention.json}), and made
 * immutable with the Linux immutable attribute where the process may set it. The attribute is what stops the
 * appliance's own user and accidents, root included until root lifts it; without it, file permissions do not stop
 * root, and {@link #selfTest()} says so.
 */
public final class FilesystemWormTarget implements WormTarget {
    private static final Logger LOG = Logger.getLogger(FilesystemWormTarget.class);
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,200}");
    static final String RETENTION = ".retention.json";
    private static final String PARTIAL = ".partial";

    /** How a file is locked beyond its permissions, and unlocked (only the self-test's probe is ever unlocked). */
    public interface Immutability {
        /** Locks {@code file}; null when locked, else why it could not be. */
        String lock(Path file) throws IOException;

        void unlock(Path file) throws IOException;
    }

    /** The Linux immutable attribute, set and cleared with {@code chattr} (it needs CAP_LINUX_IMMUTABLE, i.e. root). */
    public static final Immutability CHATTR = new Immutability() {
        @Override
        public String lock(Path file) throws IOException {
            return chattr("+i", file);
        }

        @Override
        public void unlock(Path file) throws IOException {
            String failed = chattr("-i", file);
            if (failed != null) {
                throw new IOException(failed);
            }
        }
    };

    /** No lock beyond permissions: for folders where the attribute is not available, reported as such. */
    public static final Immutability NONE = new Immutability() {
        @Override
        public String lock(Path file) {
            return "the immutable attribute is not used for this target";
        }

        @Override
        public void unlock(Path file) {}
    };

    private final String name;
    private final Path dir;
    private final Immutability immutability;
    private final Clock clock;

    public FilesystemWormTarget(String name, Path dir, Immutability immutability, Clock clock) {
        this.name = name;
        this.dir = dir;
        this.immutability = immutability;
        this.clock = clock;
    }

    @Override
    public String name() {
        return name;
    }

    public Path dir() {
        return dir;
    }

    @Override
    public String type() {
        return "filesystem";
    }

    @Override
    public String location() {
        return dir.toString();
    }

    @Override
    public StoredCopy store(String file, Path source, String expectedSha256, Instant retainUntil) throws IOException {
        checkName(file);
        Files.createDirectories(dir);
        removeLeftovers(file);
        Path target = dir.resolve(file);
        Path retention = dir.resolve(file + RETENTION);
        long size;
        boolean readBack = false;
        if (Files.exists(target)) {
            readBack = true; // hashed just below: no second read at the end
            if (!expectedSha256.equals(Hashes.hex(Hashes.sha256(target)))) {
                throw new FileAlreadyExistsException(
                        target.toString(), null, "a different copy of this name is stored already");
            }
            size = Files.size(target);
            LOG.infof("VELLUM-0803 %s on target %s was written before a crash; completing its store", file, name);
        } else {
            Path partial = hidden(file);
            // the partial goes whatever happens: one left by a failed write (a full disk) would keep the space
            try {
                byte[] sha256;
                try (InputStream in = new DigestInputStream(Files.newInputStream(source), Hashes.sha256());
                        FileChannel out =
                                FileChannel.open(partial, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                    size = in.transferTo(java.nio.channels.Channels.newOutputStream(out));
                    out.force(true);
                    sha256 = ((DigestInputStream) in).getMessageDigest().digest();
                }
                if (!expectedSha256.equals(Hashes.hex(sha256))) {
                    throw new IOException("the source of " + file + " is not the expected bytes (SHA-256 "
                            + Hashes.hex(sha256) + ", expected " + expectedSha256 + "); nothing was stored");
                }
                Files.createLink(target, partial); // link(2) fails when the name exists: never a replacement
            } finally {
                Files.deleteIfExists(partial);
            }
        }
        writeRetention(retention, file, size, expectedSha256, retainUntil);
        readOnly(target);
        readOnly(retention);
        forceFolder();
        String notLocked = immutability.lock(target);
        if (notLocked == null) {
            notLocked = immutability.lock(retention);
        }
        if (notLocked != null) {
            LOG.warnf("VELLUM-0801 %s on target %s is not immutable: %s", file, name, notLocked);
        }
        if (!readBack && !expectedSha256.equals(Hashes.hex(Hashes.sha256(target)))) {
            throw new IOException("the copy of " + file + " on target " + name + " reads back differently");
        }
        return new StoredCopy(name, target.toString(), size, expectedSha256, retainUntil(retention), notLocked == null);
    }

    /** A hidden name beside {@code file} for writing it before it is linked into place. */
    private Path hidden(String file) {
        return dir.resolve("." + file + "." + UUID.randomUUID() + PARTIAL);
    }

    /**
     * The retention record, written like the copy (hidden, fsynced, linked into place) so that a crash never leaves a
     * torn one under its name. One that is there but unreadable (written by an older version cut short) is replaced
     * while it can be, i.e. before it is locked.
     */
    private void writeRetention(Path retention, String file, long size, String sha256, Instant retainUntil)
            throws IOException {
        if (Files.exists(retention)) {
            try {
                retainUntil(retention);
                return;
            } catch (IOException | RuntimeException e) {
                LOG.warnf(
                        "VELLUM-0803 the retention record of %s on target %s is unreadable; writing it again",
                        file, name);
                Files.delete(retention);
            }
        }
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("name", file);
        record.put("size", size);
        record.put("sha256", sha256);
        record.put("retain_until", Instants.format(retainUntil));
        record.put("stored_at", Instants.format(clock.instant()));
        Path partial = hidden(file + RETENTION);
        try {
            writeExclusive(partial, CanonicalJson.bytes(record));
            Files.createLink(retention, partial);
        } finally {
            Files.deleteIfExists(partial);
        }
    }

    @Override
    public InputStream open(String file) throws IOException {
        checkName(file);
        return Files.newInputStream(dir.resolve(file));
    }

    @Override
    public Optional<StoredCopy> find(String file) throws IOException {
        checkName(file);
        Path target = dir.resolve(file);
        if (!Files.exists(target)) {
            return Optional.empty();
        }
        Path retention = dir.resolve(file + RETENTION);
        return Optional.of(new StoredCopy(
                name,
                target.toString(),
                Files.size(target),
                Hashes.hex(Hashes.sha256(target)),
                Files.exists(retention) ? retainUntil(retention) : null,
                false));
    }

    /**
     * Removes a copy and its retention record once the record's date has passed; lifting the immutable attribute first,
     * which only a process allowed to set it can do.
     */
    @Override
    public void delete(String file, Instant now) throws IOException {
        checkName(file);
        Path target = dir.resolve(file);
        Path retention = dir.resolve(file + RETENTION);
        if (Files.exists(retention)) {
            Instant until = retainUntil(retention);
            if (now.isBefore(until)) {
                throw new IOException(file + " on target " + name + " is retained until " + Instants.format(until));
            }
        }
        for (Path p : List.of(target, retention)) {
            if (Files.exists(p)) {
                immutability.unlock(p);
                Files.delete(p);
            }
        }
        forceFolder();
    }

    private static Instant retainUntil(Path retention) throws IOException {
        Object until = org.vellum.canonical.Json.parseObject(Files.readString(retention, StandardCharsets.UTF_8))
                .get("retain_until");
        return Instants.parse(String.valueOf(until));
    }

    private static void checkName(String file) {
        if (!NAME.matcher(file).matches() || file.endsWith(RETENTION)) {
            throw new IllegalArgumentException("not a name for a stored copy: " + file);
        }
    }

    /** A write a crash cut short leaves a hidden {@code .partial} file, never linked in, never locked: it goes. */
    private void removeLeftovers(String file) throws IOException {
        try (var stream = Files.newDirectoryStream(dir, "." + file + ".*" + PARTIAL)) {
            for (Path p : stream) {
                Files.deleteIfExists(p);
            }
        }
    }

    @Override
    public SelfTest selfTest() throws IOException {
        Instant now = clock.instant();
        String probe = "worm-probe-" + now.toEpochMilli() + "-"
                + UUID.randomUUID().toString().substring(0, 8);
        Path source = Files.createTempFile("vellum-worm-probe", ".bin");
        List<String> findings = new ArrayList<>();
        try {
            byte[] random = new byte[4096];
            new SecureRandom().nextBytes(random);
            Files.write(source, random);
            StoredCopy copy = store(probe, source, now.plus(Duration.ofDays(1)));
            if (!copy.immutable()) {
                findings.add("the immutable attribute could not be set; permissions alone do not stop root");
            }
            Path target = dir.resolve(probe);
            Path retention = dir.resolve(probe + RETENTION);
            boolean refusedDelete = refused(findings, "delete", () -> Files.delete(target));
            boolean refusedOverwrite = refused(findings, "overwrite", () -> {
                try (OutputStream out = Files.newOutputStream(
                        target,
                        StandardOpenOption.CREATE,
                        StandardOpenOption.TRUNCATE_EXISTING,
                        StandardOpenOption.WRITE)) {
                    out.write(1);
                }
            });
            String shortened = new String(Files.readAllBytes(retention), StandardCharsets.UTF_8)
                    .replaceFirst("\"retain_until\":\"[^\"]*\"", "\"retain_until\":\"" + Instants.format(now) + "\"");
            boolean refusedRetention = refused(findings, "shortening the retention", () -> {
                try (FileChannel ch =
                        FileChannel.open(retention, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                    ch.write(ByteBuffer.wrap(shortened.getBytes(StandardCharsets.UTF_8)));
                }
            });
            removeProbe(target, retention, findings);
            SelfTest result = new SelfTest(
                    name,
                    now.truncatedTo(ChronoUnit.MILLIS),
                    refusedDelete,
                    refusedOverwrite,
                    refusedRetention,
                    findings);
            LOG.infof(
                    "VELLUM-0802 WORM self-test of target %s (%s): %s",
                    name,
                    dir,
                    result.worm() ? "deletion, overwrite and retention change refused" : "NOT write-once: " + findings);
            return result;
        } finally {
            Files.deleteIfExists(source);
        }
    }

    /** The probe goes again; lifting its attribute is something only root can do, and it is recorded as done. */
    private void removeProbe(Path target, Path retention, List<String> findings) throws IOException {
        for (Path p : List.of(target, retention)) {
            if (Files.exists(p)) {
                immutability.unlock(p);
                Files.delete(p);
            }
        }
        findings.add("probe removed by lifting its immutable attribute (root can; the target holds against the"
                + " appliance and accidents, not against root)");
    }

    @FunctionalInterface
    private interface Attempt {
        void run() throws IOException;
    }

    private static boolean refused(List<String> findings, String what, Attempt attempt) {
        try {
            attempt.run();
            findings.add(what + " was NOT refused");
            return false;
        } catch (IOException | SecurityException e) {
            findings.add(what + " refused: " + e.getClass().getSimpleName() + " " + e.getMessage());
            return true;
        }
    }

    private static void writeExclusive(Path file, byte[] bytes) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(bytes));
            ch.force(true);
        }
    }

    private static void readOnly(Path file) throws IOException {
        var readOnly = PosixFilePermissions.fromString("r--r-----");
        if (!Files.getPosixFilePermissions(file).equals(readOnly)) { // an immutable file refuses even this
            Files.setPosixFilePermissions(file, readOnly);
        }
    }

    private void forceFolder() throws IOException {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        }
    }

    private static String chattr(String flag, Path file) throws IOException {
        Process p;
        try {
            p = new ProcessBuilder("chattr", flag, file.toString())
                    .redirectErrorStream(true)
                    .start();
        } catch (IOException e) {
            return "chattr is not available (" + e.getMessage() + ")";
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        try {
            if (!p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return "chattr did not finish";
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while setting the immutable attribute", e);
        }
        return p.exitValue() == 0 ? null : "chattr " + flag + " failed: " + out;
    }
}
