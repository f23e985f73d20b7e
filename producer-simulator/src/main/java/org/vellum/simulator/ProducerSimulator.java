package org.vellum.simulator;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/**
 * Writes a spool as the anonymization platform would (producer spec, {@code shared/spec/producer-logs.md}): a folder
 * per node with rotated, gzipped JSON-lines and syslog files, ordinary application logging between the audit events,
 * and every dirty part of section 3. Beside the spool it writes the accounting a correct collection must arrive at.
 *
 * <pre>
 * java -jar vellum-producer-simulator.jar --out DIR [--events N] [--nodes K] [--seed S] [--node-prefix P]
 *      [--start INSTANT] [--syslog-share F] [--clean] [--expected FILE]
 * </pre>
 */
public final class ProducerSimulator {
    private ProducerSimulator() {}

    /**
     * What to write.
     *
     * @param out the spool folder (created; must be empty or absent)
     * @param expected where the expected accounting goes; outside the spool, so that it is not collected
     * @param events audit records to write (valid events, duplicates and broken ones; ordinary log lines come on top)
     * @param nodes platform nodes, one folder each
     * @param seed makes the spool reproducible
     * @param nodePrefix node names are the prefix and a two-digit number
     * @param start the time of the first event; later ones follow 10 ms apart per node
     * @param syslogShare the share of each node's records written in syslog form
     * @param dirty whether to write the dirty parts of section 3 (off: only valid events, for clean benchmarks)
     */
    public record Options(
            Path out,
            Path expected,
            long events,
            int nodes,
            long seed,
            String nodePrefix,
            Instant start,
            double syslogShare,
            boolean dirty) {

        public static Options defaults(Path out) {
            return new Options(
                    out,
                    out.resolveSibling(out.getFileName() + ".expected.json"),
                    10_000,
                    4,
                    1,
                    "anon-",
                    Instant.now().minus(2, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS),
                    0.3,
                    true);
        }
    }

    public static Expected write(Options options) throws IOException {
        if (Files.exists(options.out())) {
            try (var entries = Files.list(options.out())) {
                if (entries.findAny().isPresent()) {
                    throw new IOException("the spool folder is not empty: " + options.out());
                }
            }
        }
        Files.createDirectories(options.out());
        Expected expected = new Expected();
        long perNode = options.events() / options.nodes();
        for (int n = 0; n < options.nodes(); n++) {
            long events = perNode + (n == 0 ? options.events() % options.nodes() : 0);
            String node = options.nodePrefix() + String.format(Locale.ROOT, "%02d", n + 1);
            new NodeWriter(options, n, node, events, expected).write();
        }
        Files.writeString(options.expected(), expected.toJson(), StandardCharsets.UTF_8);
        return expected;
    }

    public static void main(String[] args) throws IOException {
        Options o = null;
        Path out = null;
        long events = -1;
        Integer nodes = null;
        Long seed = null;
        String prefix = null;
        Instant start = null;
        Double share = null;
        Path expected = null;
        boolean clean = false;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--out" -> out = Path.of(args[++i]);
                case "--events" -> events = Long.parseLong(args[++i].replace("_", ""));
                case "--nodes" -> nodes = Integer.parseInt(args[++i]);
                case "--seed" -> seed = Long.parseLong(args[++i]);
                case "--node-prefix" -> prefix = args[++i];
                case "--start" -> start = Instant.parse(args[++i]);
                case "--syslog-share" -> share = Double.parseDouble(args[++i]);
                case "--expected" -> expected = Path.of(args[++i]);
                case "--clean" -> clean = true;
                default -> {
                    System.err.println("unknown option " + a + "\nusage: --out DIR [--events N] [--nodes K] [--seed S]"
                            + " [--node-prefix P] [--start INSTANT] [--syslog-share F] [--clean] [--expected FILE]");
                    System.exit(2);
                }
            }
        }
        if (out == null) {
            System.err.println("--out DIR is required");
            System.exit(2);
        }
        Options d = Options.defaults(out);
        o = new Options(
                out,
                expected != null ? expected : d.expected(),
                events >= 0 ? events : d.events(),
                nodes != null ? nodes : d.nodes(),
                seed != null ? seed : d.seed(),
                prefix != null ? prefix : d.nodePrefix(),
                start != null ? start : d.start(),
                share != null ? share : d.syslogShare(),
                !clean);
        long t0 = System.nanoTime();
        Expected e = write(o);
        System.out.printf(
                Locale.ROOT,
                "wrote %d lines (%d audit records) to %s in %.1f s; expected accounting in %s%n",
                e.linesRead(),
                o.events(),
                o.out(),
                (System.nanoTime() - t0) / 1e9,
                o.expected());
    }
}
