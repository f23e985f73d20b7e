package org.vellum.web.api;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.vellum.problem.VellumException;

/** Pagination rules shared by every list: {@code offset} from 0, {@code limit} 1 to 1000. */
final class Pages {
    static final int MAX_LIMIT = 1000;

    private Pages() {}

    static void check(int offset, int limit) {
        if (offset < 0 || limit < 1 || limit > MAX_LIMIT) {
            throw new VellumException(
                    VellumException.Kind.INVALID,
                    "invalid-page",
                    "offset must be 0 or more and limit 1 to " + MAX_LIMIT);
        }
    }

    /**
     * One page of a list the server holds whole (a few items: targets, schedules, copies, users), in the shape every
     * list has: {@code total}, {@code offset}, {@code items}.
     */
    static <T> Map<String, Object> of(List<T> all, int offset, int limit, Function<T, Object> json) {
        check(offset, limit);
        Map<String, Object> page = new LinkedHashMap<>();
        page.put("total", all.size());
        page.put("offset", offset);
        page.put("items", all.stream().skip(offset).limit(limit).map(json).toList());
        return page;
    }
}
