package org.vellum.verify;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.vellum.ledger.Hashes;
import org.vellum.ledger.LedgerVerifier;
import org.vellum.seal.Seal;
import org.vellum.seal.SealChain;
import org.vellum.seal.SealException;
import org.vellum.seal.SealProof;
import org.vellum.seal.SealSignature;
import org.vellum.seal.TrustAnchors;

/** The {@code seal}, {@code seals} and {@code proof} commands of {@code vellum-verify}. */
final class SealCommands {
    private SealCommands() {}

    static int run(String[] args, PrintStream out) {
        List<Path> files = new ArrayList<>();
        Path trust = null;
        Path ledger = null;
        List<Path> crls = new ArrayList<>();
        Duration clockBound = Duration.ofMinutes(5);
        for (int i = 1; i < args.length; i++) {
            switch (args[i]) {
                case "--trust" -> trust = Path.of(value(args, ++i, "--trust needs a PEM file"));
                case "--crl" -> crls.add(Path.of(value(args, ++i, "--crl needs a CRL file")));
                case "--ledger" -> ledger = Path.of(value(args, ++i, "--ledger needs a ledger export"));
                case "--clock-bound" -> clockBound =
                        Duration.ofSeconds(Long.parseLong(value(args, ++i, "--clock-bound needs seconds")));
                default -> files.add(readable(Path.of(args[i])));
            }
        }
        if (trust == null) {
            throw new IllegalArgumentException(args[0] + " needs --trust CA.pem (e.g. GET /trust-anchors)");
        }
        int expected = args[0].equals("seal") ? 2 : 1;
        if (files.size() != expected) {
            throw new IllegalArgumentException(args[0] + " takes " + expected + " file(s)");
        }
        if (ledger != null && !args[0].equals("seals")) {
            throw new IllegalArgumentException("--ledger belongs to the seals command");
        }
        try {
            TrustAnchors anchors = TrustAnchors.load(readable(trust), crls);
            String revocation = anchors.checksRevocation() ? "revocation checked" : "revocation not checked (no --crl)";
            SealChain chain = new SealChain(anchors, clockBound);
            switch (args[0]) {
                case "seal" -> {
                    Seal seal = Seal.parse(Files.readAllBytes(files.get(0)));
                    if (!java.util.Arrays.equals(seal.canonicalBytes(), Files.readAllBytes(files.get(0)))) {
                        out.printf("note: %s is not in canonical form; its canonical form was checked%n", files.get(0));
                    }
                    SealSignature.Verified v =
                            SealSignature.verify(seal.canonicalBytes(), Files.readAllBytes(files.get(1)), anchors);
                    describe(out, seal, v, chain.clockFlags(seal, v.timeStamp()), revocation);
                }
                case "seals" -> {
                    List<SealChain.Checked> checked = chain.verify(files.get(0));
                    if (ledger != null) {
                        LedgerVerifier.Result result = LedgerVerifier.verify(readable(ledger), java.util.Map.of());
                        if (!result.intact()) {
                            out.printf("FAILED ledger %s: %s%n", ledger.getFileName(), result.failure());
                            return Main.FAILED;
                        }
                        chain.compareWithLedger(ledger);
                    }
                    for (SealChain.Checked c : checked) {
                        describe(out, c.seal(), c.signature(), c.clockFlags(), null);
                    }
                    Seal last = checked.isEmpty()
                            ? null
                            : checked.get(checked.size() - 1).seal();
                    out.printf(
                            "OK seals %s: %d seal(s)%s, %s%s%n",
                            files.get(0).getFileName(),
                            checked.size(),
                            last == null
                                    ? ""
                                    : ", up to seq " + last.lastSeq() + " (ledger root " + Hashes.hex(last.ledgerRoot())
                                            + ")",
                            revocation,
                            ledger == null ? "" : ", every root and chain hash matches " + ledger.getFileName());
                }
                default -> {
                    SealProof proof = SealProof.parse(Files.readString(files.get(0), StandardCharsets.UTF_8));
                    SealSignature.Verified v = proof.verify(anchors);
                    out.printf(
                            "OK proof %s: event %s is entry %d, leaf %d of %d under seal %d's Merkle root %s%n",
                            files.get(0).getFileName(),
                            proof.entry().eventId(),
                            proof.entry().seq(),
                            proof.leafIndex(),
                            proof.seal().treeSize(),
                            proof.seal().number(),
                            Hashes.hex(proof.seal().merkleRoot()));
                    describe(out, proof.seal(), v, chain.clockFlags(proof.seal(), v.timeStamp()), revocation);
                }
            }
            return Main.OK;
        } catch (SealException e) {
            out.printf("FAILED %s %s: %s: %s%n", args[0], files.get(0).getFileName(), e.failure(), e.getMessage());
            return Main.FAILED;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void describe(
            PrintStream out, Seal seal, SealSignature.Verified v, List<String> clockFlags, String revocation) {
        out.printf(
                "%s seal %d of appliance %s: seq %d..%d (%d entries), sealed %s, signed by %s, time-stamped %s by %s%s%n",
                revocation == null ? "  " : "OK",
                seal.number(),
                seal.applianceId(),
                seal.firstSeq(),
                seal.lastSeq(),
                seal.treeSize(),
                seal.sealedAt(),
                v.signer().getSubjectX500Principal().getName(),
                v.timeStamp().genTime(),
                v.timeStamp().tsaName(),
                revocation == null ? "" : ", " + revocation);
        for (String flag : clockFlags) {
            out.printf("  clock flag, seal %d: %s%n", seal.number(), flag);
        }
    }

    static String value(String[] args, int i, String message) {
        if (i >= args.length) {
            throw new IllegalArgumentException(message);
        }
        return args[i];
    }

    static Path readable(Path file) {
        if (!Files.isReadable(file)) {
            throw new IllegalArgumentException("cannot read " + file);
        }
        return file;
    }
}
