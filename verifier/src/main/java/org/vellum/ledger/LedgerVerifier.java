package org.vellum.ledger;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Verifies a ledger export offline: the header and genesis, {@code seq} continuity, every leaf hash against its body
 * and salt, every chain hash against its predecessor, and optional anchors (chain hashes known from receipts or
 * seals). Stops at the first problem and names the {@code seq} and what is wrong.
 *
 * <p>Reads the export twice: once for the order of {@code seq} values, once for the hashes, so that memory stays at
 * eight bytes per entry whatever the export's size.
 */
public final class LedgerVerifier {

    /** What kind of damage was found. */
    public enum Problem {
        /** An entry's content or hashes were altered. */
        CHANGED,
        /** An entry is absent. */
        MISSING,
        /** Entries are out of order. */
        REORDERED,
        /** An entry that is not part of the chain was added. */
        INSERTED,
        /** A line is not a well-formed export line. */
        MALFORMED,
        /** The chain does not reach a hash known from elsewhere (a receipt, a seal). */
        ANCHOR_MISMATCH,
        /** A second entry holds an event id that an earlier entry holds: the ledger appends every event once. */
        DUPLICATE
    }

    /** The first problem: {@code seq} is the entry it concerns, {@code line} the 1-based line of the export. */
    public record Failure(long seq, long line, Problem problem, String detail) {
        @Override
        public String toString() {
            return "seq " + seq + " (line " + line + "): " + problem.name().toLowerCase(Locale.ROOT) + ": " + detail;
        }
    }

    /** The outcome; {@code failure} is null when the export is intact. */
    public record Result(
            String applianceId, long entries, long firstSeq, long lastSeq, byte[] headChainHash, Failure failure) {
        public boolean intact() {
            return failure == null;
        }
    }

    private LedgerVerifier() {}

    public static Result verify(Path export, Map<Long, byte[]> anchors) {
        return verify(() -> lines(export), anchors);
    }

    public static Result verify(List<String> export, Map<Long, byte[]> anchors) {
        return verify(export::stream, anchors);
    }

    private static Stream<String> lines(Path export) {
        try {
            BufferedReader reader = Files.newBufferedReader(export, StandardCharsets.UTF_8);
            return reader.lines().onClose(() -> {
                try {
                    reader.close();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Result verify(Supplier<Stream<String>> source, Map<Long, byte[]> anchors) {
        return verify(source, anchors, (entry, body) -> {});
    }

    /**
     * Verifies an export given as a source of its lines, which is asked twice (once per pass), handing every entry
     * whose hashes verified, with its parsed body, to {@code verified}, in seq order, as the second pass reaches it.
     */
    public static Result verify(
            Supplier<Stream<String>> source,
            Map<Long, byte[]> anchors,
            BiConsumer<LedgerEntry, Map<String, Object>> verified) {
        LedgerExport.Header header;
        Structure structure;
        try (Stream<String> lines = source.get()) {
            Iterator<String> it = lines.iterator();
            if (!it.hasNext()) {
                return new Result(null, 0, 0, 0, null, new Failure(0, 1, Problem.MALFORMED, "the export is empty"));
            }
            try {
                header = LedgerExport.parseHeader(it.next());
            } catch (RuntimeException e) {
                return new Result(
                        null, 0, 0, 0, null, new Failure(0, 1, Problem.MALFORMED, "bad header: " + e.getMessage()));
            }
            structure = readStructure(it, header);
        }
        return verifyHashes(source, header, structure, anchors, verified);
    }

    private record Structure(long[] seqs, int checkable, Failure failure) {}

    /** Pass 1: the order of seq values, and the first place it departs from from, from+1, ... */
    private static Structure readStructure(Iterator<String> lines, LedgerExport.Header header) {
        // sized for the entries the header announces (up to 16 million, 128 MB), so that a large export is not copied
        // while it grows: 10 million entries take 80 MB instead of 192 MB at the peak of a doubling
        long[] seqs = new long[(int) Math.max(1024, Math.min(header.to() - header.from() + 1, 1L << 24))];
        int n = 0;
        long lineNo = 1;
        while (lines.hasNext()) {
            lineNo++;
            String line = lines.next();
            long seq;
            try {
                seq = LedgerExport.parseSeq(line);
            } catch (RuntimeException e) {
                long expected = header.from() + n;
                return new Structure(
                        Arrays.copyOf(seqs, n),
                        n,
                        new Failure(expected, lineNo, Problem.MALFORMED, "not a valid entry line: " + e.getMessage()));
            }
            if (n == seqs.length) {
                seqs = Arrays.copyOf(seqs, n * 2);
            }
            seqs[n++] = seq;
        }
        if (seqs.length != n) {
            seqs = Arrays.copyOf(seqs, n);
        }
        for (int i = 0; i < n; i++) {
            long expected = header.from() + i;
            if (seqs[i] == expected) {
                continue;
            }
            long line = i + 2;
            Set<Long> before = new HashSet<>();
            for (int j = 0; j < i; j++) {
                before.add(seqs[j]);
            }
            if (before.contains(seqs[i])) {
                return new Structure(
                        seqs, i, new Failure(seqs[i], line, Problem.INSERTED, "a second entry claims seq " + seqs[i]));
            }
            for (int j = i + 1; j < n; j++) {
                if (seqs[j] == expected) {
                    return new Structure(
                            seqs,
                            i,
                            new Failure(
                                    expected,
                                    j + 2,
                                    Problem.REORDERED,
                                    "seq " + expected + " appears after seq " + seqs[i] + " (line " + line + ")"));
                }
            }
            return new Structure(
                    seqs,
                    i,
                    new Failure(
                            expected,
                            line,
                            Problem.MISSING,
                            "seq " + expected + " is absent: the entry before it is followed by seq " + seqs[i]));
        }
        long last = header.from() + n - 1;
        if (last < header.to()) {
            return new Structure(
                    seqs,
                    n,
                    new Failure(
                            last + 1,
                            n + 2,
                            Problem.MISSING,
                            "the export declares entries up to seq " + header.to() + " but ends after seq " + last));
        }
        if (last > header.to()) {
            return new Structure(
                    seqs,
                    (int) (header.to() - header.from() + 1),
                    new Failure(
                            header.to() + 1,
                            header.to() - header.from() + 3,
                            Problem.INSERTED,
                            "entries after seq " + header.to() + ", the last one the export declares"));
        }
        return new Structure(seqs, n, null);
    }

    /** Pass 2: leaf and chain hashes in file order, up to the structural failure if there is one. */
    private static Result verifyHashes(
            Supplier<Stream<String>> source,
            LedgerExport.Header header,
            Structure structure,
            Map<Long, byte[]> anchors,
            BiConsumer<LedgerEntry, Map<String, Object>> sink) {
        long[] seqs = structure.seqs();
        Failure structural = structure.failure();
        MessageDigest md = Hashes.sha256();
        byte[] previous = header.previousChainHash();
        String applianceId = header.applianceId();
        if (header.from() == 1) {
            if (header.genesis() == null) {
                return fail(
                        applianceId,
                        header,
                        0,
                        null,
                        new Failure(0, 1, Problem.MISSING, "the export starts at seq 1 but has no genesis record"));
            }
            if (!header.genesis().applianceId().equals(applianceId)) {
                return fail(
                        applianceId,
                        header,
                        0,
                        null,
                        new Failure(0, 1, Problem.CHANGED, "the genesis record names another appliance"));
            }
            if (!Arrays.equals(header.genesis().chainHash(), previous)) {
                return fail(
                        applianceId,
                        header,
                        0,
                        null,
                        new Failure(0, 1, Problem.CHANGED, "chain_hash(0) is not the hash of the genesis record"));
            }
        }
        byte[] anchorBefore = anchors.get(header.from() - 1);
        if (anchorBefore != null && !Arrays.equals(anchorBefore, previous)) {
            return fail(
                    applianceId,
                    header,
                    0,
                    null,
                    new Failure(
                            header.from() - 1,
                            1,
                            Problem.ANCHOR_MISMATCH,
                            "the export's previous_chain_hash differs from the anchor for seq " + (header.from() - 1)));
        }
        int limit = structure.checkable();
        long verified = 0;
        try (Stream<String> lines = source.get();
                EventIdCheck ids = new EventIdCheck()) {
            Iterator<String> it = lines.skip(1).iterator();
            LedgerExport.Parsed currentParsed = it.hasNext() && limit > 0 ? LedgerExport.parse(it.next()) : null;
            LedgerEntry current = currentParsed == null ? null : currentParsed.entry();
            for (int i = 0; i < limit; i++) {
                LedgerExport.Parsed nextParsed = i + 1 < seqs.length && it.hasNext() ? parseOrNull(it.next()) : null;
                LedgerEntry next = nextParsed == null ? null : nextParsed.entry();
                long line = i + 2;
                byte[] leaf = Hashes.leaf(md, current.salt(), current.canonical());
                if (!Arrays.equals(leaf, current.leafHash())) {
                    return fail(
                            applianceId,
                            header,
                            verified,
                            previous,
                            new Failure(
                                    current.seq(),
                                    line,
                                    Problem.CHANGED,
                                    "the body or salt does not match the leaf hash"));
                }
                byte[] chain = Hashes.chain(md, previous, current.leafHash());
                if (!Arrays.equals(chain, current.chainHash())) {
                    return fail(applianceId, header, verified, previous, brokenLink(md, previous, current, next, line));
                }
                byte[] anchor = anchors.get(current.seq());
                if (anchor != null && !Arrays.equals(anchor, current.chainHash())) {
                    return fail(
                            applianceId,
                            header,
                            verified,
                            previous,
                            new Failure(
                                    current.seq(),
                                    line,
                                    Problem.ANCHOR_MISMATCH,
                                    "the chain hash differs from the anchor: the ledger was rewritten at or before this entry"));
                }
                ids.add(current.eventId(), current.seq());
                sink.accept(current, currentParsed.body());
                previous = current.chainHash();
                verified++;
                current = next;
                currentParsed = nextParsed;
            }
            Optional<EventIdCheck.Duplicate> duplicate = structural == null ? ids.firstDuplicate() : Optional.empty();
            if (duplicate.isPresent()) {
                EventIdCheck.Duplicate d = duplicate.get();
                return fail(
                        applianceId,
                        header,
                        verified,
                        previous,
                        new Failure(
                                d.secondSeq(),
                                d.secondSeq() - header.from() + 2,
                                Problem.DUPLICATE,
                                "event " + d.eventId() + " is already at seq " + d.firstSeq()));
            }
        }
        if (structural != null) {
            return fail(applianceId, header, verified, previous, structural);
        }
        for (Long anchored : anchors.keySet()) {
            if (anchored > header.to() || anchored < header.from() - 1) {
                return fail(
                        applianceId,
                        header,
                        verified,
                        previous,
                        new Failure(
                                anchored,
                                0,
                                Problem.ANCHOR_MISMATCH,
                                "the export does not reach anchored seq " + anchored));
            }
        }
        return new Result(applianceId, verified, header.from(), header.from() + verified - 1, previous, null);
    }

    /**
     * Names a chain that does not link: a swap of two neighbours and an entry inserted into the chain can be told
     * apart from a plain change by trying the next entry.
     */
    private static Failure brokenLink(
            MessageDigest md, byte[] previous, LedgerEntry current, LedgerEntry next, long line) {
        if (next != null) {
            byte[] nextFirst = Hashes.chain(md, previous, next.leafHash());
            if (Arrays.equals(Hashes.chain(md, nextFirst, current.leafHash()), current.chainHash())) {
                return new Failure(
                        current.seq(),
                        line,
                        Problem.REORDERED,
                        "seq " + current.seq() + " and seq " + next.seq() + " hold each other's entries");
            }
            if (Arrays.equals(nextFirst, next.chainHash())) {
                return new Failure(
                        current.seq(),
                        line,
                        Problem.INSERTED,
                        "the entry at seq " + current.seq()
                                + " is not part of the chain: the next entry links to its predecessor");
            }
        }
        return new Failure(
                current.seq(),
                line,
                Problem.CHANGED,
                "the chain hash does not follow from the previous entry: it was changed, or an entry before it was removed");
    }

    private static LedgerExport.Parsed parseOrNull(String line) {
        try {
            return LedgerExport.parse(line);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static Result fail(
            String applianceId, LedgerExport.Header header, long verified, byte[] head, Failure failure) {
        return new Result(applianceId, verified, header.from(), header.from() + verified - 1, head, failure);
    }
}
