package org.vellum.tapes;

import java.util.Map;
import org.vellum.tape.TapeExporter;

/** What the {@code tape-export} job needs: the server's {@link TapeService}, or a test's {@link TapeLibrary}. */
public interface TapeBackend {
    /** The request the job parameters make, checked: the device allowed, the barcodes valid, the archives there. */
    TapeRequest check(Map<String, String> parameters);

    /**
     * Writes, reads back and records the archives of {@code request} on its cartridges in turn; {@code observer} is
     * told of every record written.
     */
    TapeRun export(TapeRequest request, Long jobInstance, TapeExporter.Progress observer);
}
