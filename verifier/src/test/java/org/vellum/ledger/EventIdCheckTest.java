package org.vellum.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class EventIdCheckTest {
    private static String id(Random random) {
        return new UUID(random.nextLong(), random.nextLong()).toString();
    }

    @Test
    void distinctIdsPassInMemory() {
        Random random = new Random(1);
        try (EventIdCheck check = new EventIdCheck()) {
            for (int seq = 1; seq <= 10_000; seq++) {
                check.add(id(random), seq);
            }
            assertTrue(check.firstDuplicate().isEmpty());
        }
    }

    @Test
    void theEarliestRepeatIsNamedWithItsFirstHolderAlsoAfterSpillingToDisk() {
        Random random = new Random(2);
        String[] kept = new String[4];
        try (EventIdCheck check = new EventIdCheck()) {
            int n = EventIdCheck.IN_MEMORY + 50_000; // past the in-memory limit: bucketed temporary files
            for (int seq = 1; seq <= n; seq++) {
                String id = id(random);
                if (seq == 100) {
                    kept[0] = id;
                }
                if (seq == 700_000) {
                    kept[1] = id;
                }
                if (seq == n - 10) {
                    id = kept[1]; // the earliest repeat: named
                }
                if (seq == n - 5) {
                    id = kept[0]; // a later repeat of an older id
                }
                check.add(id, seq);
            }
            EventIdCheck.Duplicate d = check.firstDuplicate().orElseThrow();
            assertEquals(700_000, d.firstSeq());
            assertEquals(n - 10, d.secondSeq());
            assertEquals(kept[1], d.eventId());
        }
    }
}
