package org.vellum.fuzz;

import java.util.ArrayList;
import java.util.List;

/**
 * Smaller candidates of a failing input, most promising first: the runner keeps the first that still fails and asks
 * again, so a failure is reported on an input a person can read.
 */
@FunctionalInterface
public interface Shrink<T> {
    List<T> candidates(T failing);

    static <T> Shrink<T> none() {
        return failing -> List.of();
    }

    /** Cuts out chunks, halves first, down to single bytes. */
    static Shrink<byte[]> bytes() {
        return failing -> {
            List<byte[]> out = new ArrayList<>();
            for (int chunk = Math.max(1, failing.length / 2); ; chunk /= 2) {
                for (int at = 0; at + chunk <= failing.length && out.size() < 64; at += chunk) {
                    byte[] cut = new byte[failing.length - chunk];
                    System.arraycopy(failing, 0, cut, 0, at);
                    System.arraycopy(failing, at + chunk, cut, at, failing.length - at - chunk);
                    out.add(cut);
                }
                if (chunk == 1) {
                    return out;
                }
            }
        };
    }

    /** As {@link #bytes()}, over characters. */
    static Shrink<String> text() {
        return failing -> {
            List<String> out = new ArrayList<>();
            for (int chunk = Math.max(1, failing.length() / 2); ; chunk /= 2) {
                for (int at = 0; at + chunk <= failing.length() && out.size() < 64; at += chunk) {
                    out.add(failing.substring(0, at) + failing.substring(at + chunk));
                }
                if (chunk == 1) {
                    return out;
                }
            }
        };
    }

    /** Drops elements of a list, halves first. */
    static <E> Shrink<List<E>> list() {
        return failing -> {
            List<List<E>> out = new ArrayList<>();
            for (int chunk = Math.max(1, failing.size() / 2); ; chunk /= 2) {
                for (int at = 0; at + chunk <= failing.size() && out.size() < 64; at += chunk) {
                    List<E> cut = new ArrayList<>(failing.subList(0, at));
                    cut.addAll(failing.subList(at + chunk, failing.size()));
                    out.add(cut);
                }
                if (chunk == 1) {
                    return out;
                }
            }
        };
    }
}
