package org.vellum.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.vellum.tape.SimhTapeImage;
import org.vellum.tape.TapeExporter;

/**
 * Exports the given archive files (each with its .pdf beside it) to a SIMH tape image with the production exporter,
 * then reads the cartridge back and verifies it; prints both rates in MB/s of archive bytes (bench/tape.sh).
 */
public final class TapeThroughput {
    private TapeThroughput() {}

    public static void main(String[] args) throws Exception {
        Path image = Path.of(args[0]);
        int recordSize = Integer.parseInt(args[1]);
        List<TapeExporter.Item> items = new ArrayList<>();
        long bytes = 0;
        for (int i = 2; i < args.length; i++) {
            Path archive = Path.of(args[i]);
            Path pdf = archive.resolveSibling(archive.getFileName().toString().replace(".asice", ".pdf"));
            items.add(new TapeExporter.Item(i - 1, archive, pdf));
            bytes += Files.size(archive) + Files.size(pdf);
        }
        Files.deleteIfExists(image);
        TapeExporter exporter = new TapeExporter(recordSize, Clock.systemUTC());
        try (SimhTapeImage tape = new SimhTapeImage(image, Long.MAX_VALUE, recordSize)) {
            long start = System.nanoTime();
            exporter.export(tape, "BENCH1L9", "bench", items);
            tape.rewind(); // writes the end marks and fsyncs
            double write = (System.nanoTime() - start) / 1e9;
            start = System.nanoTime();
            var problems = exporter.verify(tape, "BENCH1L9", "bench");
            double read = (System.nanoTime() - start) / 1e9;
            System.out.printf(
                    "export to a SIMH image (record %d): %.2f s = %.1f MB/s; read-back verification: %.2f s = %.1f MB/s,"
                            + " %s%n",
                    recordSize,
                    write,
                    bytes / 1e6 / write,
                    read,
                    bytes / 1e6 / read,
                    problems.isEmpty() ? "intact" : problems);
        }
    }
}
