package org.vellum.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.vellum.fuzz.Gen;
import org.vellum.fuzz.Hostile;
import org.vellum.fuzz.Tries;

/**
 * The file names an archive and its attestation are stored, downloaded and written to tape under carry the appliance
 * id, which an operator configures: whatever it holds, the name stays one plain file name.
 */
class ArchiveLayoutTest {
    private static final Path FOLDER = Path.of("/var/lib/vellum/archives");

    @Test
    void anApplianceIdCannotLeadAFileNameOutOfItsFolder() {
        Gen<String> ids = Gen.oneOf(
                Hostile.text(),
                Gen.element(List.of("..", "../x", "/abs", "a/../../b", "..\\x", "x\u0000y", "", ".", "~", "C:\\x")));
        Tries.of(1000).forAllText(ids, id -> {
            for (String name : List.of(ArchiveLayout.fileName(id, 7), ArchiveLayout.attestationFileName(id, 7))) {
                assertTrue(name.matches("vellum-[A-Za-z0-9._-]*-seal-000007\\.(asice|pdf)"), name);
                Path file = FOLDER.resolve(name);
                assertEquals(FOLDER, file.normalize().getParent(), name);
                assertEquals(1, Path.of(name).getNameCount(), name);
            }
        });
    }
}
