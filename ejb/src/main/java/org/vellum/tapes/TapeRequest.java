package org.vellum.tapes;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.vellum.problem.VellumException;

/**
 * What one run of {@code tape-export} is asked to do, from its job parameters (docs/tape.md, "The tape-export job").
 *
 * @param device the device URI, {@code {barcode}} standing for each cartridge's barcode
 * @param barcodes the cartridges to use in turn; several only for a device path with {@code {barcode}}
 * @param seals the archives asked for by seal number, or null for any
 * @param from the first day (UTC) of the seals asked for, or null
 * @param to the last day (UTC) of the seals asked for, or null
 * @param includeExported whether archives already on a verified cartridge go on tape again (a second set)
 */
public record TapeRequest(
        String device, List<String> barcodes, Set<Long> seals, LocalDate from, LocalDate to, boolean includeExported) {
    public static final Set<String> PARAMETERS = Set.of("device", "barcode", "archives", "period", "includeExported");

    /** The request that {@code parameters} make; a VellumException INVALID says what is wrong with them. */
    public static TapeRequest of(Map<String, String> parameters) {
        for (String name : parameters.keySet()) {
            if (!PARAMETERS.contains(name)) {
                throw invalid("unknown-job-parameter", "tape-export takes no job parameter " + name);
            }
        }
        String device = parameters.get("device");
        String barcode = parameters.get("barcode");
        if (device == null || device.isBlank() || barcode == null || barcode.isBlank()) {
            throw invalid(
                    "missing-job-parameter",
                    "tape-export needs device (st:/dev/nst0, simh:/path/{barcode}.tap or ltfs:/mount) and barcode");
        }
        List<String> barcodes = new ArrayList<>();
        for (String b : barcode.split(",")) {
            if (barcodes.contains(b.strip())) {
                throw invalid("bad-job-parameter", "barcode " + b.strip() + " is given twice");
            }
            barcodes.add(b.strip());
        }
        if (barcodes.size() > 1 && !device.contains("{barcode}")) {
            throw invalid(
                    "bad-job-parameter",
                    "several barcodes need a device path with {barcode} (tape images, LTFS mounts); a drive takes one"
                            + " cartridge a run");
        }
        Set<Long> seals = parameters.containsKey("archives") ? seals(parameters.get("archives")) : null;
        LocalDate from = null;
        LocalDate to = null;
        if (parameters.containsKey("period")) {
            String[] p = parameters.get("period").split("/", -1);
            try {
                if (p.length != 2) {
                    throw new DateTimeException("two dates");
                }
                from = LocalDate.parse(p[0].strip());
                to = LocalDate.parse(p[1].strip());
            } catch (DateTimeException e) {
                throw invalid(
                        "bad-job-parameter", "period is two ISO dates, the first and last day: 2026-01-01/2026-03-31");
            }
            if (to.isBefore(from)) {
                throw invalid("bad-job-parameter", "period ends before it begins");
            }
        }
        String again = parameters.getOrDefault("includeExported", "false");
        if (!again.equals("true") && !again.equals("false")) {
            throw invalid("bad-job-parameter", "includeExported is true or false");
        }
        return new TapeRequest(device.strip(), List.copyOf(barcodes), seals, from, to, Boolean.parseBoolean(again));
    }

    /** Seal numbers from {@code 1,4,7-12}. */
    private static Set<Long> seals(String text) {
        Set<Long> seals = new java.util.TreeSet<>();
        try {
            for (String part : text.split(",")) {
                String p = part.strip();
                int dash = p.indexOf('-');
                long first = Long.parseLong(dash < 0 ? p : p.substring(0, dash).strip());
                long last =
                        dash < 0 ? first : Long.parseLong(p.substring(dash + 1).strip());
                if (first < 1 || last < first || last - first > 100_000) {
                    throw new NumberFormatException();
                }
                for (long n = first; n <= last; n++) {
                    seals.add(n);
                }
            }
        } catch (NumberFormatException e) {
            throw invalid("bad-job-parameter", "archives is a list of seal numbers and ranges: 1,4,7-12");
        }
        return seals;
    }

    private static VellumException invalid(String code, String message) {
        return new VellumException(VellumException.Kind.INVALID, code, message);
    }
}
