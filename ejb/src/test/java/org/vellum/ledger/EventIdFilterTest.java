package org.vellum.ledger;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class EventIdFilterTest {

    @Test
    void neverForgetsAnIdAndRarelyClaimsANewOne() {
        EventIdFilter filter = new EventIdFilter(100_000);
        List<String> added = new ArrayList<>();
        for (int i = 0; i < 100_000; i++) {
            String id = UUID.randomUUID().toString();
            filter.add(id);
            added.add(id);
        }
        assertTrue(added.stream().allMatch(filter::mightContain), "no false negatives");
        int falsePositives = 0;
        for (int i = 0; i < 100_000; i++) {
            if (filter.mightContain(UUID.randomUUID().toString())) {
                falsePositives++;
            }
        }
        assertTrue(falsePositives < 200, "false positives at capacity: " + falsePositives);
        assertTrue(filter.full());
    }

    @Test
    void sequentialUuidsSpreadToo() {
        EventIdFilter filter = new EventIdFilter(10_000);
        for (int i = 0; i < 10_000; i++) {
            filter.add(new UUID(0x0123_4567_89ab_4cdeL, 0x8000_0000_0000_0000L + i).toString());
        }
        int falsePositives = 0;
        for (int i = 10_000; i < 20_000; i++) {
            if (filter.mightContain(new UUID(0x0123_4567_89ab_4cdeL, 0x8000_0000_0000_0000L + i).toString())) {
                falsePositives++;
            }
        }
        assertTrue(falsePositives < 50, "false positives: " + falsePositives);
    }

    @Test
    void rebuildDoublesTheCapacityAndStartsEmpty() {
        EventIdFilter filter = new EventIdFilter(64);
        String id = UUID.randomUUID().toString();
        filter.add(id);
        filter.rebuild();
        assertFalse(filter.mightContain(id));
        for (int i = 0; i < 127; i++) {
            filter.add(UUID.randomUUID().toString());
        }
        assertFalse(filter.full());
    }
}
