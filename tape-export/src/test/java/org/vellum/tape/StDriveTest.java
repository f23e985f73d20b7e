package org.vellum.tape;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The st drive's use of {@code mt}: there is no tape drive on these machines, so {@code mt} is a stand-in script that
 * records its arguments and answers like mt-st (a mock, the only one in this module), and the device is a plain file.
 * What this shows: the commands and their order, the block size set first, the answer of {@code tell} parsed, a
 * failing or hanging {@code mt} turned into a clear error. What it cannot show: a real drive's behaviour.
 */
class StDriveTest {
    @TempDir
    Path tmp;

    private Path fakeMt(String body) throws IOException {
        Path script = tmp.resolve("mt");
        Files.writeString(script, "#!/bin/sh\necho \"$@\" >> " + tmp.resolve("calls") + "\n" + body + "\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        return script;
    }

    @Test
    void theDriveIsDrivenWithMtAndItsAnswersAreRead() throws Exception {
        Path mt = fakeMt("case \"$3\" in tell) echo 'At block 42.';; esac\nexit 0");
        Path device = Files.createFile(tmp.resolve("nst0"));
        try (StDrive drive = new StDrive(device, 65536, Duration.ofSeconds(10), mt.toString())) {
            drive.rewind();
            drive.writeRecord(new byte[65536], 0, 65536);
            drive.writeFilemark();
            assertEquals(42, drive.tell());
            drive.seek(42);
            drive.skipFiles(3);
            drive.eject();
            assertThrows(IllegalArgumentException.class, () -> drive.writeRecord(new byte[100], 0, 100));
        }
        assertEquals(65536, Files.size(device), "one block written with one write");
        String d = device.toString();
        assertEquals(
                List.of(
                        "-f " + d + " setblk 65536",
                        "-f " + d + " rewind",
                        "-f " + d + " weof 1",
                        "-f " + d + " tell",
                        "-f " + d + " seek 42",
                        "-f " + d + " fsf 3",
                        "-f " + d + " offline"),
                Files.readAllLines(tmp.resolve("calls")));
    }

    @Test
    void aFailingOrHangingMtIsAClearError() throws Exception {
        Path device = Files.createFile(tmp.resolve("nst0"));
        Path failing = fakeMt("case \"$3\" in setblk) exit 0;; esac\necho '/dev/nst0: No medium found' >&2\nexit 2");
        try (StDrive drive = new StDrive(device, 65536, Duration.ofSeconds(10), failing.toString())) {
            IOException e = assertThrows(IOException.class, drive::rewind);
            assertTrue(
                    e.getMessage().contains("rewind failed with exit code 2: /dev/nst0: No medium found"),
                    e.getMessage());
        }
        Path hanging = fakeMt("case \"$3\" in setblk) exit 0;; esac\nsleep 30");
        try (StDrive drive = new StDrive(device, 65536, Duration.ofMillis(300), hanging.toString())) {
            IOException e = assertThrows(IOException.class, drive::rewind);
            assertTrue(e.getMessage().contains("did not finish within"), e.getMessage());
        }
    }
}
