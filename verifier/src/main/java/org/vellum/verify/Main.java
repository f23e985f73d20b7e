package org.vellum.verify;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.vellum.ledger.Hashes;
import org.vellum.ledger.LedgerVerifier;

/**
 * {@code vellum-verify}: exit 0 when everything checked holds, 1 when something does not (the first problem is named),
 * 2 for a usage or input error.
 */
public final class Main {
    static final int OK = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;

    private static final String USAGE_TEXT = String.join(
            System.lineSeparator(),
            "usage: vellum-verify ledger EXPORT.jsonl [--anchor SEQ:CHAIN_HASH]...",
            "       vellum-verify seal SEAL.json SIGNATURE.p7s --trust CA.pem [--crl CRL]...",
            "       vellum-verify seals SEALS.jsonl --trust CA.pem [--crl CRL]... [--ledger EXPORT.jsonl]",
            "       vellum-verify proof PROOF.json --trust CA.pem [--crl CRL]...",
            "       vellum-verify archive ARCHIVE.asice --trust CA.pem [--crl CRL]... [--attestation FILE.pdf]",
            "",
            "  ledger   recompute every leaf and chain hash of a ledger export and check seq continuity;",
            "           --anchor pins the chain hash of a seq known from elsewhere (a receipt, a seal).",
            "  seal     check one seal's CAdES signature and signature time-stamp against the trust anchors",
            "           (GET /seals/{n} and /seals/{n}/signature).",
            "  seals    check a seals export (GET /seals/export): every signature and time-stamp, numbering,",
            "           links, periods and consistency proofs; with --ledger also every seal's roots and chain",
            "           hash against a full ledger export, which names a truncated or rewritten ledger.",
            "  proof    check an event's proof (GET /events/{id}/proof): its hashes, its audit path to the",
            "           seal's Merkle root, and the seal's signature and time-stamp.",
            "  archive  check an archive (GET /archives/{n}/content): the ASiC-E container, every member's",
            "           digest, the CAdES-T signature, the seal, every entry's hashes, the Merkle root, the",
            "           chain, the counts; and its attestation PDF (--attestation, or ARCHIVE.pdf beside it):",
            "           its PAdES-T signature over the whole file and that it describes this archive.",
            "",
            "  --trust  PEM certificates; every self-signed CA among them is a trust anchor (give several",
            "           across key rotations). --crl adds a CRL (DER or PEM) and turns revocation checks on.",
            "  --clock-bound SECONDS  how far the appliance's and the TSA's clocks may differ (default 300).");

    private Main() {}

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h")) {
            (args.length == 0 ? err : out).println(USAGE_TEXT);
            return args.length == 0 ? USAGE : OK;
        }
        try {
            switch (args[0]) {
                case "ledger":
                    return ledger(args, out, err);
                case "seal":
                case "seals":
                case "proof":
                    return SealCommands.run(args, out);
                case "archive":
                    return ArchiveCommand.run(args, out);
                default:
                    err.println("unknown command '" + args[0] + "'");
                    err.println(USAGE_TEXT);
                    return USAGE;
            }
        } catch (IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            return USAGE;
        }
    }

    private static int ledger(String[] args, PrintStream out, PrintStream err) {
        List<String> files = new ArrayList<>();
        Map<Long, byte[]> anchors = new LinkedHashMap<>();
        for (int i = 1; i < args.length; i++) {
            if (args[i].equals("--anchor")) {
                if (++i >= args.length) {
                    throw new IllegalArgumentException("--anchor needs SEQ:CHAIN_HASH");
                }
                String[] parts = args[i].split(":", 2);
                if (parts.length != 2) {
                    throw new IllegalArgumentException("--anchor needs SEQ:CHAIN_HASH");
                }
                try {
                    anchors.put(Long.parseLong(parts[0]), Hashes.fromHex(parts[1], Hashes.LENGTH));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("--anchor needs a number before ':'");
                }
            } else {
                files.add(args[i]);
            }
        }
        if (files.size() != 1) {
            throw new IllegalArgumentException("ledger takes exactly one export file");
        }
        Path export = Path.of(files.get(0));
        if (!Files.isReadable(export)) {
            throw new IllegalArgumentException("cannot read " + export);
        }
        LedgerVerifier.Result result = LedgerVerifier.verify(export, anchors);
        if (result.intact()) {
            out.printf(
                    "OK ledger %s: %d entries, seq %d..%d of appliance %s, chain head %s%s%n",
                    export.getFileName(),
                    result.entries(),
                    result.firstSeq(),
                    result.lastSeq(),
                    result.applianceId(),
                    Hashes.hex(result.headChainHash()),
                    anchors.isEmpty() ? "" : ", " + anchors.size() + " anchor(s) matched");
            return OK;
        }
        out.printf("FAILED ledger %s: %s%n", export.getFileName(), result.failure());
        if (result.entries() > 0) {
            out.printf(
                    "  entries before it verified: %d (seq %d..%d)%n",
                    result.entries(), result.firstSeq(), result.lastSeq());
        }
        return FAILED;
    }
}
