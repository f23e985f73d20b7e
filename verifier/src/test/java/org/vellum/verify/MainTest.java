package org.vellum.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vellum.ledger.Genesis;
import org.vellum.ledger.Hashes;
import org.vellum.ledger.LedgerEntry;
import org.vellum.ledger.LedgerExport;

class MainTest {
    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return Main.run(
                args,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private Path writeExport(int n) throws IOException {
        Genesis genesis = new Genesis("appliance-1", Instant.parse("2026-11-01T00:00:00Z"));
        MessageDigest md = Hashes.sha256();
        List<String> lines = new ArrayList<>();
        lines.add(LedgerExport.header(genesis, 1, n, genesis.chainHash()));
        byte[] previous = genesis.chainHash();
        for (int seq = 1; seq <= n; seq++) {
            LedgerEntry e = LedgerEntry.append(
                    md,
                    previous,
                    seq,
                    "00000000-0000-4000-8000-" + String.format("%012d", seq),
                    Instant.EPOCH,
                    new byte[32],
                    ("{\"event\":{\"seq\":" + seq + "}}").getBytes(StandardCharsets.UTF_8));
            lines.add(LedgerExport.line(e));
            previous = e.chainHash();
        }
        Path file = dir.resolve("export.jsonl");
        Files.write(file, lines, StandardCharsets.UTF_8);
        return file;
    }

    @Test
    void intactExportExitsZeroWithOneLineSummary() throws IOException {
        Path file = writeExport(3);
        assertEquals(0, run("ledger", file.toString()));
        String summary = out.toString(StandardCharsets.UTF_8);
        assertTrue(summary.startsWith("OK ledger export.jsonl: 3 entries, seq 1..3 of appliance appliance-1"), summary);
        assertEquals(1, summary.lines().count());
    }

    @Test
    void tamperedExportExitsOneNamingTheSeq() throws IOException {
        Path file = writeExport(5);
        List<String> lines = new ArrayList<>(Files.readAllLines(file));
        lines.set(3, lines.get(3).replace("\"seq\":3}},", "\"seq\":33}},"));
        Files.write(file, lines);
        assertEquals(1, run("ledger", file.toString()));
        assertTrue(
                out.toString(StandardCharsets.UTF_8).startsWith("FAILED ledger export.jsonl: seq 3 (line 4): changed:"),
                out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void anchorsAreChecked() throws IOException {
        Path file = writeExport(4);
        assertEquals(1, run("ledger", file.toString(), "--anchor", "2:" + "ab".repeat(32)));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("anchor_mismatch"));
    }

    @Test
    void usageErrorsExitTwo() {
        assertEquals(2, run());
        assertEquals(2, run("ledger"));
        assertEquals(2, run("ledger", dir.resolve("nope.jsonl").toString()));
        assertEquals(2, run("frobnicate"));
        assertEquals(2, run("ledger", "x", "--anchor", "12"));
    }
}
