package org.vellum.tape;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * The independent judges of a tape image: simh's {@code mtdump}, GNU {@code tar}, {@code bsdtar}. One that is not
 * installed skips the test, naming the Debian package, or fails it under {@code CI=true}, where .ci/run installs it.
 */
final class Commands {
    record Result(int exit, String output) {}

    private Commands() {}

    static Result run(String debianPackage, File dir, String... command) throws IOException, InterruptedException {
        Process p;
        try {
            p = new ProcessBuilder(List.of(command))
                    .directory(dir)
                    .redirectErrorStream(true)
                    .start();
        } catch (IOException e) {
            String why = command[0] + " is not installed (apt-get install " + debianPackage + ")";
            if ("true".equals(System.getenv("CI"))) {
                fail(why + "; it is required under CI=true");
            }
            Assumptions.abort("skipped: " + why);
            throw e;
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail(command[0] + " did not finish");
        }
        return new Result(p.exitValue(), out);
    }

    static String ok(String debianPackage, File dir, String... command) throws IOException, InterruptedException {
        Result r = run(debianPackage, dir, command);
        if (r.exit() != 0) {
            fail(String.join(" ", command) + " failed (" + r.exit() + "): " + r.output());
        }
        return r.output();
    }
}
