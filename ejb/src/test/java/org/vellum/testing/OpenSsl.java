package org.vellum.testing;

import java.io.IOException;
import java.nio.file.Path;

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

    /** {@code openssl cms -verify} of a detached DER signature over {@code content}, trusting {@code caFile}. */
    public static Result cmsVerify(Path signature, Path content, Path caFile) throws IOException, InterruptedException {
        return run(
                "cms",
                "-verify",
                "-binary",
                "-inform",
                "DER",
                "-in",
                signature.toString(),
                "-content",
                content.toString(),
                "-CAfile",
                caFile.toString(),
                "-purpose",
                "any",
                "-out",
                "/dev/null");
    }

    /** {@code openssl ts -verify} of a time-stamp token (DER) over {@code data}, trusting {@code caFile}. */
    public static Result tsVerify(Path data, Path token, Path caFile) throws IOException, InterruptedException {
        return run(
                "ts",
                "-verify",
                "-data",
                data.toString(),
                "-in",
                token.toString(),
                "-token_in",
                "-CAfile",
                caFile.toString());
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
