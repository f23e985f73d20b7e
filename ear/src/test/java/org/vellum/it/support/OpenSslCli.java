package org.vellum.it.support;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/** The openssl command line; without it the test is skipped, and under {@code CI=true} it fails. */
public final class OpenSslCli {
    /** Exit code and combined output. */
    public record Result(int exit, String output) {}

    private OpenSslCli() {}

    public static Result run(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("openssl"));
        command.addAll(List.of(args));
        Process p;
        try {
            p = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            if ("true".equals(System.getenv("CI"))) {
                fail("openssl is required under CI=true: " + e.getMessage());
            }
            Assumptions.abort("skipped: openssl is not installed (apt-get install openssl)");
            throw e;
        }
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("openssl did not finish");
        }
        return new Result(p.exitValue(), out);
    }
}
