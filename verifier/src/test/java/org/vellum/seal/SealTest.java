package org.vellum.seal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.vellum.ledger.Hashes;

/** The seal record: canonical, round-trips byte for byte, and refuses records that contradict themselves. */
class SealTest {
    private static Seal seal(long first, long last) {
        return new Seal(
                "appliance-1",
                3,
                Instant.parse("2026-11-26T02:00:07.123456Z"),
                Instant.parse("2026-11-25T02:00:05Z"),
                first,
                last,
                Hashes.sha256(new byte[] {1}),
                Hashes.sha256(new byte[] {2}),
                Hashes.sha256(new byte[] {3}),
                Hashes.sha256(new byte[] {4}),
                last >= first ? Instant.parse("2026-11-26T01:59:59Z") : null,
                Map.of("entries_by_type", Map.of("task.opened", last - first + 1)),
                "1",
                "ab".repeat(32),
                "nightly-archive");
    }

    @Test
    void roundTripsByteForByteInCanonicalForm() {
        Seal s = seal(101, 250);
        byte[] bytes = s.canonicalBytes();
        String text = new String(bytes, StandardCharsets.UTF_8);
        assertTrue(
                text.startsWith("{\"accounting\":{\"entries_by_type\":{\"task.opened\":150}},\"appliance_id\""), text);
        assertTrue(text.contains("\"tree_size\":150"), text);
        assertTrue(text.contains("\"ledger_tree_size\":250"), text);
        assertTrue(text.contains("\"sealed_at\":\"2026-11-26T02:00:07.123456Z\""), text);
        Seal parsed = Seal.parse(bytes);
        assertArrayEquals(bytes, parsed.canonicalBytes());
        assertEquals(s, parsed);
        assertArrayEquals(Hashes.sha256(bytes), parsed.sha256());
    }

    @Test
    void anEmptyPeriodHasNoEntriesAndNoNewestArrival() {
        Seal s = seal(251, 250);
        assertEquals(0, s.treeSize());
        assertTrue(new String(s.canonicalBytes(), StandardCharsets.UTF_8).contains("\"newest_received_at\":null"));
        assertEquals(s, Seal.parse(s.canonicalBytes()));
    }

    @Test
    void refusesRecordsThatContradictThemselves() {
        String text = new String(seal(101, 250).canonicalBytes(), StandardCharsets.UTF_8);
        assertThrows(
                IllegalArgumentException.class,
                () -> Seal.parse(
                        text.replace("\"tree_size\":150", "\"tree_size\":149").getBytes(StandardCharsets.UTF_8)));
        assertThrows(
                IllegalArgumentException.class,
                () -> Seal.parse(text.replace("vellum-seal/1", "vellum-seal/2").getBytes(StandardCharsets.UTF_8)));
        assertThrows(
                IllegalArgumentException.class,
                () -> Seal.parse(
                        text.replace("\"first_seq\":101", "\"first_seq\":252").getBytes(StandardCharsets.UTF_8)));
        assertThrows(IllegalArgumentException.class, () -> Seal.parse("[]".getBytes(StandardCharsets.UTF_8)));
        assertThrows(IllegalArgumentException.class, () -> seal(0, 5));
    }
}
