package org.vellum.ledger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalTest {
    @TempDir
    Path dir;

    private List<String> reopen(long segmentBytes) throws IOException {
        List<String> frames = new ArrayList<>();
        try (Journal j = Journal.open(dir, segmentBytes, p -> frames.add(new String(p, StandardCharsets.UTF_8)))) {
            return frames;
        }
    }

    private List<Path> segments() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.sorted().toList();
        }
    }

    @Test
    void framesSurviveReopeningInOrder() throws IOException {
        try (Journal j = Journal.open(dir, 1 << 20, p -> {})) {
            for (int i = 1; i <= 5; i++) {
                j.append(i, ("frame " + i).getBytes(StandardCharsets.UTF_8));
            }
        }
        assertEquals(List.of("frame 1", "frame 2", "frame 3", "frame 4", "frame 5"), reopen(1 << 20));
    }

    @Test
    void unfinishedLastFrameIsCutOffAndTheRestKept() throws IOException {
        try (Journal j = Journal.open(dir, 1 << 20, p -> {})) {
            j.append(1, "kept".getBytes(StandardCharsets.UTF_8));
            j.append(2, "torn by a crash".getBytes(StandardCharsets.UTF_8));
        }
        Path segment = segments().get(0);
        long size = Files.size(segment);
        try (RandomAccessFile f = new RandomAccessFile(segment.toFile(), "rw")) {
            f.setLength(size - 5);
        }
        assertEquals(List.of("kept"), reopen(1 << 20));
        // The cut is permanent and appending continues after the good frame.
        try (Journal j = Journal.open(dir, 1 << 20, p -> {})) {
            j.append(2, "after".getBytes(StandardCharsets.UTF_8));
        }
        assertEquals(List.of("kept", "after"), reopen(1 << 20));
    }

    @Test
    void checksumCatchesAFlippedByteInTheNewestFrame() throws IOException {
        try (Journal j = Journal.open(dir, 1 << 20, p -> {})) {
            j.append(1, "one".getBytes(StandardCharsets.UTF_8));
            j.append(2, "two".getBytes(StandardCharsets.UTF_8));
        }
        flipLastByte(segments().get(0));
        assertEquals(List.of("one"), reopen(1 << 20));
    }

    @Test
    void damageInAnOlderSegmentIsCorruptionNotATornWrite() throws IOException {
        try (Journal j = Journal.open(dir, 16, p -> {})) {
            j.append(1, "first segment".getBytes(StandardCharsets.UTF_8));
            assertTrue(j.append(2, "second segment".getBytes(StandardCharsets.UTF_8)));
        }
        assertEquals(2, segments().size());
        flipLastByte(segments().get(0));
        assertThrows(Journal.CorruptedException.class, () -> reopen(16));
    }

    @Test
    void segmentsRollAndPruneUpToTheDurableSeq() throws IOException {
        try (Journal j = Journal.open(dir, 16, p -> {})) {
            j.append(1, "entries 1-10".getBytes(StandardCharsets.UTF_8));
            j.append(11, "entries 11-20".getBytes(StandardCharsets.UTF_8));
            j.append(21, "entries 21-30".getBytes(StandardCharsets.UTF_8));
            assertEquals(3, j.segmentCount());
            assertEquals(0, j.prune(9));
            assertEquals(1, j.prune(15));
            assertEquals(1, j.prune(30));
            assertEquals(1, j.segmentCount());
        }
        assertEquals(List.of("entries 21-30"), reopen(16));
        assertEquals(
                "journal-00000000000000000021.log",
                segments().get(0).getFileName().toString());
    }

    @Test
    void payloadBytesAreKeptExactly() throws IOException {
        byte[] payload = new byte[70_000];
        for (int i = 0; i < payload.length; i++) {
            payload[i] = (byte) i;
        }
        try (Journal j = Journal.open(dir, 1 << 20, p -> {})) {
            j.append(1, payload);
        }
        List<byte[]> read = new ArrayList<>();
        try (Journal j = Journal.open(dir, 1 << 20, read::add)) {
            assertArrayEquals(payload, read.get(0));
        }
    }

    private static void flipLastByte(Path file) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.seek(f.length() - 1);
            int b = f.read();
            f.seek(f.length() - 1);
            f.write(b ^ 0xFF);
        }
    }
}
