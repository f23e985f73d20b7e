package org.vellum.collect;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

/**
 * A log file found in a source.
 *
 * @param relative the path below the source's folder, with '/' separators: names the file in reports
 * @param rawSize the size on disk when found
 * @param modified the modification time when found, in milliseconds
 */
public record SpoolFile(Source source, Path path, String relative, SourceFormat format, long rawSize, long modified) {
    private static final Pattern ROTATED = Pattern.compile(".*\\.\\d+(\\.gz)?$");

    public boolean gzip() {
        return relative.endsWith(".gz");
    }

    /**
     * Whether the file will not grow any more: rotated ({@code audit.log.1}) or compressed. A final file's last line
     * counts even without a line feed; a live file's unterminated last line waits for the next run.
     */
    public boolean isFinal() {
        return gzip() || ROTATED.matcher(relative).matches();
    }

    /** The file's content, decompressed if it is gzipped: streaming, never held in memory. */
    public InputStream open() throws IOException {
        InputStream raw = Files.newInputStream(path);
        try {
            return gzip() ? new GZIPInputStream(raw, 1 << 16) : new BufferedInputStream(raw, 1 << 16);
        } catch (IOException e) {
            raw.close();
            throw e;
        }
    }
}
