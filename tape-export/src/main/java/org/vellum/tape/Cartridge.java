package org.vellum.tape;

import java.io.Closeable;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * A cartridge in whatever holds it, as the export job sees it: a drive through the Linux {@code st} driver, a SIMH
 * tape image, or an LTFS volume. {@link Cartridges#open} makes one from a device URI.
 */
public interface Cartridge extends Closeable {
    /** The device URI it was opened from, with the barcode filled in. */
    String device();

    /**
     * The cartridge's label: null when it is blank; an IOException saying so when it holds something other than a
     * Vellum tape, which is never overwritten.
     */
    Map<String, Object> label() throws IOException;

    /** Writes the label, what fits of {@code items} and the catalog, from the beginning. */
    TapeExporter.Written export(String barcode, String applianceId, List<TapeExporter.Item> items) throws IOException;

    /** Goes on with an export a crash cut short, keeping every archive already whole on the cartridge. */
    TapeExporter.Written resume(String barcode, String applianceId, List<TapeExporter.Item> items) throws IOException;

    /** Reads everything back against the catalog: the problems found, none when the cartridge is intact. */
    List<TapeProblem> verify(String barcode, String applianceId) throws IOException;

    /** Unloads the cartridge where the device can (a drive); nothing otherwise. */
    default void eject() throws IOException {}
}
