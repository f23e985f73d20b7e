package org.vellum.archive;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.vellum.ledger.Hashes;

class AsicManifestTest {
    private static final AsicManifest MANIFEST = new AsicManifest(
            ArchiveLayout.SIGNATURE,
            List.of(
                    new AsicManifest.Reference(
                            ArchiveLayout.part(1), ArchiveLayout.JSON_LINES, Hashes.sha256(new byte[] {1})),
                    new AsicManifest.Reference(
                            ArchiveLayout.SEAL, ArchiveLayout.SEAL_JSON, Hashes.sha256(new byte[] {2}))));

    @Test
    void writesAndReadsTheSameReferences() {
        AsicManifest read = AsicManifest.parse(MANIFEST.bytes());
        assertEquals(ArchiveLayout.SIGNATURE, read.signature());
        assertEquals(2, read.references().size());
        assertArrayEquals(
                Hashes.sha256(new byte[] {2}),
                read.reference(ArchiveLayout.SEAL).sha256());
        assertArrayEquals(MANIFEST.bytes(), read.bytes(), "the same content gives the same bytes");
        assertTrue(new String(MANIFEST.bytes(), StandardCharsets.UTF_8)
                .contains("xmlns:asic=\"http://uri.etsi.org/02918/v1.2.1#\""));
    }

    @Test
    void refusesDoctypesSoNoEntityIsEverExpanded() {
        String xml = new String(MANIFEST.bytes(), StandardCharsets.UTF_8)
                .replace(
                        "<asic:ASiCManifest",
                        "<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>\n<asic:ASiCManifest");
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> AsicManifest.parse(xml.getBytes(StandardCharsets.UTF_8)));
        assertTrue(e.getMessage().contains("not well-formed"), e.getMessage());
    }

    @Test
    void refusesOtherDigestsTwiceListedMembersAndAMissingSignature() {
        String xml = new String(MANIFEST.bytes(), StandardCharsets.UTF_8);
        assertThrows(
                IllegalArgumentException.class,
                () -> AsicManifest.parse(
                        xml.replaceFirst("xmlenc#sha256", "xmldsig#sha1").getBytes(StandardCharsets.UTF_8)));
        assertThrows(
                IllegalArgumentException.class,
                () -> AsicManifest.parse(xml.replace("entries/part-000001.jsonl", "seal/seal.json")
                        .getBytes(StandardCharsets.UTF_8)));
        assertThrows(
                IllegalArgumentException.class,
                () -> AsicManifest.parse(
                        xml.replaceFirst("<asic:SigReference[^>]*/>", "").getBytes(StandardCharsets.UTF_8)));
    }
}
