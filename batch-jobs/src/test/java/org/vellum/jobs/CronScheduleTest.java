package org.vellum.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.ejb.ScheduleExpression;
import org.junit.jupiter.api.Test;
import org.vellum.problem.VellumException;

class CronScheduleTest {
    @Test
    void fiveFieldsMapToTheCalendarExpression() {
        ScheduleExpression e = CronSchedule.parse("30 2 * * Mon-Fri");
        assertEquals("0", e.getSecond());
        assertEquals("30", e.getMinute());
        assertEquals("2", e.getHour());
        assertEquals("*", e.getDayOfMonth());
        assertEquals("*", e.getMonth());
        assertEquals("Mon-Fri", e.getDayOfWeek());
        assertTrue(CronSchedule.same(e, CronSchedule.parse(" 30  2 * *  Mon-Fri ")));
        assertFalse(CronSchedule.same(e, CronSchedule.parse("0 2 * * *")));
    }

    @Test
    void anythingButFiveFieldsIsRefused() {
        for (String bad : new String[] {"", "0 2 * *", "0 0 2 * * *", null}) {
            VellumException e = assertThrows(VellumException.class, () -> CronSchedule.parse(bad));
            assertEquals("bad-schedule", e.code());
        }
    }
}
