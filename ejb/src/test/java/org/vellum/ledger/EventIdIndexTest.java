package org.vellum.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EventIdIndexTest {
    @TempDir
    Path dir;

    @Test
    void findsEveryIdItHoldsAndNoOtherAcrossGrowth() {
        try (EventIdIndex index = new EventIdIndex(dir, 1)) {
            List<UUID> ids = new ArrayList<>();
            for (int i = 1; i <= 50_000; i++) {
                UUID id = UUID.randomUUID();
                ids.add(id);
                index.put(id, i);
            }
            assertEquals(50_000, index.size());
            for (int i = 0; i < ids.size(); i++) {
                assertEquals(i + 1, index.seqOf(ids.get(i)));
            }
            for (int i = 0; i < 10_000; i++) {
                assertEquals(0, index.seqOf(UUID.randomUUID()));
            }
            assertTrue(index.mappedBytes() >= 50_000L * 24 * 8 / 5, "at most 5/8 full");
        }
    }

    @Test
    void idsThatAreNotRandomSpreadToo() {
        // Sequential ids (some producers count instead of drawing) and ids differing only in their high half.
        try (EventIdIndex index = new EventIdIndex(dir, 100_000)) {
            for (int i = 1; i <= 30_000; i++) {
                index.put(new UUID(0, i), i);
                index.put(new UUID(i, 0), 100_000 + i);
            }
            assertEquals(7, index.seqOf(new UUID(0, 7)));
            assertEquals(100_007, index.seqOf(new UUID(7, 0)));
            assertEquals(0, index.seqOf(new UUID(0, 30_001)));
            assertEquals(60_000, index.size());
        }
    }

    @Test
    void aLaterSeqForAnIdReplacesTheEarlierOne() {
        try (EventIdIndex index = new EventIdIndex(dir, 10)) {
            UUID id = UUID.randomUUID();
            index.put(id, 5);
            index.put(id, 9);
            assertEquals(9, index.seqOf(id));
            assertEquals(1, index.size());
            assertThrows(IllegalArgumentException.class, () -> index.put(UUID.randomUUID(), 0));
        }
    }

    @Test
    void aSavedIndexIsTakenUpOnceAndOnlyAtTheHeadItWasSavedAt() throws Exception {
        LedgerHead head = new LedgerHead(3000, new byte[] {1, 2, 3});
        List<UUID> ids = new ArrayList<>();
        EventIdIndex index = new EventIdIndex(dir, head, 1);
        for (int i = 1; i <= 3000; i++) {
            UUID id = UUID.randomUUID();
            ids.add(id);
            index.put(id, i);
        }
        index.save(head);

        EventIdIndex again = new EventIdIndex(dir, head, 1);
        assertTrue(again.loaded());
        assertEquals(3000, again.size());
        for (int i = 0; i < ids.size(); i++) {
            assertEquals(i + 1, again.seqOf(ids.get(i)));
        }
        again.put(UUID.randomUUID(), 3001); // goes on growing from where it was
        assertEquals(3001, again.size());

        // Not saved again (a crash): the next start gets an empty index, to be rebuilt.
        EventIdIndex afterCrash = new EventIdIndex(dir, new LedgerHead(3001, new byte[] {4}), 1);
        assertFalse(afterCrash.loaded());
        assertEquals(0, afterCrash.size());
        assertEquals(0, afterCrash.seqOf(ids.get(0)));
        afterCrash.put(ids.get(0), 1);
        afterCrash.save(head);

        // Saved at another head (a database restored from elsewhere, another ledger): not taken up.
        EventIdIndex elsewhere = new EventIdIndex(dir, new LedgerHead(1, new byte[] {1, 2, 3}), 1);
        assertFalse(elsewhere.loaded());
        assertEquals(0, elsewhere.seqOf(ids.get(0)));
        elsewhere.save(new LedgerHead(1, new byte[] {9}));
        assertFalse(
                new EventIdIndex(dir, new LedgerHead(1, new byte[] {1, 2, 3}), 1).loaded(), "same seq, other chain");

        // A saved state that does not describe its file is not trusted.
        EventIdIndex saved = new EventIdIndex(dir, head, 1);
        saved.put(ids.get(0), 1);
        saved.save(head);
        Path state = dir.resolve(EventIdIndex.STATE_FILE);
        Files.writeString(state, Files.readString(state).replaceAll("slots=\\d+", "slots=1048576"));
        assertFalse(new EventIdIndex(dir, head, 1).loaded());
    }

    @Test
    void itsFilesLiveOutsideTheHeapAndGoAway() throws Exception {
        Files.writeString(dir.resolve(EventIdIndex.FILE_PREFIX + "7"), "left by a crash");
        Files.writeString(dir.resolve("segment-unrelated"), "kept");
        Random random = new Random(1);
        try (EventIdIndex index = new EventIdIndex(dir, 10)) {
            for (int i = 1; i <= 1000; i++) {
                index.put(new UUID(random.nextLong(), random.nextLong()), i);
            }
            try (Stream<Path> files = Files.list(dir)) {
                assertEquals(
                        List.of(dir.resolve("segment-unrelated")),
                        files.filter(p -> !p.getFileName().toString().matches("event-ids\\.\\d+"))
                                .toList());
            }
            try (Stream<Path> files = Files.list(dir)) {
                assertEquals(
                        1,
                        files.filter(p -> p.getFileName().toString().startsWith("event-ids."))
                                .count(),
                        "older generations are deleted when the table grows");
            }
        }
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(dir.resolve("segment-unrelated")), files.toList());
        }
    }
}
