package org.vellum.web.ui;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.List;
import java.util.Optional;
import org.vellum.collect.CollectBackend;
import org.vellum.collect.QuarantinedLine;

/** Quarantined lines, newest first, filtered by reason and source; only masked excerpts, never the raw line. */
@Named("quarantinePage")
@RequestScoped
public class QuarantinePage {
    static final int PAGE = 50;

    @Inject
    CollectBackend collect;

    private String reason = "";
    private String source = "";
    private int offset;
    private List<QuarantinedLine> lines;
    private Long total;

    public String getReason() {
        return reason;
    }

    public void setReason(String reason) {
        this.reason = reason == null ? "" : reason.strip();
    }

    public String getSource() {
        return source;
    }

    public void setSource(String source) {
        this.source = source == null ? "" : source.strip();
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

    public long getTotal() {
        if (total == null) {
            total = collect.store().quarantineCount(filter(reason), filter(source));
        }
        return total;
    }

    public List<QuarantinedLine> getLines() {
        if (lines == null) {
            lines = collect.store().quarantine(filter(reason), filter(source), offset, PAGE);
        }
        return lines;
    }

    private static Optional<String> filter(String s) {
        return Optional.of(s).filter(x -> !x.isEmpty());
    }
}
