package org.vellum.fuzz;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * Runs a property over many drawn inputs, each under a hang bound: a try that does not end within it fails the
 * property (a hang check, not a performance test). A failing input is shrunk and reported with the seed that drew it.
 *
 * <p>The seed is random unless {@code -Dvellum.tries.seed=N} fixes it, so that every run explores new inputs and any
 * failure can be replayed; {@code -Dvellum.tries.factor=K} runs K times as many tries, for a longer search.
 */
public final class Tries {
    private static final int MAX_SHRINK_STEPS = 400;
    private static final int SHOWN_CHARS = 600;

    private final int count;
    private final Duration hangBound;
    private final long seed;

    private Tries(int count, Duration hangBound, long seed) {
        this.count = count;
        this.hangBound = hangBound;
        this.seed = seed;
    }

    /** {@code count} tries (times the factor), each bounded by 10 s. */
    public static Tries of(int count) {
        String factor = System.getProperty("vellum.tries.factor");
        String fixed = System.getProperty("vellum.tries.seed");
        long seed = fixed == null || fixed.isBlank() ? new SplittableRandom().nextLong() : Long.parseLong(fixed.trim());
        int times = factor == null || factor.isBlank() ? 1 : Integer.parseInt(factor.trim());
        return new Tries(count * times, Duration.ofSeconds(10), seed);
    }

    public Tries hangBound(Duration bound) {
        return new Tries(count, bound, seed);
    }

    /** A property, which fails by throwing. */
    @FunctionalInterface
    public interface Property<T> {
        void check(T input) throws Exception;
    }

    public void forAllBytes(Gen<byte[]> gen, Property<byte[]> property) {
        forAll(gen, Shrink.bytes(), Tries::show, property);
    }

    public void forAllText(Gen<String> gen, Property<String> property) {
        forAll(gen, Shrink.text(), Tries::show, property);
    }

    public <T> void forAll(Gen<T> gen, Shrink<T> shrink, Function<T, String> show, Property<T> property) {
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 1; i <= count; i++) {
            T input = gen.draw(random);
            Throwable failure = run(property, input);
            if (failure instanceof Hang) {
                throw new AssertionError(
                        header(i) + "a try did not end within " + hangBound + " on: " + show.apply(input), failure);
            }
            if (failure != null) {
                T small = input;
                Throwable smallFailure = failure;
                int steps = 0;
                shrinking:
                while (steps < MAX_SHRINK_STEPS) {
                    for (T candidate : shrink.candidates(small)) {
                        if (++steps > MAX_SHRINK_STEPS) {
                            break shrinking;
                        }
                        Throwable f = run(property, candidate);
                        if (f != null && !(f instanceof Hang) && f.getClass() == failure.getClass()) {
                            small = candidate;
                            smallFailure = f;
                            continue shrinking;
                        }
                    }
                    break;
                }
                String drawn = small == input ? "" : "\n  (shrunk from: " + show.apply(input) + ")";
                throw new AssertionError(
                        header(i) + smallFailure + "\n  on: " + show.apply(small) + drawn, smallFailure);
            }
        }
    }

    private String header(int tryNumber) {
        return "property failed at try " + tryNumber + " of " + count + " (seed " + seed
                + "; replay with -Dvellum.tries.seed=" + seed + "): ";
    }

    /** Runs one try on a thread of its own, which is left behind (a daemon) if it hangs. */
    private <T> Throwable run(Property<T> property, T input) {
        FutureTask<Void> done = new FutureTask<>(() -> {
            property.check(input);
            return null;
        });
        Thread thread = new Thread(done, "vellum-try");
        thread.setDaemon(true);
        thread.start();
        try {
            done.get(hangBound.toMillis(), TimeUnit.MILLISECONDS);
            return null;
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (TimeoutException e) {
            done.cancel(true);
            return new Hang();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** A try that ran past the hang bound. */
    private static final class Hang extends Throwable {
        private static final long serialVersionUID = 1L;

        Hang() {
            super("hang", null, false, false);
        }
    }

    /** The bytes, printable ASCII as is and the rest escaped, cut short. */
    public static String show(byte[] bytes) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < bytes.length && out.length() < SHOWN_CHARS; i++) {
            int b = bytes[i] & 0xff;
            if (b >= 0x20 && b < 0x7f && b != '\\') {
                out.append((char) b);
            } else {
                out.append(String.format("\\x%02x", b));
            }
        }
        return quoted(out, bytes.length, "bytes");
    }

    /** The text, printable ASCII as is and the rest escaped, cut short. */
    public static String show(String text) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < text.length() && out.length() < SHOWN_CHARS; i++) {
            char c = text.charAt(i);
            if (c >= 0x20 && c < 0x7f && c != '\\') {
                out.append(c);
            } else {
                out.append(String.format("\\u%04x", (int) c));
            }
        }
        return quoted(out, text.length(), "chars");
    }

    /** Lines, each shown as bytes. */
    public static String showLines(List<byte[]> lines) {
        StringBuilder out = new StringBuilder(lines.size() + " lines:");
        for (byte[] line : lines) {
            out.append("\n    ").append(show(line));
            if (out.length() > 20 * SHOWN_CHARS) {
                out.append("\n    ...");
                break;
            }
        }
        return out.toString();
    }

    private static String quoted(StringBuilder shown, int length, String unit) {
        return "\"" + shown + "\"" + (shown.length() >= SHOWN_CHARS ? "... (" + length + " " + unit + ")" : "");
    }

    /** UTF-8 bytes of a text. */
    public static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
