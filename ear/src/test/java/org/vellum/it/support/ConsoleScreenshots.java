package org.vellum.it.support;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Takes the README's console screenshots from a running appliance (docs/console.md says how):
 * {@code ConsoleScreenshots <base URL> <user> <out dir>}, the password in {@code VELLUM_PASSWORD}.
 */
public final class ConsoleScreenshots {
    private ConsoleScreenshots() {}

    public static void main(String[] args) throws Exception {
        URI base = URI.create(args[0]);
        Path out = Path.of(args[2]);
        Path home = Files.createTempDirectory("vellum-screenshots");
        try (Browser b = new Browser(base, home)) {
            b.signIn(args[1], System.getenv("VELLUM_PASSWORD"));
            b.open("/vellum/console/dashboard.xhtml");
            b.screenshot(out.resolve("console-dashboard.png"));
            b.open("/vellum/console/archives.xhtml");
            b.screenshot(out.resolve("console-archives.png"));
        }
    }
}
