package org.vellum.collect;

import java.io.Serializable;

/**
 * Where the collect step stands: the index of the file in the run's order, its fingerprint, and the offset and line
 * count read of it. The file table holds the same positions, committed in the same transaction.
 */
public record CollectCheckpoint(int fileIndex, String fileId, long offset, long lines) implements Serializable {}
