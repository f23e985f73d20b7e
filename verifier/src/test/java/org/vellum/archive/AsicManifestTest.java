package org.vellum.archive;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.vellum.fuzz.Hostile;
import org.vellum.fuzz.Tries;
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

    @TempDir
    static Path tmp;

    /**
     * XML external entities (XXE) and entity expansion, each of the ways a manifest could pull in a file: a general
     * entity in text and in an attribute, a parameter entity, an external DTD, XInclude, a billion laughs, and the same
     * in UTF-16 (which a check on the raw bytes would miss). Each is refused, at once, and the file's content shows
     * nowhere.
     */
    @ParameterizedTest
    @ValueSource(
            strings = {
                "<!DOCTYPE asic:ASiCManifest [<!ENTITY xxe SYSTEM \"SECRET_URI\">]>|DIGEST=&xxe;",
                "<!DOCTYPE asic:ASiCManifest [<!ENTITY xxe SYSTEM \"SECRET_URI\">]>|URI=&xxe;",
                "<!DOCTYPE asic:ASiCManifest [<!ENTITY % p SYSTEM \"SECRET_URI\"> %p;]>|",
                "<!DOCTYPE asic:ASiCManifest SYSTEM \"SECRET_URI\">|",
                "|XINCLUDE",
                "|DIGEST=&xxe;",
                "LAUGHS|DIGEST=&lol9;",
                "<!DOCTYPE asic:ASiCManifest [<!ENTITY xxe SYSTEM \"SECRET_URI\">]>|DIGEST=&xxe;|UTF-16",
            })
    void externalEntitiesAndEntityExpansionAreRefusedWithoutShowingTheFile(String attack) throws Exception {
        String marker = "VELLUM-SECRET-" + UUID.randomUUID();
        Path secret = Files.writeString(tmp.resolve("secret-" + UUID.randomUUID() + ".txt"), marker);
        String[] parts = attack.split("\\|", -1);
        String doctype = parts[0].equals("LAUGHS")
                ? laughs()
                : parts[0].replace("SECRET_URI", secret.toUri().toString());
        String xml = new String(MANIFEST.bytes(), StandardCharsets.UTF_8);
        if (!doctype.isEmpty()) {
            xml = xml.replace("<asic:ASiCManifest", doctype + "\n<asic:ASiCManifest");
        }
        if (parts[1].startsWith("DIGEST=")) {
            xml = xml.replaceFirst("<ds:DigestValue>[^<]*<", "<ds:DigestValue>" + parts[1].substring(7) + "<");
        } else if (parts[1].startsWith("URI=")) {
            xml = xml.replaceFirst("URI=\"[^\"]*\"", "URI=\"" + parts[1].substring(4) + "\"");
        } else if (parts[1].equals("XINCLUDE")) {
            xml = xml.replace(
                    "</asic:ASiCManifest>",
                    "<xi:include xmlns:xi=\"http://www.w3.org/2001/XInclude\" href=\"" + secret.toUri()
                            + "\" parse=\"text\"/></asic:ASiCManifest>");
        }
        byte[] bytes = parts.length > 2
                ? xml.replace("encoding=\"UTF-8\"", "encoding=\"UTF-16\"").getBytes(StandardCharsets.UTF_16)
                : xml.getBytes(StandardCharsets.UTF_8);
        IllegalArgumentException e = assertTimeoutPreemptively(
                Duration.ofSeconds(10),
                () -> assertThrows(IllegalArgumentException.class, () -> AsicManifest.parse(bytes)));
        for (Throwable t = e; t != null; t = t.getCause()) {
            assertFalse(String.valueOf(t.getMessage()).contains(marker), "the file's content is shown: " + t);
            assertFalse(String.valueOf(t).contains(marker));
        }
    }

    private static String laughs() {
        StringBuilder dtd = new StringBuilder("<!DOCTYPE asic:ASiCManifest [<!ENTITY lol0 \"lol\">");
        for (int i = 1; i <= 9; i++) {
            dtd.append("<!ENTITY lol").append(i).append(" \"");
            dtd.append(("&lol" + (i - 1) + ";").repeat(10));
            dtd.append("\">");
        }
        return dtd.append("]>").toString();
    }

    /** A manifest broken anywhere: parsed or refused with an IllegalArgumentException, never anything else. */
    @Test
    void aBrokenManifestIsReadOrRefusedByName() {
        Tries.of(600).forAllBytes(Hostile.mutated(List.of(MANIFEST.bytes())), bytes -> {
            try {
                AsicManifest.parse(bytes);
            } catch (IllegalArgumentException refused) {
                assertFalse(String.valueOf(refused.getMessage()).isBlank());
            }
        });
    }
}
