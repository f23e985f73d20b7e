package org.vellum.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Runs an outside command-line tool (openssl, pdfsig, pdftoppm, tesseract, qpdf, java -jar verapdf): a tool that is not
 * installed skips the test with the Debian package to install, or fails it under {@code CI=true}, where .ci/run
 * installs everything.
 */
public final class Tool {
    /** Exit code and combined output. */
    public record Result(int exit, String output) {
        public boolean ok() {
            return exit == 0;
        }
    }

    private Tool() {}

    /** Runs {@code command}; {@code debianPackage} names what provides its program. */
    public static Result run(String debianPackage, List<String> command) throws IOException, InterruptedException {
        Process p;
        try {
            p = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            if ("true".equals(System.getenv("CI"))) {
                fail(command.get(0) + " is required under CI=true (apt-get install " + debianPackage + "): "
                        + e.getMessage());
            }
            Assumptions.abort(
                    "skipped: " + command.get(0) + " is not installed (apt-get install " + debianPackage + ")");
            throw e;
        }
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail(command.get(0) + " did not finish: " + command);
        }
        return new Result(p.exitValue(), out);
    }

    public static Result run(String debianPackage, String... command) throws IOException, InterruptedException {
        return run(debianPackage, List.of(command));
    }

    /** Runs the command and fails the test unless it exits 0. */
    public static String ok(String debianPackage, String... command) throws IOException, InterruptedException {
        Result r = run(debianPackage, command);
        if (!r.ok()) {
            fail(String.join(" ", command) + " failed (" + r.exit() + "): " + r.output());
        }
        return r.output();
    }

    static List<String> prefixed(String program, String... args) {
        List<String> command = new ArrayList<>(List.of(program));
        command.addAll(List.of(args));
        return command;
    }
}
