package org.vellum.web.api;

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
}
