package org.vellum.worm;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.URI;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;
import org.vellum.event.Instants;
import org.vellum.ledger.Hashes;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.ChecksumMode;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ObjectLockMode;
import software.amazon.awssdk.services.s3.model.ObjectLockRetentionMode;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * An S3 bucket with Object Lock: each copy is put once ({@code If-None-Match: *}) in COMPLIANCE mode with its
 * retain-until date and its SHA-256 as the S3 checksum, then read back and compared, and its lock read back from the
 * object's metadata. Works against AWS and S3-compatible stores (endpoint override, path-style addressing). What the
 * store really enforces is for {@link #selfTest()} to find out: several S3-compatible stores accept the lock headers
 * and enforce none of them.
 */
public final class S3ObjectLockTarget implements WormTarget {
    private static final Logger LOG = Logger.getLogger(S3ObjectLockTarget.class);
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,200}");

    /**
     * @param endpoint null for AWS itself
     * @param prefix prepended to every key, e.g. {@code vellum/}; may be empty
     * @param probeRetention how long the self-test's probe is locked (a COMPLIANCE lock cannot be lifted: keep short)
     */
    public record Settings(
            URI endpoint,
            String region,
            String bucket,
            String prefix,
            boolean pathStyle,
            Duration probeRetention,
            Duration timeout) {}

    private final String name;
    private final Settings settings;
    private final S3Client s3;
    private final Clock clock;
    private volatile Boolean lockEnabled;

    public S3ObjectLockTarget(String name, Settings settings, S3Client s3, Clock clock) {
        this.name = name;
        this.settings = settings;
        this.s3 = s3;
        this.clock = clock;
    }

    /**
     * A client on the JDK's HTTP client. Checksums are sent when the request carries one (each put does, SHA-256) and
     * not computed again by the SDK as trailers, which several S3-compatible stores do not read.
     */
    public static S3Client client(Settings settings, AwsCredentialsProvider credentials) {
        var builder = S3Client.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder()
                        .connectionTimeout(settings.timeout())
                        .socketTimeout(settings.timeout()))
                .region(Region.of(settings.region()))
                .credentialsProvider(credentials)
                .forcePathStyle(settings.pathStyle())
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
        if (settings.endpoint() != null) {
            builder.endpointOverride(settings.endpoint());
        }
        return builder.build();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String type() {
        return "s3";
    }

    @Override
    public String location() {
        String at = settings.endpoint() == null
                ? "AWS " + settings.region()
                : settings.endpoint().toString();
        return "s3://" + settings.bucket() + "/" + settings.prefix() + " at " + at;
    }

    private String key(String file) {
        if (!NAME.matcher(file).matches()) {
            throw new IllegalArgumentException("not a name for a stored copy: " + file);
        }
        return settings.prefix() + file;
    }

    @Override
    public StoredCopy store(String file, Path source, String expectedSha256, Instant retainUntil) throws IOException {
        String key = key(file);
        byte[] sha256 = HexFormat.of().parseHex(expectedSha256);
        long size = Files.size(source);
        Instant until = retainUntil.truncatedTo(ChronoUnit.SECONDS);
        try {
            Optional<String> there = original(key);
            String versionId;
            if (there.isPresent()) {
                versionId = there.get().isEmpty() ? null : there.get();
                if (!Arrays.equals(sha256, readBack(key, versionId))) {
                    throw new FileAlreadyExistsException(
                            "s3://" + settings.bucket() + "/" + key,
                            null,
                            "a different copy of this name is stored already");
                }
                LOG.infof("VELLUM-0803 %s on target %s was written before a crash; completing its store", file, name);
            } else {
                boolean lock = lockEnabled();
                // the checksum is the expected one: S3 refuses a body that does not have it (BadDigest)
                PutObjectResponse put = s3.putObject(
                        b -> {
                            b.bucket(settings.bucket())
                                    .key(key)
                                    .contentLength(size)
                                    .contentType(contentType(file))
                                    .checksumAlgorithm(ChecksumAlgorithm.SHA256)
                                    .checksumSHA256(Base64.getEncoder().encodeToString(sha256))
                                    .ifNoneMatch("*");
                            if (lock) {
                                b.objectLockMode(ObjectLockMode.COMPLIANCE).objectLockRetainUntilDate(until);
                            }
                        },
                        RequestBody.fromFile(source));
                versionId = put.versionId();
                if (!Arrays.equals(sha256, readBack(key, versionId))) {
                    throw new IOException("the copy of " + file + " on target " + name + " reads back differently");
                }
            }
            HeadObjectResponse head = head(key, versionId)
                    .orElseThrow(() -> new IOException(
                            "the copy of " + file + " on target " + name + " is gone right after it was written"));
            boolean locked = head.objectLockMode() == ObjectLockMode.COMPLIANCE
                    && head.objectLockRetainUntilDate() != null
                    && !head.objectLockRetainUntilDate().isBefore(until);
            if (!locked) {
                LOG.warnf(
                        "VELLUM-0801 %s on target %s is not immutable: the store reports lock %s until %s",
                        file, name, head.objectLockModeAsString(), head.objectLockRetainUntilDate());
            }
            return new StoredCopy(
                    name,
                    locationOf(key, versionId),
                    size,
                    expectedSha256,
                    head.objectLockRetainUntilDate() != null ? head.objectLockRetainUntilDate() : until,
                    locked);
        } catch (SdkException e) {
            throw failure("storing " + file, e);
        }
    }

    /**
     * Whether the bucket has Object Lock, asked once. Without it S3 refuses lock headers, so a bucket an admin
     * accepted as it is gets plain puts (and its copies are reported not immutable).
     */
    private boolean lockEnabled() {
        Boolean known = lockEnabled;
        if (known == null) {
            try {
                var c = s3.getObjectLockConfiguration(b -> b.bucket(settings.bucket()))
                        .objectLockConfiguration();
                known = c != null && "Enabled".equals(c.objectLockEnabledAsString());
            } catch (S3Exception e) {
                known = false;
            }
            lockEnabled = known;
        }
        return known;
    }

    /**
     * The version first written under {@code key}: the archive, whatever was put or deleted on top of it since (a
     * delete without a version id only adds a marker; a put adds a version). Empty when there is none; an empty
     * string for a store that keeps no versions.
     */
    private Optional<String> original(String key) {
        var versions = s3.listObjectVersions(b -> b.bucket(settings.bucket()).prefix(key));
        var first = versions.versions().stream()
                .filter(v -> v.key().equals(key))
                .min(java.util.Comparator.comparing(
                        (software.amazon.awssdk.services.s3.model.ObjectVersion v) -> v.lastModified()));
        if (first.isPresent()) {
            String id = first.get().versionId();
            return Optional.of(id == null || "null".equals(id) ? "" : id);
        }
        return head(key, null).map(h -> h.versionId() == null ? "" : h.versionId());
    }

    private String locationOf(String key, String versionId) {
        return "s3://" + settings.bucket() + "/" + key + (versionId == null ? "" : "?versionId=" + versionId);
    }

    private static String contentType(String file) {
        return file.endsWith(".pdf")
                ? "application/pdf"
                : file.endsWith(".asice") ? "application/vnd.etsi.asic-e+zip" : "application/octet-stream";
    }

    @Override
    public InputStream open(String file) throws IOException {
        String key = key(file);
        try {
            Optional<String> version = original(key);
            if (version.isEmpty()) {
                throw new NoSuchFileException(locationOf(key, null));
            }
            String v = version.get().isEmpty() ? null : version.get();
            return s3.getObject(b -> b.bucket(settings.bucket()).key(key).versionId(v));
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                throw new NoSuchFileException(locationOf(key, null));
            }
            throw failure("reading " + file, e);
        } catch (SdkException e) {
            throw failure("reading " + file, e);
        }
    }

    @Override
    public Optional<StoredCopy> find(String file) throws IOException {
        String key = key(file);
        try {
            Optional<String> version = original(key);
            if (version.isEmpty()) {
                return Optional.empty();
            }
            String versionId = version.get().isEmpty() ? null : version.get();
            HeadObjectResponse head = head(key, versionId).orElseThrow();
            byte[] sha256 = readBack(key, versionId);
            return Optional.of(new StoredCopy(
                    name,
                    locationOf(key, versionId),
                    head.contentLength(),
                    Hashes.hex(sha256),
                    head.objectLockRetainUntilDate(),
                    head.objectLockMode() == ObjectLockMode.COMPLIANCE));
        } catch (SdkException e) {
            throw failure("reading " + file, e);
        }
    }

    /**
     * Deletes every version of the key and every delete marker on it, once no version is locked any more; S3 itself
     * refuses while a lock holds.
     */
    @Override
    public void delete(String file, Instant now) throws IOException {
        String key = key(file);
        try {
            var listed = s3.listObjectVersions(b -> b.bucket(settings.bucket()).prefix(key));
            List<String> ids = new ArrayList<>();
            for (var v : listed.versions()) {
                if (v.key().equals(key)) {
                    Instant until = head(key, v.versionId())
                            .map(HeadObjectResponse::objectLockRetainUntilDate)
                            .orElse(null);
                    if (until != null && now.isBefore(until)) {
                        throw new IOException(
                                file + " on target " + name + " is locked until " + Instants.format(until));
                    }
                    ids.add(v.versionId());
                }
            }
            for (var m : listed.deleteMarkers()) {
                if (m.key().equals(key)) {
                    ids.add(m.versionId());
                }
            }
            if (ids.isEmpty() && head(key, null).isPresent()) {
                s3.deleteObject(b -> b.bucket(settings.bucket()).key(key)); // a store that keeps no versions
            }
            for (String id : ids) {
                s3.deleteObject(b -> b.bucket(settings.bucket()).key(key).versionId(id));
            }
        } catch (SdkException e) {
            throw failure("deleting " + file, e);
        }
    }

    /**
     * Checks that the bucket has Object Lock, puts a probe locked for {@code probeRetention}, then tries to delete
     * that version, overwrite it and shorten its lock, and reads back after each try whether it held. A probe the
     * store held is left to its lock's end (nobody can remove it earlier: that is the point); on a store that did not
     * hold, it is removed.
     */
    @Override
    public SelfTest selfTest() throws IOException {
        Instant now = clock.instant();
        String probe = "worm-probe-" + now.toEpochMilli() + "-"
                + UUID.randomUUID().toString().substring(0, 8);
        String key = key(probe);
        List<String> findings = new ArrayList<>();
        Path source = Files.createTempFile("vellum-worm-probe", ".bin");
        try {
            try {
                var lock = s3.getObjectLockConfiguration(b -> b.bucket(settings.bucket()))
                        .objectLockConfiguration();
                findings.add(
                        lock != null && "Enabled".equals(lock.objectLockEnabledAsString())
                                ? "the bucket has Object Lock enabled"
                                : "the bucket does NOT have Object Lock enabled");
            } catch (S3Exception e) {
                findings.add("the bucket's Object Lock configuration cannot be read: " + reason(e));
            }
            byte[] random = new byte[4096];
            new SecureRandom().nextBytes(random);
            Files.write(source, random);
            Instant until = now.plus(settings.probeRetention()).truncatedTo(ChronoUnit.SECONDS);
            StoredCopy copy = store(probe, source, until);
            String versionId = versionOf(copy.location());
            if (!copy.immutable()) {
                findings.add("the probe's lock does not read back as COMPLIANCE until " + Instants.format(until));
            }
            if (versionId == null) {
                findings.add("the store keeps no object versions, so a locked version cannot be named");
            }
            byte[] sha256 = Hashes.sha256(random);

            boolean refusedDelete = held(
                    findings,
                    "delete",
                    key,
                    versionId,
                    sha256,
                    () -> s3.deleteObject(
                            b -> b.bucket(settings.bucket()).key(key).versionId(versionId)));
            boolean refusedOverwrite = held(
                    findings,
                    "overwrite",
                    key,
                    versionId,
                    sha256,
                    () -> s3.putObject(
                            b -> b.bucket(settings.bucket()).key(key), RequestBody.fromString("overwritten")));
            Instant shorter = clock.instant().plus(Duration.ofMinutes(1)).truncatedTo(ChronoUnit.SECONDS);
            boolean refusedRetention = retentionHeld(
                    findings,
                    key,
                    versionId,
                    until,
                    () -> s3.putObjectRetention(b -> b.bucket(settings.bucket())
                            .key(key)
                            .versionId(versionId)
                            .retention(r ->
                                    r.mode(ObjectLockRetentionMode.COMPLIANCE).retainUntilDate(shorter))));
            SelfTest result = new SelfTest(
                    name,
                    now.truncatedTo(ChronoUnit.MILLIS),
                    refusedDelete && copy.immutable(),
                    refusedOverwrite,
                    refusedRetention && copy.immutable(),
                    findings);
            if (result.worm()) {
                findings.add("the probe stays until its lock ends at " + Instants.format(until) + " (" + key + ")");
                result = new SelfTest(name, result.at(), true, true, true, findings);
            } else {
                removeProbe(key, findings);
                result = new SelfTest(
                        name,
                        result.at(),
                        result.refusedDelete(),
                        result.refusedOverwrite(),
                        result.refusedRetentionChange(),
                        findings);
            }
            LOG.infof(
                    "VELLUM-0802 WORM self-test of target %s (%s): %s",
                    name,
                    location(),
                    result.worm() ? "deletion, overwrite and retention change refused" : "NOT write-once: " + findings);
            return result;
        } catch (SdkException e) {
            throw failure("self-testing", e);
        } finally {
            Files.deleteIfExists(source);
        }
    }

    private interface Attempt {
        void run();
    }

    /** Runs the attempt, then reads the probe's version back: refused means it is still there with its bytes. */
    private boolean held(
            List<String> findings, String what, String key, String versionId, byte[] sha256, Attempt attempt)
            throws IOException {
        String answer = answer(attempt);
        boolean intact;
        try {
            intact = Arrays.equals(sha256, readBack(key, versionId));
        } catch (S3Exception e) {
            intact = false;
        }
        findings.add(what + (intact ? " refused: " : " was NOT refused: ") + answer);
        return intact;
    }

    private boolean retentionHeld(List<String> findings, String key, String versionId, Instant until, Attempt attempt) {
        String answer = answer(attempt);
        boolean intact;
        try {
            Instant now = s3.getObjectRetention(
                            b -> b.bucket(settings.bucket()).key(key).versionId(versionId))
                    .retention()
                    .retainUntilDate();
            intact = now != null && !now.isBefore(until);
        } catch (SdkException e) {
            answer += "; the lock cannot be read back (" + e.getMessage() + ")";
            intact = false;
        }
        findings.add("shortening the retention" + (intact ? " refused: " : " was NOT refused: ") + answer);
        return intact;
    }

    /** What the store answered an attempt: success, or its status and error code. */
    private static String answer(Attempt attempt) {
        try {
            attempt.run();
            return "the store answered success";
        } catch (S3Exception e) {
            return "the store answered " + reason(e);
        }
    }

    private void removeProbe(String key, List<String> findings) {
        try {
            var versions =
                    s3.listObjectVersions(b -> b.bucket(settings.bucket()).prefix(key));
            for (var v : versions.versions()) {
                s3.deleteObject(b -> b.bucket(settings.bucket()).key(v.key()).versionId(v.versionId()));
            }
            s3.deleteObject(b -> b.bucket(settings.bucket()).key(key));
            findings.add("probe removed");
        } catch (SdkException e) {
            findings.add("the probe could not be removed: " + e.getMessage());
        }
    }

    private Optional<HeadObjectResponse> head(String key, String versionId) {
        try {
            return Optional.of(s3.headObject(b ->
                    b.bucket(settings.bucket()).key(key).versionId(versionId).checksumMode(ChecksumMode.ENABLED)));
        } catch (S3Exception e) {
            if (e.statusCode() == 404
                    || e.statusCode() == 403) { // 403: AWS's answer for a missing key without ListBucket
                return Optional.empty();
            }
            throw e;
        }
    }

    private byte[] readBack(String key, String versionId) throws IOException {
        MessageDigest digest = Hashes.sha256();
        try (ResponseInputStream<GetObjectResponse> in =
                        s3.getObject(b -> b.bucket(settings.bucket()).key(key).versionId(versionId));
                DigestInputStream d = new DigestInputStream(in, digest)) {
            d.transferTo(java.io.OutputStream.nullOutputStream());
        }
        return digest.digest();
    }

    static String versionOf(String location) {
        int at = location.indexOf("?versionId=");
        return at < 0 ? null : location.substring(at + "?versionId=".length());
    }

    private static String reason(S3Exception e) {
        String code = e.awsErrorDetails() != null ? e.awsErrorDetails().errorCode() : null;
        return e.statusCode() + (code != null ? " " + code : "");
    }

    private IOException failure(String what, SdkException e) {
        if (e.getCause() instanceof InterruptedIOException
                || Thread.currentThread().isInterrupted()) {
            return new InterruptedIOException(what + " on target " + name + " was interrupted");
        }
        String detail = e instanceof S3Exception s ? reason(s) + " " + s.getMessage() : e.getMessage();
        return new IOException(what + " on target " + name + " failed: " + detail, e);
    }
}
