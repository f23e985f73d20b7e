package org.vellum.tape;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Device URIs as the job parameter {@code device} gives them. */
class CartridgesTest {
    @Test
    void eachKindOfDeviceWithTheBarcodeFilledInAndAStatedCapacity() {
        Cartridges.Device image =
                Cartridges.parse("simh:/var/lib/vellum/tapes/{barcode}.tap?capacity=800G", "VLM001L9");
        assertEquals("simh", image.kind());
        assertEquals(Path.of("/var/lib/vellum/tapes/VLM001L9.tap"), image.path());
        assertEquals(800_000_000_000L, image.capacity());
        Cartridges.Device drive = Cartridges.parse("st:/dev/nst0?capacity=18T", "VLM001L9");
        assertEquals(18_000_000_000_000L, drive.capacity());
        assertEquals(
                Long.MAX_VALUE, Cartridges.parse("ltfs:/mnt/ltfs", "VLM001L9").capacity());
    }

    @Test
    void aBadDeviceOrBarcodeIsRefusedWithItsReason() {
        assertMessage("a device is st:, simh: or ltfs:", "nfs:/x", "VLM001L9");
        assertMessage("absolute and plain", "simh:tapes/{barcode}.tap", "VLM001L9");
        assertMessage("absolute and plain", "simh:/var/lib/vellum/../../etc/{barcode}", "VLM001L9");
        assertMessage("a barcode is", "simh:/t/{barcode}.tap", "../../etc/passwd");
        assertMessage("a barcode is", "simh:/t/{barcode}.tap", "");
        for (String barcode : new String[] {"..\\x", "/abs", "a/../../b", "x\u0000y", ".", "-x", "a b"}) {
            assertMessage("a barcode is", "simh:/t/{barcode}.tap", barcode);
        }
        assertMessage("absolute and plain", "simh:/t/./{barcode}.tap", "VLM001L9");
        // a NUL is no path at all: refused as an IllegalArgumentException too (InvalidPathException is one)
        assertThrows(
                IllegalArgumentException.class, () -> Cartridges.parse("simh:/t/\u0000/{barcode}.tap", "VLM001L9"));
        assertMessage("the only device option is capacity", "st:/dev/nst0?mode=x", "VLM001L9");
        assertMessage("a capacity is", "st:/dev/nst0?capacity=lots", "VLM001L9");
        assertMessage("says its own capacity", "ltfs:/mnt/ltfs?capacity=1T", "VLM001L9");
        assertMessage("at most", "st:/dev/nst0?capacity=99999999999T", "VLM001L9");
        assertMessage("no cartridge", "st:/dev/nst0?capacity=0", "VLM001L9");
    }

    private static void assertMessage(String expected, String uri, String barcode) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Cartridges.parse(uri, barcode));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }
}
