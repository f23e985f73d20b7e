package org.vellum.tape;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.vellum.canonical.CanonicalJson;
import org.vellum.canonical.Json;
import org.vellum.event.Instants;
import org.vellum.ledger.Hashes;

/**
 * Exports to an LTFS-mounted cartridge, which many archivists use: the same label and catalog as on a raw tape
 * (docs/tape.md), as files at the volume's root, and each archive with its attestation under {@code archives/}. Each
 * file is written under a temporary name, fsynced, renamed into place and read back; a file already there with the
 * right bytes (an export a crash cut short) is kept, one with other bytes refused.
 */
public final class LtfsExporter {
    static final String ARCHIVES = "archives";

    private final Clock clock;
    private final TapeExporter.Progress progress;

    public LtfsExporter(Clock clock) {
        this(clock, TapeExporter.Progress.NONE);
    }

    /** @param progress told of each archive copied, as tape file n with one record */
    public LtfsExporter(Clock clock, TapeExporter.Progress progress) {
        this.clock = clock;
        this.progress = progress;
    }

    public TapeExporter.Written export(Path mount, String barcode, String applianceId, List<TapeExporter.Item> items)
            throws IOException {
        Path labelFile = mount.resolve(TapeExporter.LABEL);
        Map<String, Object> label;
        if (Files.exists(labelFile)) {
            label = Json.parseObject(Files.readString(labelFile, StandardCharsets.UTF_8));
            TapeExporter.requireCartridge(label, barcode, applianceId);
        } else {
            label = new LinkedHashMap<>();
            label.put("format", TapeExporter.FORMAT);
            label.put("barcode", barcode);
            label.put("appliance_id", applianceId);
            label.put("medium", "ltfs");
            label.put("written_at", Instants.format(clock.instant()));
            writeFile(labelFile, CanonicalJson.bytes(label));
        }
        Path dir = Files.createDirectories(mount.resolve(ARCHIVES));
        try (var leftovers = Files.newDirectoryStream(dir, ".*.partial")) { // copies a crash cut short
            for (Path p : leftovers) {
                Files.delete(p);
            }
        }
        List<TapeExporter.Entry> entries = new ArrayList<>();
        List<TapeExporter.Item> left = new ArrayList<>();
        int kept = 0;
        for (TapeExporter.Item item : items) {
            long needed = Files.size(item.archive()) + Files.size(item.attestation()) + (1 << 20);
            if (!left.isEmpty() || Files.getFileStore(mount).getUsableSpace() < needed) {
                left.add(item);
                continue;
            }
            List<TapeExporter.Member> members = new ArrayList<>();
            if (Files.exists(dir.resolve(item.archive().getFileName().toString()))) {
                kept++;
            }
            for (Path source : List.of(item.archive(), item.attestation())) {
                members.add(copy(source, dir.resolve(source.getFileName().toString())));
            }
            entries.add(new TapeExporter.Entry(item.sealNumber(), entries.size() + 1, members, 0));
            progress.written(entries.size(), 1);
        }
        Map<String, Object> catalog = new LinkedHashMap<>(label);
        List<Map<String, Object>> files = new ArrayList<>();
        for (TapeExporter.Entry e : entries) {
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("seal_number", e.sealNumber());
            f.put(
                    "members",
                    e.members().stream()
                            .map(m -> Map.<String, Object>of(
                                    "name", ARCHIVES + "/" + m.name(), "size", m.size(), "sha256", m.sha256()))
                            .toList());
            files.add(f);
        }
        catalog.put("files", files);
        Path catalogFile = mount.resolve(TapeExporter.CATALOG);
        Path next = mount.resolve("." + TapeExporter.CATALOG + "." + UUID.randomUUID());
        writeFile(next, CanonicalJson.bytes(catalog));
        Files.move(next, catalogFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        forceFolder(mount);
        return new TapeExporter.Written(barcode, entries, left, kept);
    }

    private static TapeExporter.Member copy(Path source, Path target) throws IOException {
        String sha256 = Hashes.hex(Hashes.sha256(source));
        if (Files.exists(target)) {
            if (!sha256.equals(Hashes.hex(Hashes.sha256(target)))) {
                throw new FileAlreadyExistsException(target.toString(), null, "other bytes are there already");
            }
            return new TapeExporter.Member(target.getFileName().toString(), Files.size(target), sha256);
        }
        Path partial = target.resolveSibling("." + target.getFileName() + "." + UUID.randomUUID() + ".partial");
        Files.copy(source, partial);
        try (FileChannel ch = FileChannel.open(partial, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
        Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
        forceFolder(target.getParent());
        String back = Hashes.hex(Hashes.sha256(target));
        if (!sha256.equals(back)) {
            throw new IOException(target + " reads back differently");
        }
        return new TapeExporter.Member(target.getFileName().toString(), Files.size(target), sha256);
    }

    /** Reads the volume back against its catalog: the problems found, none when it is intact. */
    public List<TapeProblem> verify(Path mount, String barcode, String applianceId) throws IOException {
        List<TapeProblem> problems = new ArrayList<>();
        Path labelFile = mount.resolve(TapeExporter.LABEL);
        Map<String, Object> label =
                Files.exists(labelFile) ? Json.parseObject(Files.readString(labelFile, StandardCharsets.UTF_8)) : null;
        if (label == null || !TapeExporter.names(label, barcode, applianceId)) {
            problems.add(new TapeProblem(
                    TapeProblem.Kind.WRONG_CARTRIDGE,
                    -1,
                    TapeExporter.LABEL,
                    "expected " + barcode + " of "
                            + applianceId + ", the label says "
                            + (label == null ? "nothing" : label.get("barcode") + " of " + label.get("appliance_id"))));
            return problems;
        }
        Path catalogFile = mount.resolve(TapeExporter.CATALOG);
        if (!Files.exists(catalogFile)) {
            problems.add(new TapeProblem(TapeProblem.Kind.CATALOG_MISSING, -1, TapeExporter.CATALOG, "no catalog"));
            return problems;
        }
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> files =
                (List<Map<String, Object>>) Json.parseObject(Files.readString(catalogFile, StandardCharsets.UTF_8))
                        .get("files");
        for (Map<String, Object> f : files) {
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> members = (List<Map<String, Object>>) f.get("members");
            for (Map<String, Object> m : members) {
                String name = (String) m.get("name");
                Path file = onVolume(mount, name);
                if (file == null) {
                    problems.add(new TapeProblem(TapeProblem.Kind.MEMBER_MISMATCH, -1, name, "not on the volume"));
                } else if (!Hashes.hex(Hashes.sha256(file)).equals(m.get("sha256"))) {
                    problems.add(new TapeProblem(
                            TapeProblem.Kind.DIGEST_MISMATCH, -1, name, "SHA-256 differs from the catalog's"));
                }
            }
        }
        return problems;
    }

    /**
     * The regular file a catalog names, if it lies on the volume: null for a name that leads off it ({@code ../},
     * absolute, a link out), that no file has, or that is no path at all (a NUL).
     */
    private static Path onVolume(Path mount, String name) {
        try {
            Path file = mount.resolve(name).normalize();
            if (!file.startsWith(mount.normalize()) || !Files.isRegularFile(file)) {
                return null;
            }
            Path real = file.toRealPath();
            return real.startsWith(mount.toRealPath()) ? real : null;
        } catch (InvalidPathException | IOException e) {
            return null;
        }
    }

    private static void writeFile(Path file, byte[] bytes) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ch.write(java.nio.ByteBuffer.wrap(bytes));
            ch.force(true);
        }
    }

    private static void forceFolder(Path dir) throws IOException {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        }
    }
}
