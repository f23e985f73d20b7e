package org.vellum.jobs;

import jakarta.ejb.ScheduleExpression;
import java.util.Objects;
import java.util.regex.Pattern;
import org.vellum.problem.VellumException;

/**
 * A cron-like schedule, {@code minute hour day-of-month month day-of-week} (e.g. {@code 0 2 * * *} for 02:00 every
 * day), turned into an EJB calendar expression. Each field takes what EJB calendar expressions take: {@code *},
 * numbers, lists ({@code 1,15}), ranges ({@code 1-5}) and steps ({@code *&#47;15}); days of the week are 0-7 or
 * {@code Mon}..{@code Sun}.
 */
final class CronSchedule {
    private CronSchedule() {}

    static ScheduleExpression parse(String cron) {
        String[] f = cron == null ? new String[0] : cron.trim().split("\\s+");
        if (f.length != 5) {
            throw new VellumException(
                    VellumException.Kind.INVALID,
                    "bad-schedule",
                    "a schedule has five fields (minute hour day-of-month month day-of-week): '" + cron + "'");
        }
        return new ScheduleExpression()
                .second("0")
                .minute(f[0])
                .hour(f[1])
                .dayOfMonth(f[2])
                .month(f[3])
                .dayOfWeek(f[4]);
    }

    /**
     * Refuses a line that {@link #parse} would take but the timer service would not: each field may hold only digits,
     * day and month names, {@code *}, {@code ,}, {@code -} and {@code /}; the ranges are the calendar's.
     */
    static void check(String cron) {
        ScheduleExpression e = parse(cron);
        String[] names = {"minute", "hour", "day-of-month", "month", "day-of-week"};
        String[] values = {e.getMinute(), e.getHour(), e.getDayOfMonth(), e.getMonth(), e.getDayOfWeek()};
        int[] max = {59, 23, 31, 12, 7};
        for (int i = 0; i < values.length; i++) {
            if (!FIELD.matcher(values[i]).matches()) {
                throw bad(cron, names[i], "may hold only numbers, names, '*', ',', '-' and '/'");
            }
            for (String n : values[i].split("[^0-9]+")) {
                if (!n.isEmpty() && (n.length() > 2 || Integer.parseInt(n) > max[i])) {
                    throw bad(cron, names[i], n + " is beyond " + max[i]);
                }
            }
        }
    }

    private static final Pattern FIELD = Pattern.compile("[*0-9A-Za-z]+([,/-][*0-9A-Za-z]+)*");

    private static VellumException bad(String cron, String field, String why) {
        return new VellumException(
                VellumException.Kind.INVALID, "bad-schedule", "the " + field + " of '" + cron + "' " + why);
    }

    static boolean same(ScheduleExpression a, ScheduleExpression b) {
        return Objects.equals(a.getSecond(), b.getSecond())
                && Objects.equals(a.getMinute(), b.getMinute())
                && Objects.equals(a.getHour(), b.getHour())
                && Objects.equals(a.getDayOfMonth(), b.getDayOfMonth())
                && Objects.equals(a.getMonth(), b.getMonth())
                && Objects.equals(a.getDayOfWeek(), b.getDayOfWeek());
    }
}
