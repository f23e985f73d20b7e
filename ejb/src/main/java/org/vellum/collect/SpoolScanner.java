package org.vellum.collect;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * Lists a source's files in a stable order that reads every node's history oldest first: by folder, then by base name,
 * then rotated generations from the highest number down ({@code audit.log.3.gz}, {@code audit.log.2.gz}, {@code
 * audit.log.1}) and the live file last. Reading in that order keeps a node's events in time order, so that the
 * clock-skew check flags real skew, not rotation.
 */
public final class SpoolScanner {
    private static final Logger LOG = Logger.getLogger(SpoolScanner.class);
    private static final Pattern GENERATION = Pattern.compile("^(.*?)(?:\\.(\\d{1,9}))?(\\.gz)?$");

    /** The order of files within a source; public for the tests of the order itself. */
    public static final Comparator<String> ROTATION_ORDER = Comparator.comparing(SpoolScanner::folder)
            .thenComparing(SpoolScanner::baseName)
            .thenComparing(SpoolScanner::generation, Comparator.reverseOrder())
            .thenComparing(Comparator.naturalOrder());

    private SpoolScanner() {}

    public static List<SpoolFile> scan(Source source) {
        if (!Files.isDirectory(source.dir())) {
            throw new CollectException(
                    "source-not-found", "the folder of source " + source.name() + " does not exist: " + source.dir());
        }
        PathMatcher matcher = source.matcher();
        List<SpoolFile> files = new ArrayList<>();
        Path root;
        try {
            root = source.dir().toRealPath(); // a folder that is a link is walked where it leads
        } catch (IOException e) {
            throw new CollectException(
                    "source-unreadable",
                    "the folder of source " + source.name() + " cannot be read: " + e.getMessage(),
                    e);
        }
        try (Stream<Path> walk = Files.walk(root)) {
            walk.forEach(path -> {
                Path rel = root.relativize(path);
                if (rel.toString().isEmpty() || !matcher.matches(rel)) {
                    return;
                }
                try {
                    BasicFileAttributes a = attributesInside(root, path, source);
                    if (a != null && a.isRegularFile()) {
                        String relative = rel.toString().replace('\\', '/');
                        files.add(new SpoolFile(
                                source,
                                path,
                                relative,
                                SourceFormat.of(path.getFileName().toString(), source.format()),
                                a.size(),
                                a.lastModifiedTime().toMillis()));
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            throw new CollectException(
                    "source-unreadable",
                    "the folder of source " + source.name() + " cannot be read: " + e.getMessage(),
                    e);
        }
        files.sort(Comparator.comparing(SpoolFile::relative, ROTATION_ORDER));
        return files;
    }

    /**
     * A file's attributes; for a symbolic link, its target's, if the target lies inside the source's folder. A link
     * out of it (to a key, a password file) or to nothing is passed over with a warning: a source reads only its own
     * folder, as the import roots intend (docs/operations.md, "Nightly collection").
     */
    private static BasicFileAttributes attributesInside(Path root, Path path, Source source) throws IOException {
        BasicFileAttributes a = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (!a.isSymbolicLink()) {
            return a;
        }
        Path target;
        try {
            target = path.toRealPath();
        } catch (IOException dangling) {
            LOG.warnf(
                    "VELLUM-0416 %s in source %s is a link to nothing; it is passed over",
                    root.relativize(path), source.name());
            return null;
        }
        if (!target.startsWith(root)) {
            LOG.warnf(
                    "VELLUM-0416 %s in source %s links out of the source's folder; it is passed over",
                    root.relativize(path), source.name());
            return null;
        }
        return Files.readAttributes(target, BasicFileAttributes.class);
    }

    private static String folder(String relative) {
        int slash = relative.lastIndexOf('/');
        return slash < 0 ? "" : relative.substring(0, slash);
    }

    private static Matcher generationOf(String relative) {
        Matcher m = GENERATION.matcher(relative.substring(relative.lastIndexOf('/') + 1));
        m.matches();
        return m;
    }

    private static String baseName(String relative) {
        return generationOf(relative).group(1);
    }

    /** The rotation number; the live file, having none, is newest. */
    private static long generation(String relative) {
        String n = generationOf(relative).group(2);
        return n == null ? -1 : Long.parseLong(n);
    }
}
