package org.vellum.verify;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.vellum.archive.ArchiveProblem;
import org.vellum.archive.ArchiveReport;
import org.vellum.archive.ArchiveVerifier;
import org.vellum.seal.TrustAnchors;

/**
 * {@code vellum-verify archive FILE.asice --trust CA.pem [--attestation FILE.pdf]}: the whole archive and, when given
 * or lying beside it under the same name with {@code .pdf}, its attestation. Prints a line per check that held and one
 * per problem.
 */
final class ArchiveCommand {
    private ArchiveCommand() {}

    static int run(String[] args, PrintStream out) {
        List<Path> files = new ArrayList<>();
        Path trust = null;
        Path attestation = null;
        boolean noAttestation = false;
        List<Path> crls = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            switch (args[i]) {
                case "--trust" -> trust = Path.of(SealCommands.value(args, ++i, "--trust needs a PEM file"));
                case "--crl" -> crls.add(Path.of(SealCommands.value(args, ++i, "--crl needs a CRL file")));
                case "--attestation" -> attestation =
                        SealCommands.readable(Path.of(SealCommands.value(args, ++i, "--attestation needs a PDF")));
                case "--no-attestation" -> noAttestation = true;
                default -> files.add(SealCommands.readable(Path.of(args[i])));
            }
        }
        if (trust == null) {
            throw new IllegalArgumentException("archive needs --trust CA.pem (e.g. GET /trust-anchors)");
        }
        if (files.size() != 1) {
            throw new IllegalArgumentException("archive takes one .asice file");
        }
        Path archive = files.get(0);
        if (attestation == null && !noAttestation) {
            String name = archive.getFileName().toString().replaceFirst("\\.asice$", "") + ".pdf";
            Path beside = archive.resolveSibling(name);
            if (Files.isReadable(beside)) {
                attestation = beside;
            }
        }
        try {
            TrustAnchors anchors = TrustAnchors.load(SealCommands.readable(trust), crls);
            ArchiveReport report = ArchiveVerifier.verify(archive, attestation, anchors);
            for (String line : report.held()) {
                out.println("  ok  " + line);
            }
            for (ArchiveProblem p : report.problems()) {
                out.println("  FAILED " + p);
            }
            if (report.intact()) {
                out.printf(
                        "OK archive %s%s%n",
                        archive.getFileName(),
                        attestation == null
                                ? " (no attestation checked)"
                                : " and attestation " + attestation.getFileName());
                return Main.OK;
            }
            out.printf("FAILED archive %s: %s%n", archive.getFileName(), report.first());
            return Main.FAILED;
        } catch (IOException | UncheckedIOException e) {
            throw new IllegalArgumentException("cannot read the archive or its attestation: " + e.getMessage(), e);
        }
    }
}
