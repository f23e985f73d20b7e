package org.vellum.tape;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.vellum.canonical.Json;

/**
 * Opens a {@link Cartridge} from a device URI (docs/tape.md, "Devices"):
 *
 * <ul>
 *   <li>{@code st:/dev/nst0}: a drive through the Linux {@code st} driver, on its non-rewinding device; {@code
 *       ?capacity=18T} states what a cartridge holds, so that an archive larger than one is written in parts;
 *   <li>{@code simh:/var/lib/vellum/tapes/{barcode}.tap}: a SIMH tape image, {@code {barcode}} standing for the
 *       cartridge's barcode; {@code ?capacity=} simulates a cartridge of that size;
 *   <li>{@code ltfs:/mnt/ltfs}: a mounted LTFS volume.
 * </ul>
 */
public final class Cartridges {
    /** An LTO barcode (six characters and the generation, e.g. VLM001L9), or any name of letters, digits, - and _. */
    public static final Pattern BARCODE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,31}");

    private static final Pattern SIZE = Pattern.compile("(\\d+)([KMGT]?)B?", Pattern.CASE_INSENSITIVE);

    /** How tapes are written: the tar record size, and for drives the {@code mt} program and its timeout. */
    public record Settings(int recordSize, String mt, Duration timeout, Clock clock) {}

    /** A device URI taken apart: its kind ({@code st}, {@code simh}, {@code ltfs}), path and stated capacity. */
    public record Device(String kind, Path path, long capacity) {
        public String uri() {
            return kind + ":" + path + (capacity == Long.MAX_VALUE ? "" : "?capacity=" + capacity);
        }
    }

    private Cartridges() {}

    /** Parses {@code uri} with {@code {barcode}} replaced; an IllegalArgumentException says what is wrong with it. */
    public static Device parse(String uri, String barcode) {
        if (!BARCODE.matcher(barcode).matches()) {
            throw new IllegalArgumentException(
                    "a barcode is 1 to 32 letters, digits, - or _, starting with a letter or digit");
        }
        int colon = uri.indexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("a device is st:/dev/nst0, simh:/path/{barcode}.tap or ltfs:/mount");
        }
        String kind = uri.substring(0, colon).toLowerCase(Locale.ROOT);
        String rest = uri.substring(colon + 1);
        long capacity = Long.MAX_VALUE;
        int query = rest.indexOf('?');
        if (query >= 0) {
            String q = rest.substring(query + 1);
            rest = rest.substring(0, query);
            if (!q.startsWith("capacity=")) {
                throw new IllegalArgumentException("the only device option is capacity, not " + q);
            }
            capacity = size(q.substring("capacity=".length()));
        }
        if (!List.of("st", "simh", "ltfs").contains(kind)) {
            throw new IllegalArgumentException("a device is st:, simh: or ltfs:, not " + kind + ":");
        }
        if (kind.equals("ltfs") && capacity != Long.MAX_VALUE) {
            throw new IllegalArgumentException("an LTFS volume says its own capacity");
        }
        Path path = Path.of(rest.replace("{barcode}", barcode));
        if (!path.isAbsolute() || !path.normalize().equals(path)) {
            throw new IllegalArgumentException("a device path is absolute and plain (no . or ..): " + rest);
        }
        return new Device(kind, path, capacity);
    }

    /** Bytes from {@code 1234}, {@code 800G}, {@code 18T} (powers of 1000, as cartridges are sold). */
    static long size(String text) {
        Matcher m = SIZE.matcher(text.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("a capacity is a number of bytes, or with K, M, G or T: " + text);
        }
        long unit =
                switch (m.group(2).toUpperCase(Locale.ROOT)) {
                    case "K" -> 1000L;
                    case "M" -> 1000_000L;
                    case "G" -> 1000_000_000L;
                    case "T" -> 1000_000_000_000L;
                    default -> 1L;
                };
        try {
            long bytes = Math.multiplyExact(Long.parseLong(m.group(1)), unit);
            if (bytes < 65_536) {
                throw new IllegalArgumentException("a capacity under 64 KiB is no cartridge: " + text);
            }
            return bytes;
        } catch (ArithmeticException | NumberFormatException e) {
            throw new IllegalArgumentException("a capacity is at most " + Long.MAX_VALUE + " bytes: " + text);
        }
    }

    public static Cartridge open(Device device, Settings settings) throws IOException {
        return open(device, settings, TapeExporter.Progress.NONE);
    }

    /** @param progress told of every record written (for an LTFS volume, of every archive copied) */
    public static Cartridge open(Device device, Settings settings, TapeExporter.Progress progress) throws IOException {
        if (device.kind().equals("simh")) {
            Files.createDirectories(device.path().getParent());
        }
        return switch (device.kind()) {
            case "simh" -> new OnTape(
                    device.uri(),
                    new SimhTapeImage(device.path(), device.capacity(), settings.recordSize()),
                    settings,
                    progress);
            case "st" -> new OnTape(
                    device.uri(),
                    new StDrive(
                            device.path(), settings.recordSize(), settings.timeout(), settings.mt(), device.capacity()),
                    settings,
                    progress);
            case "ltfs" -> new OnLtfs(device.uri(), device.path(), new LtfsExporter(settings.clock(), progress));
            default -> throw new IllegalArgumentException(device.kind());
        };
    }

    /** A raw tape: a drive or an image. */
    private static final class OnTape implements Cartridge {
        private final String uri;
        private final TapeDevice tape;
        private final TapeExporter exporter;

        OnTape(String uri, TapeDevice tape, Settings settings, TapeExporter.Progress progress) {
            this.uri = uri;
            this.tape = tape;
            this.exporter = new TapeExporter(settings.recordSize(), settings.clock(), progress);
        }

        @Override
        public String device() {
            return uri;
        }

        @Override
        public Map<String, Object> label() throws IOException {
            return exporter.label(tape);
        }

        @Override
        public TapeExporter.Written export(String barcode, String applianceId, List<TapeExporter.Item> items)
                throws IOException {
            return exporter.export(tape, barcode, applianceId, items);
        }

        @Override
        public TapeExporter.Written resume(String barcode, String applianceId, List<TapeExporter.Item> items)
                throws IOException {
            return exporter.resume(tape, barcode, applianceId, items);
        }

        @Override
        public List<TapeProblem> verify(String barcode, String applianceId) throws IOException {
            return exporter.verify(tape, barcode, applianceId);
        }

        @Override
        public void eject() throws IOException {
            if (tape instanceof StDrive drive) {
                drive.eject();
            }
        }

        @Override
        public void close() throws IOException {
            tape.close();
        }
    }

    /** An LTFS volume: files and folders on a mounted cartridge. */
    private static final class OnLtfs implements Cartridge {
        private final String uri;
        private final Path mount;
        private final LtfsExporter exporter;

        OnLtfs(String uri, Path mount, LtfsExporter exporter) {
            this.uri = uri;
            this.mount = mount;
            this.exporter = exporter;
        }

        @Override
        public String device() {
            return uri;
        }

        @Override
        public Map<String, Object> label() throws IOException {
            Path label = mount.resolve(TapeExporter.LABEL);
            if (Files.exists(label)) {
                return Json.parseObject(Files.readString(label, StandardCharsets.UTF_8));
            }
            if (!Files.isDirectory(mount)) {
                throw new IOException("no LTFS volume is mounted at " + mount);
            }
            try (var files = Files.list(mount)) {
                if (files.findAny().isPresent()) {
                    throw new IOException("the volume at " + mount + " holds something other than a Vellum tape (no "
                            + TapeExporter.LABEL + "); erase it first if it may be overwritten");
                }
            }
            return null;
        }

        @Override
        public TapeExporter.Written export(String barcode, String applianceId, List<TapeExporter.Item> items)
                throws IOException {
            return exporter.export(mount, barcode, applianceId, items);
        }

        @Override
        public TapeExporter.Written resume(String barcode, String applianceId, List<TapeExporter.Item> items)
                throws IOException {
            return exporter.export(mount, barcode, applianceId, items); // keeps what is there whole already
        }

        @Override
        public List<TapeProblem> verify(String barcode, String applianceId) throws IOException {
            return exporter.verify(mount, barcode, applianceId);
        }

        @Override
        public void close() {}
    }
}
