package org.vellum.it.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Applies one of the operator's CLI scripts ({@code ear/src/main/cli}) to a test server's copied configuration,
 * offline, with its settings in a properties file, the way docs/operations.md tells an operator to.
 */
public final class OfflineCli {
    private OfflineCli() {}

    public static void apply(Path baseDir, Path settings, String script) throws IOException, InterruptedException {
        Path home = Path.of(System.getProperty("jboss.home"));
        Path log = baseDir.resolve(script + ".log");
        Process cli = new ProcessBuilder(
                        home.resolve("bin/jboss-cli.sh").toString(),
                        "-Djboss.server.base.dir=" + baseDir,
                        "--properties=" + settings,
                        "--file=" + Path.of(System.getProperty("vellum.cli.dir"), script))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        assertTrue(cli.waitFor(2, TimeUnit.MINUTES), "jboss-cli finished");
        String output = Files.readString(log);
        assertEquals(0, cli.exitValue(), output);
        assertFalse(output.contains("\"outcome\" => \"failed\""), output);
    }
}
