package org.vellum.collect;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpoolScannerTest {
    @TempDir
    Path dir;

    @Test
    void rotatedGenerationsComeOldestFirstPerNode() throws Exception {
        for (String name : List.of(
                "b/audit.log",
                "a/audit.log",
                "a/audit.log.1",
                "a/audit.log.10.gz",
                "a/audit.log.2.gz",
                "a/audit.syslog",
                "a/audit.syslog.1.gz",
                "a/notes.txt")) {
            Files.createDirectories(dir.resolve(name).getParent());
            Files.writeString(dir.resolve(name), "x\n");
        }
        Source all = new Source("s", dir, "**", Optional.empty(), Optional.empty());
        List<String> order =
                SpoolScanner.scan(all).stream().map(SpoolFile::relative).toList();
        assertEquals(
                List.of(
                        "a/audit.log.10.gz",
                        "a/audit.log.2.gz",
                        "a/audit.log.1",
                        "a/audit.log",
                        "a/audit.syslog.1.gz",
                        "a/audit.syslog",
                        "a/notes.txt",
                        "b/audit.log"),
                order);
        List<SpoolFile> syslog =
                SpoolScanner.scan(new Source("s", dir, "**/*.syslog*", Optional.empty(), Optional.empty()));
        assertEquals(2, syslog.size());
        syslog.forEach(f -> assertEquals(SourceFormat.SYSLOG, f.format()));
    }

    @Test
    void formatsByNameOrDeclared() {
        assertEquals(SourceFormat.SYSLOG, SourceFormat.of("audit.syslog.3.gz", Optional.empty()));
        assertEquals(SourceFormat.JSONL, SourceFormat.of("audit.log.3.gz", Optional.empty()));
        assertEquals(SourceFormat.JSONL, SourceFormat.of("x.syslog.txt", Optional.empty()));
        assertEquals(SourceFormat.SYSLOG, SourceFormat.of("x.log", Optional.of(SourceFormat.SYSLOG)));
    }
}
