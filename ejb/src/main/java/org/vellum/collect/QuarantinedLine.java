package org.vellum.collect;

import java.time.Instant;
import java.util.Objects;

/**
 * A line kept in quarantine.
 *
 * @param id the store's id, 0 before it is stored
 * @param path the file's path below its source's folder when the line was read
 * @param field the offending field's dotted path, or null
 */
public record QuarantinedLine(
        long id,
        String source,
        String fileId,
        String path,
        long lineNo,
        String reason,
        String field,
        String detail,
        String excerpt,
        long jobInstance,
        Instant quarantinedAt,
        Instant expiresAt) {
    public QuarantinedLine {
        Objects.requireNonNull(source);
        Objects.requireNonNull(fileId);
        Objects.requireNonNull(path);
        Objects.requireNonNull(reason);
        Objects.requireNonNull(detail);
        Objects.requireNonNull(excerpt);
        Objects.requireNonNull(quarantinedAt);
        Objects.requireNonNull(expiresAt);
    }
}
