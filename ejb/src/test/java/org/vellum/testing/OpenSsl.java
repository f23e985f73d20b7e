package org.vellum.testing;

import java.io.IOException;

/** Runs the openssl command line through {@link Tool}: missing, it skips the test, or fails it under CI=true. */
public final class OpenSsl {
    /** Exit code and combined output. */
    public record Result(int exit, String output) {
        public boolean ok() {
            return exit == 0;
        }
    }

    private OpenSsl() {}

    public static Result run(String... args) throws IOException, InterruptedException {
        Tool.Result r = Tool.run("openssl", Tool.prefixed("openssl", args));
        return new Result(r.exit(), r.output());
    }

    /** Runs openssl and fails the test unless it exits 0. */
    public static String ok(String... args) throws IOException, InterruptedException {
        Result r = run(args);
        if (!r.ok()) {
            org.junit.jupiter.api.Assertions.fail(
                    "openssl " + String.join(" ", args) + " failed (" + r.exit() + "): " + r.output());
        }
        return r.output();
    }
}
