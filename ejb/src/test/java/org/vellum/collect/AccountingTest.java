package org.vellum.collect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.vellum.event.MinimizationReport;
import org.vellum.event.NormalizedEvent;

class AccountingTest {
    private static NormalizedEvent event(String type, boolean known) {
        return new NormalizedEvent(
                UUID.randomUUID().toString(), type, known, "anon-1", Instant.now(), Map.of(), MinimizationReport.NONE);
    }

    @Test
    void countsAddUpAndSurviveTheirJsonForm() {
        Accounting a = new Accounting();
        for (int i = 0; i < 5; i++) {
            a.read();
        }
        a.appended(event("task.opened", true), true);
        a.reread(event("x.y", false), false);
        a.duplicate();
        a.quarantined("invalid-json");
        a.notAudit();
        assertTrue(a.balanced());
        Accounting back = Accounting.fromJsonText(a.toJsonText());
        assertEquals(a.toJsonText(), back.toJsonText());
        assertEquals(1, back.rereadAfterInterruption());
        assertEquals(Map.of("anon-1", 1L), back.clockSkewByNode());
        back.read();
        assertTrue(!back.balanced(), "a line read but not accounted for unbalances it");
    }

    @Test
    void aFloodOfUnknownTypeNamesStaysBounded() {
        Accounting a = new Accounting();
        for (int i = 0; i < Accounting.MAX_NAMES + 500; i++) {
            a.read();
            a.appended(event("new.type_" + i, false), false);
        }
        assertEquals(Accounting.MAX_NAMES + 1, a.unknownTypes().size());
        assertEquals(500L, a.unknownTypes().get(Accounting.OTHER));
        assertEquals(Accounting.MAX_NAMES + 500L, a.appended());
    }
}
