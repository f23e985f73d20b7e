package org.vellum.tapes;

import java.io.IOException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import org.vellum.archive.ArchiveRecord;
import org.vellum.problem.VellumException;
import org.vellum.tape.Cartridge;
import org.vellum.tape.Cartridges;
import org.vellum.tape.TapeExporter;
import org.vellum.tape.TapeProblem;
import org.vellum.worm.Archives;

/**
 * The work of the {@code tape-export} job (docs/tape.md): picks the archives, writes them to each cartridge in turn,
 * reads every cartridge back against its catalog, and only then records its archives as exported. Plain Java: {@link
 * TapeService} runs it in the server, tests without one.
 *
 * <p>A cartridge is recorded {@code WRITING} before its first record. A crash leaves it so; the restart of the run
 * finds it, checks its label and resumes at the first archive not whole on it. Cartridges this run verified already
 * are not touched again.
 */
public final class TapeLibrary implements TapeBackend {
    private static final Logger LOG = Logger.getLogger(TapeLibrary.class);

    private final TapeTable table;
    private final Archives archives;
    private final String applianceId;
    private final Cartridges.Settings settings;
    private final List<String> allowedDevices;
    private final Clock clock;
    private final Map<String, Progress> writing = new ConcurrentHashMap<>();

    /** How far the writing of a cartridge has come: the tape file (0 is the label) and its records so far. */
    public record Progress(int tapeFile, long records) {}

    /**
     * @param allowedDevices the device URIs an export may name ({@code vellum.tape.devices}): a URI as given, its
     *     {@code {barcode}} included; the stated capacity does not count
     */
    public TapeLibrary(
            TapeTable table,
            Archives archives,
            String applianceId,
            Cartridges.Settings settings,
            List<String> allowedDevices,
            Clock clock) {
        this.table = table;
        this.archives = archives;
        this.applianceId = applianceId;
        this.settings = settings;
        this.allowedDevices = List.copyOf(allowedDevices);
        this.clock = clock;
    }

    public TapeTable table() {
        return table;
    }

    public int recordSize() {
        return settings.recordSize();
    }

    /** Checks a request before its job starts: the device allowed, each barcode valid, the archives asked for there. */
    @Override
    public TapeRequest check(Map<String, String> parameters) {
        TapeRequest request = TapeRequest.of(parameters);
        for (String barcode : request.barcodes()) {
            device(request.device(), barcode);
        }
        select(request);
        return request;
    }

    private Cartridges.Device device(String uri, String barcode) {
        Cartridges.Device device;
        try {
            device = Cartridges.parse(uri, barcode);
        } catch (IllegalArgumentException e) {
            throw new VellumException(VellumException.Kind.INVALID, "bad-device", e.getMessage());
        }
        String withoutOptions = uri.contains("?") ? uri.substring(0, uri.indexOf('?')) : uri;
        if (!allowedDevices.contains(withoutOptions)) {
            throw new VellumException(
                    VellumException.Kind.INVALID,
                    "device-not-allowed",
                    "device " + withoutOptions + " is not one of vellum.tape.devices: " + allowedDevices);
        }
        return device;
    }

    /**
     * What a run writes: the archives in seal order, an archive that spans continued where the parts on verified
     * cartridges end, and for such an archive the cartridges holding its earlier parts.
     */
    private record Plan(List<TapeExporter.Item> items, Map<Long, Set<String>> partsOn) {}

    /** The archives to write, in seal order: attested and verified intact, as asked, not on tape yet unless asked. */
    private Plan select(TapeRequest request) {
        Map<Long, ArchiveRecord> ready = new LinkedHashMap<>();
        for (ArchiveRecord r : archives.attested()) {
            if (ArchiveRecord.INTACT.equals(r.verifyResult())) {
                ready.put(r.sealNumber(), r);
            }
        }
        if (request.seals() != null) {
            List<Long> missing = request.seals().stream()
                    .filter(n -> !ready.containsKey(n))
                    .limit(10)
                    .toList();
            if (!missing.isEmpty()) {
                throw new VellumException(
                        VellumException.Kind.INVALID,
                        "archive-not-ready",
                        "no archive that verified intact with its attestation for seal " + missing
                                + "; the nightly run makes them");
            }
        }
        Set<Long> exported = request.includeExported() ? Set.of() : table.exported();
        Map<Long, List<TapeTable.PartOnTape>> spans = new HashMap<>();
        for (TapeTable.PartOnTape p : table.unfinishedSpans()) {
            spans.computeIfAbsent(p.sealNumber(), k -> new ArrayList<>()).add(p);
        }
        List<TapeExporter.Item> items = new ArrayList<>();
        Map<Long, Set<String>> partsOn = new HashMap<>();
        for (ArchiveRecord r : ready.values()) {
            long n = r.sealNumber();
            if ((request.seals() != null && !request.seals().contains(n)) || exported.contains(n)) {
                continue;
            }
            if (request.from() != null) {
                LocalDate day = LocalDate.ofInstant(archives.sealedAt(n), ZoneOffset.UTC);
                if (day.isBefore(request.from()) || day.isAfter(request.to())) {
                    continue;
                }
            }
            TapeExporter.Item item =
                    new TapeExporter.Item(n, archives.file(r), archives.attestationFile(r), r.sha256());
            List<TapeTable.PartOnTape> chain = chain(spans.getOrDefault(n, List.of()));
            if (!chain.isEmpty()) {
                TapeTable.PartOnTape last = chain.get(chain.size() - 1);
                item = new TapeExporter.Item(
                        n,
                        item.archive(),
                        item.attestation(),
                        last.part() + 1,
                        last.offset() + last.length(),
                        r.sha256());
                Set<String> on = new LinkedHashSet<>();
                chain.forEach(p -> on.add(p.barcode()));
                partsOn.put(n, on);
            }
            items.add(item);
        }
        return new Plan(items, partsOn);
    }

    /**
     * The parts an unfinished span continues from: the most recently verified part, and before it each part that
     * ends where the next begins, back to part 1; empty when there is no such unbroken chain (the archive is then
     * written again from its first part).
     */
    private static List<TapeTable.PartOnTape> chain(List<TapeTable.PartOnTape> parts) {
        if (parts.isEmpty()) {
            return List.of();
        }
        List<TapeTable.PartOnTape> chain = new ArrayList<>();
        TapeTable.PartOnTape at = parts.get(parts.size() - 1);
        chain.add(0, at);
        while (at.part() > 1) {
            TapeTable.PartOnTape current = at;
            Optional<TapeTable.PartOnTape> before = parts.stream()
                    .filter(p -> p.part() == current.part() - 1 && p.offset() + p.length() == current.offset())
                    .reduce((first, second) -> second);
            if (before.isEmpty()) {
                return List.of();
            }
            at = before.get();
            chain.add(0, at);
        }
        return at.offset() == 0 ? chain : List.of();
    }

    /** The progress of a cartridge being written in this server now, if it is. */
    public Optional<Progress> progress(String barcode) {
        return Optional.ofNullable(writing.get(barcode));
    }

    public TapeRun export(TapeRequest request, Long jobInstance) {
        return export(request, jobInstance, TapeExporter.Progress.NONE);
    }

    @Override
    public TapeRun export(TapeRequest request, Long jobInstance, TapeExporter.Progress observer) {
        Map<String, Cartridges.Device> devices = new LinkedHashMap<>();
        for (String barcode : request.barcodes()) {
            devices.put(barcode, device(request.device(), barcode));
        }
        Plan plan = select(request);
        List<TapeExporter.Item> queue = plan.items();
        List<Long> exported = new ArrayList<>();
        List<String> used = new ArrayList<>();
        Map<Long, Set<String>> partsOn = new HashMap<>(plan.partsOn());
        int kept = 0;
        for (Map.Entry<String, Cartridges.Device> d : devices.entrySet()) {
            if (queue.isEmpty()) {
                break;
            }
            String barcode = d.getKey();
            Optional<CartridgeRecord> known = table.cartridge(barcode);
            if (known.isPresent()
                    && known.get().state().equals(CartridgeRecord.VERIFIED)
                    && jobInstance != null
                    && jobInstance.equals(known.get().jobInstance())) {
                // verified before this run was restarted: take its catalog from the database and go on after it
                List<TapeExporter.Entry> entries = table.files(barcode);
                exported.addAll(completed(entries, barcode, partsOn).keySet());
                queue = advance(queue, entries);
                used.add(barcode);
                continue;
            }
            try {
                TapeExporter.Written w =
                        write(d.getValue(), barcode, known, queue, jobInstance, exported, partsOn, (file, records) -> {
                            writing.put(barcode, new Progress(file, records));
                            observer.written(file, records);
                        });
                queue = w.left();
                kept += w.kept();
            } finally {
                writing.remove(barcode);
            }
            used.add(barcode);
        }
        List<Long> left = queue.stream().map(TapeExporter.Item::sealNumber).toList();
        if (!left.isEmpty()) {
            LOG.warnf(
                    "VELLUM-1004 tape export ran out of cartridges: %d archives left for the next (seals %s)",
                    left.size(), abbreviated(left));
        }
        return new TapeRun(used, exported, left, kept);
    }

    /** One cartridge: label checked, written or resumed, catalog recorded, read back, archives recorded. */
    private TapeExporter.Written write(
            Cartridges.Device device,
            String barcode,
            Optional<CartridgeRecord> known,
            List<TapeExporter.Item> queue,
            Long jobInstance,
            List<Long> exported,
            Map<Long, Set<String>> partsOn,
            TapeExporter.Progress progress) {
        if (known.isPresent()) {
            CartridgeRecord r = known.get();
            if (!r.state().equals(CartridgeRecord.WRITING)) {
                throw new VellumException(
                        VellumException.Kind.CONFLICT,
                        r.state().equals(CartridgeRecord.DAMAGED) ? "cartridge-damaged" : "cartridge-written",
                        "cartridge " + barcode + " is " + r.state() + " since " + r.verifiedAt()
                                + "; a cartridge is written once: load a blank one and give its barcode");
            }
            if (!Objects.equals(r.jobInstance(), jobInstance)) {
                table.adopt(barcode, jobInstance);
            }
        }
        try (Cartridge cartridge = Cartridges.open(device, settings, progress)) {
            Map<String, Object> label = cartridge.label();
            TapeExporter.Written w;
            if (label == null) {
                if (known.isEmpty()) {
                    table.starting(
                            barcode, device.uri(), device.kind(), settings.recordSize(), jobInstance, clock.instant());
                }
                LOG.infof(
                        "VELLUM-1001 writing cartridge %s on %s: %d archives to go",
                        barcode, device.uri(), queue.size());
                w = cartridge.export(barcode, applianceId, queue);
            } else if (known.isPresent() && TapeExporter.names(label, barcode, applianceId)) {
                w = cartridge.resume(barcode, applianceId, queue);
                LOG.infof(
                        "VELLUM-1002 resumed cartridge %s on %s: %d tape files were whole and kept",
                        barcode, device.uri(), w.kept());
            } else {
                throw new VellumException(
                        VellumException.Kind.CONFLICT,
                        "wrong-cartridge",
                        "the cartridge in " + device.uri() + " is labelled " + label.get("barcode") + " of appliance "
                                + label.get("appliance_id") + ", not the " + (known.isPresent() ? "" : "blank ")
                                + "cartridge " + barcode + " this export expects; it is left as it is");
            }
            if (w.entries().isEmpty() && !w.left().isEmpty()) {
                throw new VellumException(
                        VellumException.Kind.CONFLICT,
                        "archive-larger-than-cartridge",
                        "archive " + w.left().get(0).sealNumber() + " does not fit on a blank cartridge " + barcode
                                + "; state the cartridge capacity in the device URI (?capacity=18T) so that it spans");
            }
            table.written(barcode, w.entries(), !w.left().isEmpty(), clock.instant());
            List<TapeProblem> problems = cartridge.verify(barcode, applianceId);
            if (!problems.isEmpty()) {
                String text = problems.stream().map(TapeProblem::toString).collect(Collectors.joining("; "));
                table.damaged(barcode, text, clock.instant());
                LOG.errorf("VELLUM-1005 cartridge %s failed read-back verification: %s", barcode, text);
                throw new VellumException(
                        VellumException.Kind.CONFLICT,
                        "cartridge-damaged",
                        "cartridge " + barcode + " failed read-back verification; nothing on it is recorded as"
                                + " exported: " + text);
            }
            Map<Long, Set<String>> done = completed(w.entries(), barcode, partsOn);
            table.verified(barcode, done, jobInstance, clock.instant());
            exported.addAll(done.keySet());
            LOG.infof(
                    "VELLUM-1003 cartridge %s verified: %d tape files, archives exported %s",
                    barcode, w.entries().size(), abbreviated(List.copyOf(done.keySet())));
            cartridge.eject();
            return w;
        } catch (IOException e) {
            throw new VellumException(
                    VellumException.Kind.UNAVAILABLE,
                    "tape-failed",
                    "cartridge " + barcode + " on " + device.uri() + ": " + e.getMessage(),
                    e);
        }
    }

    /**
     * The archives that {@code entries} complete, each with every cartridge holding a part of it: a whole archive, or
     * the last part of one that spans; earlier parts are remembered in {@code partsOn}.
     */
    private static Map<Long, Set<String>> completed(
            List<TapeExporter.Entry> entries, String barcode, Map<Long, Set<String>> partsOn) {
        Map<Long, Set<String>> done = new LinkedHashMap<>();
        for (TapeExporter.Entry e : entries) {
            Set<String> on = partsOn.computeIfAbsent(e.sealNumber(), k -> new LinkedHashSet<>());
            on.add(barcode);
            if (e.span() == null || e.span().last()) {
                done.put(e.sealNumber(), Set.copyOf(on));
                partsOn.remove(e.sealNumber());
            }
        }
        return done;
    }

    /** The queue after a cartridge that holds {@code entries}: the archives done removed, a part-written one continued. */
    static List<TapeExporter.Item> advance(List<TapeExporter.Item> queue, List<TapeExporter.Entry> entries) {
        List<TapeExporter.Item> next = new ArrayList<>(queue);
        for (TapeExporter.Entry e : entries) {
            for (int i = 0; i < next.size(); i++) {
                TapeExporter.Item item = next.get(i);
                if (item.sealNumber() != e.sealNumber()) {
                    continue;
                }
                if (e.span() == null || e.span().last()) {
                    next.remove(i);
                } else {
                    next.set(
                            i,
                            new TapeExporter.Item(
                                    item.sealNumber(),
                                    item.archive(),
                                    item.attestation(),
                                    e.span().part() + 1,
                                    e.span().offset() + e.span().length(),
                                    item.sha256()));
                }
                break;
            }
        }
        return next;
    }

    private static String abbreviated(List<Long> seals) {
        return seals.size() <= 20 ? seals.toString() : seals.subList(0, 20) + " and " + (seals.size() - 20) + " more";
    }
}
