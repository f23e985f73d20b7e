package org.vellum.web.ui;

import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.vellum.archive.ArchiveProblem;
import org.vellum.archive.ArchiveRecord;
import org.vellum.archive.ArchiveReport;
import org.vellum.archive.ArchiveService;
import org.vellum.seal.SealRecord;
import org.vellum.seal.SealService;
import org.vellum.security.Role;

/**
 * Archives with their seals, filtered by the day they were sealed (UTC); downloads go to the REST API under the same
 * session, and "verify now" re-reads an archive and its attestation as {@code vellum-verify archive} does.
 */
@Named("archivesPage")
@ViewScoped // "verify now" acts on the row that was shown, whatever the filter and page
public class ArchivesPage implements Serializable {
    private static final long serialVersionUID = 1L;
    static final int PAGE = 50;

    @Inject
    ArchiveService archives;

    @Inject
    SealService seals;

    private String from = "";
    private String to = "";
    private int offset;
    private transient List<Row> rows;
    private LocalDate fromDay;
    private LocalDate toDay;
    private int matching;

    /** An archive with its seal's time and period. */
    public record Row(ArchiveRecord archive, java.time.Instant sealedAt, long firstSeq, long lastSeq) {}

    public String getFrom() {
        return from;
    }

    public void setFrom(String from) {
        this.from = from == null ? "" : from.strip();
        this.fromDay = day(this.from);
    }

    public String getTo() {
        return to;
    }

    public void setTo(String to) {
        this.to = to == null ? "" : to.strip();
        this.toDay = day(this.to);
    }

    public int getOffset() {
        return offset;
    }

    public void setOffset(int offset) {
        this.offset = Math.max(0, offset);
    }

    public int getPageSize() {
        return PAGE;
    }

    public int getMatching() {
        getRows();
        return matching;
    }

    /** The page of archives sealed between {@code from} and {@code to} (both days included), newest first. */
    public List<Row> getRows() {
        if (rows == null) {
            LocalDate f = fromDay;
            LocalDate t = toDay;
            // the seals in pages too, not one query per archive
            Map<Long, SealRecord> sealed = new HashMap<>();
            for (long o = 0, n = seals.count(); o < n; o += 1000) {
                seals.page(o, 1000).forEach(r -> sealed.put(r.number(), r));
            }
            List<Row> all = new ArrayList<>();
            long count = archives.count();
            for (long o = 0; o < count; o += 1000) {
                for (ArchiveRecord a : archives.page(o, 1000)) {
                    SealRecord seal = sealed.get(a.sealNumber());
                    if (seal == null) {
                        continue; // sealed after the seals were read
                    }
                    LocalDate d = seal.sealedAt().atOffset(ZoneOffset.UTC).toLocalDate();
                    if ((f == null || !d.isBefore(f)) && (t == null || !d.isAfter(t))) {
                        all.add(new Row(a, seal.sealedAt(), seal.firstSeq(), seal.lastSeq()));
                    }
                }
            }
            java.util.Collections.reverse(all);
            matching = all.size();
            rows = all.stream().skip(offset).limit(PAGE).toList();
        }
        return rows;
    }

    /** The day, or null; a text that is not one is named in the page's messages (the setters run before drawing). */
    private static LocalDate day(String s) {
        if (s.isEmpty()) {
            return null;
        }
        try {
            return LocalDate.parse(s);
        } catch (DateTimeParseException e) {
            ConsoleBean.error(new IllegalArgumentException("'" + s + "' is not a day (2026-11-30)"));
            return null;
        }
    }

    public boolean isMayDownload() {
        var c = jakarta.faces.context.FacesContext.getCurrentInstance().getExternalContext();
        return c.isUserInRole(Role.COMPLIANCE_OFFICER_NAME)
                || c.isUserInRole(Role.AUDITOR_NAME)
                || c.isUserInRole(Role.ARCHIVIST_NAME);
    }

    public String verify(long seal) {
        ConsoleBean.require(Role.COMPLIANCE_OFFICER_NAME, Role.AUDITOR_NAME, Role.ARCHIVIST_NAME);
        try {
            ArchiveReport report = archives.verify(seal);
            if (report.intact()) {
                ConsoleBean.info("archive " + seal + " is intact: " + String.join("; ", report.held()));
                rows = null;
            } else {
                ArchiveProblem p = report.first();
                ConsoleBean.error(new IllegalStateException("archive " + seal + " is NOT intact: " + p.failure() + " "
                        + (p.member() == null ? "" : p.member() + " ") + p.detail()));
            }
        } catch (RuntimeException e) {
            ConsoleBean.error(e);
        }
        return null;
    }
}
