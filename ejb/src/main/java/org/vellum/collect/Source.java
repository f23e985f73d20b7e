package org.vellum.collect;

import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.time.ZoneId;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A named folder of platform logs.
 *
 * @param name a short name recorded with every event read from it, e.g. {@code spool}
 * @param dir the folder, read recursively
 * @param glob which files below it to read, relative to it ({@code **} for all)
 * @param format the declared format, or empty to decide by file name
 * @param zone the zone of timestamps written without an offset, if the source declares one
 */
public record Source(String name, Path dir, String glob, Optional<SourceFormat> format, Optional<ZoneId> zone) {
    private static final Pattern NAME = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$");

    public Source {
        Objects.requireNonNull(name);
        Objects.requireNonNull(dir);
        Objects.requireNonNull(glob);
        Objects.requireNonNull(format);
        Objects.requireNonNull(zone);
        if (!NAME.matcher(name).matches()) {
            throw new CollectException(
                    "bad-source-name", "a source name is 1 to 64 letters, digits, '.', '_' or '-': '" + name + "'");
        }
        if (glob.isBlank()) {
            throw new CollectException("bad-glob", "the glob of source " + name + " is empty");
        }
        dir = dir.toAbsolutePath().normalize();
    }

    public PathMatcher matcher() {
        try {
            return FileSystems.getDefault().getPathMatcher("glob:" + glob);
        } catch (IllegalArgumentException e) {
            throw new CollectException("bad-glob", "the glob of source " + name + " is not valid: " + e.getMessage());
        }
    }
}
