package org.vellum.tapes;

import java.util.List;

/**
 * What one run of {@code tape-export} did.
 *
 * @param cartridges the barcodes written (or found verified by this run before a restart), in order
 * @param exported the seal numbers recorded as exported
 * @param left the seal numbers that did not fit on the cartridges given
 * @param kept the tape files found whole on a cartridge a crash cut short, and kept
 */
public record TapeRun(List<String> cartridges, List<Long> exported, List<Long> left, int kept) {}
