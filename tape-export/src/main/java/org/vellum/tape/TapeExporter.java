package org.vellum.tape;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.vellum.canonical.CanonicalJson;
import org.vellum.canonical.Json;
import org.vellum.event.Instants;
import org.vellum.ledger.Hashes;

/**
 * Writes archives to a cartridge the way tape practice wants it (docs/tape.md): tape file 0 is the label, then one
 * tape file per archive, a POSIX pax tar in fixed records holding the {@code .asice} and its attestation, then the
 * catalog as the last tape file; each tape file ends with a filemark. Every tape file is a tar, so {@code mt} and
 * {@code tar} alone restore everything. {@link #verify} rewinds and reads everything back against the catalog.
 */
public final class TapeExporter {
    public static final String FORMAT = "vellum-tape/1";
    public static final String LABEL = "VELLUM-LABEL.json";
    public static final String CATALOG = "VELLUM-CATALOG.json";
    /** Two records of room are kept for the catalog when deciding whether an archive fits. */
    private static final int CATALOG_RECORDS = 2;

    /** Below this many records of room, a spanning archive does not start a part on the cartridge. */
    private static final int MIN_PART_RECORDS = 16;

    /**
     * One archive to export: its seal number, the {@code .asice} and its attestation. An archive larger than a whole
     * cartridge is written in parts; {@code part} (from 1) and {@code offset} then say which part comes next and where
     * in the {@code .asice} it begins. Part 0 is an archive not (yet) spanning.
     */
    public record Item(long sealNumber, Path archive, Path attestation, int part, long offset, String sha256) {
        public Item(long sealNumber, Path archive, Path attestation) {
            this(sealNumber, archive, attestation, 0, 0, null);
        }

        /** @param sha256 the archive's SHA-256 as recorded, so that spanning need not hash it again for each part */
        public Item(long sealNumber, Path archive, Path attestation, String sha256) {
            this(sealNumber, archive, attestation, 0, 0, sha256);
        }

        /** The first part of this archive, which is to span. */
        Item spanning() throws IOException {
            return new Item(sealNumber, archive, attestation, 1, 0, archiveSha256());
        }

        /** The part after one of {@code length} bytes. */
        Item next(long length) throws IOException {
            return new Item(sealNumber, archive, attestation, part + 1, offset + length, archiveSha256());
        }

        String archiveSha256() throws IOException {
            return sha256 != null ? sha256 : Hashes.hex(Hashes.sha256(archive));
        }
    }

    /**
     * Where an archive is on the cartridge and what its files hash to; {@code span} is null unless this tape file holds
     * one part of an archive larger than a cartridge.
     */
    public record Entry(long sealNumber, int tapeFile, List<Member> members, long records, Span span) {
        public Entry(long sealNumber, int tapeFile, List<Member> members, long records) {
            this(sealNumber, tapeFile, members, records, null);
        }
    }

    public record Member(String name, long size, String sha256) {
        /** As the catalog lists it (docs/tape.md). */
        public Map<String, Object> json() {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("name", name);
            json.put("size", size);
            json.put("sha256", sha256);
            return json;
        }
    }

    /**
     * One part of an archive that spans cartridges: bytes {@code offset} to {@code offset + length} of {@code name},
     * whose whole {@code size} and {@code sha256} the catalog gives for the check after joining the parts. The last
     * part's tape file also holds the attestation.
     */
    public record Span(String name, int part, long offset, long length, long size, String sha256) {
        public boolean last() {
            return offset + length == size;
        }

        /** As the catalog gives it (docs/tape.md). */
        public Map<String, Object> json() {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("name", name);
            json.put("part", part);
            json.put("offset", offset);
            json.put("length", length);
            json.put("size", size);
            json.put("sha256", sha256);
            json.put("last", last());
            return json;
        }
    }

    /** Whether {@code label} names cartridge {@code barcode} of appliance {@code applianceId}. */
    public static boolean names(Map<String, Object> label, String barcode, String applianceId) {
        return barcode.equals(label.get("barcode")) && applianceId.equals(label.get("appliance_id"));
    }

    /** An IOException "wrong cartridge" unless {@code label} names cartridge {@code barcode} of {@code applianceId}. */
    static void requireCartridge(Map<String, Object> label, String barcode, String applianceId) throws IOException {
        if (!names(label, barcode, applianceId)) {
            throw new IOException("wrong cartridge: the label says " + label.get("barcode") + " of appliance "
                    + label.get("appliance_id") + ", expected " + barcode + " of " + applianceId);
        }
    }

    /** The name of part {@code part} of {@code name} on the tape; the parts sort in order for {@code cat}. */
    public static String partName(String name, int part) {
        return name + ".part-" + String.format("%03d", part);
    }

    /**
     * What one cartridge got; {@code left} did not fit and goes to the next cartridge; the first {@code kept} entries
     * were found whole on it by a resume and not written again.
     */
    public record Written(String barcode, List<Entry> entries, List<Item> left, int kept) {}

    private final int recordSize;
    private final Clock clock;
    private final Progress progress;

    /** Told of every record written: which tape file (0 is the label) and how many of its records so far. */
    @FunctionalInterface
    public interface Progress {
        Progress NONE = (tapeFile, records) -> {};

        void written(int tapeFile, long records) throws IOException;
    }

    public TapeExporter(int recordSize, Clock clock) {
        this(recordSize, clock, Progress.NONE);
    }

    public TapeExporter(int recordSize, Clock clock, Progress progress) {
        this.progress = progress;
        if (recordSize % 512 != 0 || recordSize <= 0) {
            throw new IllegalArgumentException("the record size is a multiple of 512 bytes, not " + recordSize);
        }
        this.recordSize = recordSize;
        this.clock = clock;
    }

    /** Writes the label, as many archives as fit, and the catalog, from the beginning of the tape. */
    public Written export(TapeDevice tape, String barcode, String applianceId, List<Item> items) throws IOException {
        tape.rewind();
        Map<String, Object> label = new LinkedHashMap<>();
        label.put("format", FORMAT);
        label.put("barcode", barcode);
        label.put("appliance_id", applianceId);
        label.put("record_size", recordSize);
        label.put("written_at", Instants.format(clock.instant()));
        writeJsonFile(tape, 0, LABEL, label);
        return finish(tape, label, List.of(), List.of(), items);
    }

    /**
     * Goes on with an export that a crash cut short, on the same cartridge: the label must name it; each tape file
     * after the label is kept as long as it holds the next archive whole (ended by its filemark, every member with the
     * source's SHA-256); writing resumes at the first that does not, and the catalog follows as in {@link #export}.
     * A blank cartridge, or one whose label was cut short, is exported afresh.
     */
    public Written resume(TapeDevice tape, String barcode, String applianceId, List<Item> items) throws IOException {
        tape.rewind();
        Map<String, Object> label = readJsonFile(tape, LABEL);
        if (label == null) {
            return export(tape, barcode, applianceId, items);
        }
        requireCartridge(label, barcode, applianceId);
        List<Entry> entries = new ArrayList<>();
        List<Long> starts = new ArrayList<>();
        List<Item> queue = new ArrayList<>(items);
        int next = 0;
        while (next < queue.size()) {
            long at = tape.tell();
            Item item = queue.get(next);
            Entry kept = readArchiveFile(tape, item, entries.size() + 1);
            if (kept == null) {
                tape.seek(at);
                break;
            }
            entries.add(kept);
            starts.add(at);
            if (kept.span() != null && !kept.span().last()) {
                queue.set(
                        next,
                        (item.part() == 0 ? item.spanning() : item)
                                .next(kept.span().length()));
            } else {
                next++;
            }
        }
        return finish(tape, label, entries, starts, queue.subList(next, queue.size()));
    }

    /**
     * The label of the cartridge in the drive, rewound first: null when the cartridge is blank (its first read finds the
     * end of the recorded data, which is also what the {@code st} driver reports for a new cartridge's blank check); a
     * label whose record is whole is read even when a crash came before its filemark. An IOException when the
     * cartridge cannot be read (another block size, a medium error, no cartridge) or holds something other than a
     * Vellum tape: such a cartridge is never taken for blank.
     */
    public Map<String, Object> label(TapeDevice tape) throws IOException {
        tape.rewind();
        byte[] first = new byte[tape.maxRecord()];
        try {
            int n = tape.readRecord(first);
            if (n == -1) {
                n = tape.readRecord(first); // a filemark and nothing after it: empty
                if (n == -1 || n == -2) {
                    return null;
                }
            }
            if (n == -2) {
                return null;
            }
        } catch (IOException e) {
            throw new IOException(
                    "the cartridge cannot be read at its beginning (" + e.getMessage() + "): it is not"
                            + " taken for blank; check the drive and the record size, or erase it if it may be overwritten",
                    e);
        }
        tape.rewind();
        Map<String, Object> label = null;
        RecordInputStream in = new RecordInputStream(tape);
        try {
            TarArchiveInputStream tar = new TarArchiveInputStream(in, recordSize, StandardCharsets.UTF_8.name());
            TarArchiveEntry e = tar.getNextEntry();
            if (e != null && e.getName().equals(LABEL)) {
                label = Json.parseObject(new String(tar.readAllBytes(), StandardCharsets.UTF_8));
            }
        } catch (IOException | RuntimeException e) {
            label = null;
        }
        if (label == null || !FORMAT.equals(label.get("format"))) {
            throw new IOException("the cartridge holds something other than a Vellum tape (no " + LABEL
                    + " in tape file 0); erase it first if it may be overwritten");
        }
        return label;
    }

    /**
     * Writes what fits of {@code items} after {@code entries} (which begin at {@code starts}), then the catalog. An
     * archive that does not fit goes to the next cartridge, unless nothing else is on this one: then it is larger than
     * a cartridge and spans, in parts. Where the device cannot tell what is left, the end of the tape is found by a
     * failing write: the tape file being written is given up (and, if the catalog still does not fit, the archives
     * before it, one by one) and the catalog written where it began.
     */
    private Written finish(
            TapeDevice tape, Map<String, Object> label, List<Entry> entries, List<Long> starts, List<Item> items)
            throws IOException {
        List<Entry> all = new ArrayList<>(entries);
        List<Long> at = new ArrayList<>(starts);
        List<Item> left = new ArrayList<>();
        for (Item item : items) {
            if (!left.isEmpty()) {
                left.add(item);
                continue;
            }
            boolean fits = fits(tape, item, all.size() + 1);
            if (item.part() > 0 || (!fits && all.isEmpty())) {
                Item spanning = item.part() > 0 ? item : item.spanning();
                while (spanning != null) {
                    long length = partLength(tape, spanning, all.size() + 1);
                    long start = tape.tell();
                    Entry part = null;
                    if (length > 0) {
                        try {
                            part = writePart(tape, spanning, all.size() + 1, length);
                        } catch (EndOfTapeException e) {
                            tape.seek(start); // the stated capacity was more than the cartridge holds
                        }
                    }
                    if (part == null) {
                        left.add(spanning);
                        break;
                    }
                    all.add(part);
                    at.add(start);
                    spanning = part.span().last() ? null : spanning.next(length);
                }
                continue;
            }
            if (!fits) {
                left.add(item);
                continue;
            }
            long start = tape.tell();
            try {
                all.add(writeArchive(tape, item, all.size() + 1));
                at.add(start);
            } catch (EndOfTapeException e) {
                tape.seek(start); // a drive that cannot tell its capacity reached the early warning
                left.add(item);
            }
        }
        while (true) {
            Map<String, Object> catalog = new LinkedHashMap<>(label);
            catalog.put("files", all.stream().map(TapeExporter::json).toList());
            try {
                writeJsonFile(tape, all.size() + 1, CATALOG, catalog);
                break;
            } catch (EndOfTapeException e) {
                int last = all.size() - 1;
                if (last < entries.size() || all.get(last).span() != null) {
                    throw new EndOfTapeException("no room for the catalog after tape file " + all.size()
                            + ", and no archive this export wrote to give up for it: " + e.getMessage());
                }
                Entry given = all.remove(last);
                tape.seek(at.remove(last));
                Item back = items.stream()
                        .filter(i -> i.sealNumber() == given.sealNumber())
                        .findFirst()
                        .orElseThrow();
                left.add(0, back);
            }
        }
        return new Written((String) label.get("barcode"), all, left, entries.size());
    }

    /**
     * The next tape file as the entry of {@code item} (or of its next part, when the export wrote it in parts), or null
     * when it is not that whole, ended by its filemark, with the source's bytes.
     */
    private Entry readArchiveFile(TapeDevice tape, Item item, int tapeFile) throws IOException {
        RecordInputStream in = new RecordInputStream(tape);
        List<Member> members = new ArrayList<>();
        try {
            TarArchiveInputStream tar = new TarArchiveInputStream(in, recordSize, StandardCharsets.UTF_8.name());
            TarArchiveEntry e;
            while ((e = tar.getNextEntry()) != null) {
                MessageDigest d = Hashes.sha256();
                long size = new DigestInputStream(tar, d).transferTo(OutputStream.nullOutputStream());
                members.add(new Member(e.getName(), size, Hashes.hex(d.digest())));
            }
        } catch (IOException | RuntimeException e) {
            return null;
        }
        in.drain();
        if (!in.endedAtFilemark() || members.isEmpty()) {
            return null;
        }
        String archiveName = item.archive().getFileName().toString();
        String attestationName = item.attestation().getFileName().toString();
        Member first = members.get(0);
        int part = Math.max(item.part(), 1);
        if (first.name().equals(partName(archiveName, part))) {
            long size = Files.size(item.archive());
            if (!first.sha256().equals(Hashes.hex(sha256(item.archive(), item.offset(), first.size())))) {
                return null;
            }
            Span span = new Span(archiveName, part, item.offset(), first.size(), size, item.archiveSha256());
            boolean attestationThere = members.size() == 2
                    && members.get(1).name().equals(attestationName)
                    && members.get(1).sha256().equals(Hashes.hex(Hashes.sha256(item.attestation())));
            if (span.last() != attestationThere || members.size() != (span.last() ? 2 : 1)) {
                return null;
            }
            return new Entry(item.sealNumber(), tapeFile, members, in.records(), span);
        }
        if (item.part() > 0 || members.size() != 2) {
            return null;
        }
        for (int i = 0; i < 2; i++) {
            Path source = i == 0 ? item.archive() : item.attestation();
            Member m = members.get(i);
            if (!m.name().equals(source.getFileName().toString())
                    || !m.sha256().equals(Hashes.hex(Hashes.sha256(source)))) {
                return null;
            }
        }
        return new Entry(item.sealNumber(), tapeFile, members, in.records());
    }

    /** The JSON member of the next tape file if it is whole and holds {@code name}, else null. */
    private Map<String, Object> readJsonFile(TapeDevice tape, String name) throws IOException {
        RecordInputStream in = new RecordInputStream(tape);
        Map<String, Object> json = null;
        try {
            TarArchiveInputStream tar = new TarArchiveInputStream(in, recordSize, StandardCharsets.UTF_8.name());
            TarArchiveEntry e = tar.getNextEntry();
            if (e != null && e.getName().equals(name)) {
                json = Json.parseObject(new String(tar.readAllBytes(), StandardCharsets.UTF_8));
            }
        } catch (IOException | RuntimeException e) {
            json = null;
        }
        in.drain();
        return in.endedAtFilemark() ? json : null;
    }

    /** Whether the archive and then the catalog fit in what the cartridge has left. */
    private boolean fits(TapeDevice tape, Item item, int tapeFile) throws IOException {
        return tape.remaining() >= bytesOnTape(archiveTarBytes(item), tapeFile);
    }

    private static long archiveTarBytes(Item item) throws IOException {
        return padded(Files.size(item.archive())) + padded(Files.size(item.attestation())) + 1024;
    }

    /** What a tape file of {@code tarBytes} and then the catalog take on the tape, framing and filemarks included. */
    private long bytesOnTape(long tarBytes, int tapeFile) {
        return framed((tarBytes + recordSize - 1) / recordSize) + framed(catalogRecords(tapeFile)) + 16;
    }

    private long framed(long records) {
        return records * (recordSize + 8L) + 4;
    }

    /** Records the catalog may take after {@code tapeFiles} tape files: a generous 640 bytes per entry. */
    private long catalogRecords(int tapeFiles) {
        return (4096 + 640L * tapeFiles + recordSize - 1) / recordSize + 1;
    }

    private static long padded(long size) {
        return 1024 + (size + 511) / 512 * 512; // pax header + ustar header, and the data in 512-byte blocks
    }

    /**
     * How many bytes of {@code item} go in its part here: the rest, when it fits with the attestation; else what the
     * cartridge has room for, in whole 512-byte blocks; 0 when too little room is left to start a part.
     */
    private long partLength(TapeDevice tape, Item item, int tapeFile) throws IOException {
        long rest = Files.size(item.archive()) - item.offset();
        long remaining = tape.remaining();
        if (remaining >= bytesOnTape(padded(rest) + padded(Files.size(item.attestation())) + 1024, tapeFile)) {
            return rest;
        }
        long records = (remaining - framed(catalogRecords(tapeFile)) - 16 - 4) / (recordSize + 8L);
        if (records < MIN_PART_RECORDS) {
            return 0;
        }
        long length = (records * recordSize - 1024 - 1024) / 512 * 512;
        return Math.min(length, rest - 1); // a part that is not the last leaves at least a byte for the next
    }

    /** One part of an archive larger than a cartridge: its own tape file, with the attestation after the last part. */
    private Entry writePart(TapeDevice tape, Item item, int tapeFile, long length) throws IOException {
        String name = item.archive().getFileName().toString();
        long size = Files.size(item.archive());
        Span span = new Span(name, item.part(), item.offset(), length, size, item.archiveSha256());
        List<Member> members = new ArrayList<>();
        RecordOutputStream records = new RecordOutputStream(tape, recordSize, progress, tapeFile);
        try (TarArchiveOutputStream tar = tar(records)) {
            members.add(add(tar, item.archive(), partName(name, item.part()), item.offset(), length));
            if (span.last()) {
                members.add(add(tar, item.attestation()));
            }
        }
        tape.writeFilemark();
        return new Entry(item.sealNumber(), tapeFile, members, records.records(), span);
    }

    private static byte[] sha256(Path file, long offset, long length) throws IOException {
        MessageDigest d = Hashes.sha256();
        try (InputStream in = Files.newInputStream(file)) {
            in.skipNBytes(offset);
            new DigestInputStream(new BoundedInputStream(in, length), d).transferTo(OutputStream.nullOutputStream());
        }
        return d.digest();
    }

    private Entry writeArchive(TapeDevice tape, Item item, int tapeFile) throws IOException {
        List<Member> members = new ArrayList<>();
        RecordOutputStream records = new RecordOutputStream(tape, recordSize, progress, tapeFile);
        try (TarArchiveOutputStream tar = tar(records)) {
            for (Path file : List.of(item.archive(), item.attestation())) {
                members.add(add(tar, file));
            }
        }
        tape.writeFilemark();
        return new Entry(item.sealNumber(), tapeFile, members, records.records());
    }

    private TarArchiveOutputStream tar(OutputStream records) {
        TarArchiveOutputStream tar = new TarArchiveOutputStream(records, recordSize, StandardCharsets.UTF_8.name());
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
        return tar;
    }

    /** One file, with a pax extended header (its modification time to the millisecond), streamed and hashed. */
    private Member add(TarArchiveOutputStream tar, Path file) throws IOException {
        return add(tar, file, file.getFileName().toString(), 0, Files.size(file));
    }

    /** Bytes {@code offset} to {@code offset + size} of {@code file} as member {@code name}. */
    private Member add(TarArchiveOutputStream tar, Path file, String name, long offset, long size) throws IOException {
        TarArchiveEntry entry = new TarArchiveEntry(name);
        entry.setSize(size);
        entry.setMode(0444);
        Instant modified = Files.getLastModifiedTime(file).toInstant();
        entry.setModTime(modified.toEpochMilli());
        entry.addPaxHeader(
                "mtime", modified.getEpochSecond() + "." + String.format("%03d", modified.getNano() / 1_000_000));
        tar.putArchiveEntry(entry);
        MessageDigest digest = Hashes.sha256();
        try (InputStream source = Files.newInputStream(file)) {
            source.skipNBytes(offset);
            long copied = new DigestInputStream(new BoundedInputStream(source, size), digest).transferTo(tar);
            if (copied != size) {
                throw new IOException(file + " is shorter than it was: " + copied + " of " + size + " bytes");
            }
        }
        tar.closeArchiveEntry();
        return new Member(name, size, Hashes.hex(digest.digest()));
    }

    private void writeJsonFile(TapeDevice tape, int tapeFile, String name, Map<String, Object> json)
            throws IOException {
        byte[] bytes = CanonicalJson.bytes(json);
        RecordOutputStream records = new RecordOutputStream(tape, recordSize, progress, tapeFile);
        try (TarArchiveOutputStream tar = tar(records)) {
            TarArchiveEntry entry = new TarArchiveEntry(name);
            entry.setSize(bytes.length);
            entry.setMode(0444);
            entry.setModTime(clock.millis());
            tar.putArchiveEntry(entry);
            tar.write(bytes);
            tar.closeArchiveEntry();
        }
        tape.writeFilemark();
    }

    private static Map<String, Object> json(Entry e) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("seal_number", e.sealNumber());
        json.put("tape_file", e.tapeFile());
        json.put("records", e.records());
        if (e.span() != null) {
            json.put("span", e.span().json());
        }
        json.put("members", e.members().stream().map(Member::json).toList());
        return json;
    }

    /**
     * Rewinds and reads the whole cartridge back: the label must name {@code barcode}; every tape file is read as a
     * tar and every member hashed; the catalog (the last tape file) must list exactly those members with those
     * hashes. Returns the problems found, none when the cartridge is intact.
     */
    public List<TapeProblem> verify(TapeDevice tape, String barcode, String applianceId) throws IOException {
        tape.rewind();
        List<TapeProblem> problems = new ArrayList<>();
        List<Map<String, Object>> read = new ArrayList<>();
        Map<String, Object> label = null;
        Map<String, Object> catalog = null;
        for (int tapeFile = 0; ; tapeFile++) {
            RecordInputStream in = new RecordInputStream(tape);
            Map<String, Object> file = new LinkedHashMap<>();
            Map<String, Object> json = null;
            try {
                TarArchiveInputStream tar = new TarArchiveInputStream(in, recordSize, StandardCharsets.UTF_8.name());
                TarArchiveEntry e;
                while ((e = tar.getNextEntry()) != null) {
                    if (e.getName().equals(LABEL) || e.getName().equals(CATALOG)) {
                        json = Json.parseObject(new String(tar.readAllBytes(), StandardCharsets.UTF_8));
                    } else {
                        MessageDigest d = Hashes.sha256();
                        long size = new DigestInputStream(tar, d).transferTo(OutputStream.nullOutputStream());
                        file.put(e.getName(), new Member(e.getName(), size, Hashes.hex(d.digest())));
                    }
                }
            } catch (IOException | RuntimeException e) {
                problems.add(
                        new TapeProblem(TapeProblem.Kind.UNREADABLE, tapeFile, null, String.valueOf(e.getMessage())));
            }
            in.drain();
            if (in.records() == 0) {
                break; // the end of the written data
            }
            if (tapeFile == 0) {
                label = json;
            } else if (json != null) {
                catalog = json;
                break;
            } else {
                read.add(file);
            }
        }
        if (label == null || !names(label, barcode, applianceId)) {
            problems.add(
                    0,
                    new TapeProblem(
                            TapeProblem.Kind.WRONG_CARTRIDGE,
                            0,
                            LABEL,
                            "expected cartridge " + barcode + " of appliance " + applianceId + ", the label says "
                                    + (label == null
                                            ? "nothing"
                                            : label.get("barcode") + " of " + label.get("appliance_id"))));
            return problems;
        }
        if (catalog == null) {
            problems.add(
                    new TapeProblem(TapeProblem.Kind.CATALOG_MISSING, -1, CATALOG, "no catalog after the archives"));
            return problems;
        }
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> files = (List<Map<String, Object>>) catalog.get("files");
        for (Map<String, Object> f : files) {
            int tapeFile = ((Number) f.get("tape_file")).intValue();
            Map<String, Object> onTape = tapeFile - 1 < read.size() ? read.get(tapeFile - 1) : Map.of();
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> members = (List<Map<String, Object>>) f.get("members");
            for (Map<String, Object> m : members) {
                String name = (String) m.get("name");
                Member found = (Member) onTape.get(name);
                if (found == null) {
                    problems.add(new TapeProblem(TapeProblem.Kind.MEMBER_MISMATCH, tapeFile, name, "not on the tape"));
                } else if (!found.sha256().equals(m.get("sha256"))) {
                    problems.add(new TapeProblem(
                            TapeProblem.Kind.DIGEST_MISMATCH,
                            tapeFile,
                            name,
                            "SHA-256 " + found.sha256() + ", the catalog says " + m.get("sha256")));
                }
            }
            if (onTape.size() != members.size()) {
                problems.add(new TapeProblem(
                        TapeProblem.Kind.MEMBER_MISMATCH,
                        tapeFile,
                        null,
                        onTape.size() + " members on the tape, " + members.size() + " in the catalog"));
            }
        }
        return problems;
    }
}
