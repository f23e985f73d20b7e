package org.vellum.fuzz;

import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;

/** Draws one test input from a seeded random: the same seed draws the same inputs. */
@FunctionalInterface
public interface Gen<T> {
    T draw(SplittableRandom random);

    default <R> Gen<R> map(Function<? super T, ? extends R> f) {
        return r -> f.apply(draw(r));
    }

    /** One of the generators, each as likely as the others. */
    @SafeVarargs
    static <T> Gen<T> oneOf(Gen<? extends T>... gens) {
        List<Gen<? extends T>> all = List.of(gens);
        return r -> all.get(r.nextInt(all.size())).draw(r);
    }

    /** One of the values, each as likely as the others. */
    static <T> Gen<T> element(List<T> values) {
        List<T> all = List.copyOf(values);
        return r -> all.get(r.nextInt(all.size()));
    }
}
