package org.vellum.collect;

import org.vellum.ledger.Origin;

/** A line together with the file it was read from and the file's fingerprint. */
public record SpoolLine(SpoolFile file, String fileId, LineReader.Line line) {
    public Origin origin() {
        return new Origin(file.source().name(), fileId, line.number());
    }
}
