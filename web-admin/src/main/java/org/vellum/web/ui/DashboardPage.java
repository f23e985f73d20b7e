package org.vellum.web.ui;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.jboss.logging.Logger;
import org.vellum.archive.ArchiveLayout;
import org.vellum.archive.ArchiveRecord;
import org.vellum.archive.ArchiveService;
import org.vellum.canonical.Json;
import org.vellum.jobs.JobLauncher;
import org.vellum.jobs.JobView;
import org.vellum.ledger.LedgerService;
import org.vellum.seal.SealService;
import org.vellum.worm.CopyRecord;
import org.vellum.worm.StorageService;
import org.vellum.worm.TargetRecord;
import org.vellum.worm.VerifyRun;

/**
 * The dashboard's figures, read fresh on every view: retention, log RPO, ingest write latency, the integrity
 * verification rate, event coverage and clock-skew flags of the newest archives, the WORM self-test of every target,
 * and the last nightly run.
 */
@Named("dashboard")
@RequestScoped
public class DashboardPage {
    private static final Logger LOG = Logger.getLogger(DashboardPage.class);
    /** How many of the newest archives the coverage and clock-skew charts show. */
    static final int PERIODS = 10;
    /** Archives never change: their summaries are read once. */
    private static final Map<String, Map<String, Object>> SUMMARIES = new ConcurrentHashMap<>();

    @Inject
    ArchiveService archives;

    @Inject
    SealService seals;

    @Inject
    LedgerService ledger;

    @Inject
    StorageService storage;

    @Inject
    JobLauncher launcher;

    private long archiveCount;
    private ArchiveRecord oldest;
    private ArchiveRecord newest;
    private Instant nextPurge;
    private long unsealed;
    private Instant oldestUnsealed;
    private Map<String, Object> latency;
    private VerifyRun verification;
    private final List<Charts.Bar> coverage = new ArrayList<>();
    private final Map<String, Long> skew = new TreeMap<>();
    private List<TargetRecord> targets;
    private JobView lastNightly;

    @PostConstruct
    void read() {
        archiveCount = archives.count();
        if (archiveCount > 0) {
            oldest = archives.page(0, 1).get(0);
            newest = archives.page(archiveCount - 1, 1).get(0);
        }
        nextPurge = storage.storage().table().inState("STORED").stream()
                .filter(c -> storage.storage().hold(c.sealNumber()).isEmpty())
                .map(CopyRecord::retainUntil)
                .filter(t -> t != null)
                .min(Instant::compareTo)
                .orElse(null);
        long sealedTo = seals.sealedTo();
        long head = ledger.head().seq();
        unsealed = Math.max(0, head - sealedTo);
        if (unsealed > 0) {
            ledger.forEach(sealedTo + 1, sealedTo + 1, e -> oldestUnsealed = e.receivedAt());
        }
        latency = ledger.writeLatency().current();
        verification = storage.storage().lastVerification().orElse(null);
        targets = storage.storage().targets();
        lastNightly = launcher.executions(0, 200).stream()
                .filter(v -> JobLauncher.NIGHTLY_ARCHIVE.equals(v.jobName()))
                .findFirst()
                .orElse(null);
        periods();
    }

    @SuppressWarnings("unchecked")
    private void periods() {
        long from = Math.max(0, archiveCount - PERIODS);
        for (ArchiveRecord a : archives.page(from, PERIODS)) {
            Optional<Map<String, Object>> summary = summary(a);
            if (summary.isEmpty()) {
                continue;
            }
            Map<String, Object> entries = (Map<String, Object>) summary.get().get("entries");
            Map<String, Object> life = (Map<String, Object>) entries.get("lifecycle");
            long tasks = ((Number) life.get("tasks")).longValue();
            long complete = ((Number) life.get("complete")).longValue();
            double share = tasks == 0 ? 0 : 100.0 * complete / tasks;
            coverage.add(new Charts.Bar(
                    "seal " + a.sealNumber(),
                    share,
                    tasks == 0
                            ? "no tasks"
                            : String.format(Locale.ROOT, "%.1f %% (%d of %d tasks)", share, complete, tasks)));
            Map<String, Object> flags = (Map<String, Object>) entries.get("clock_skew_flags_by_node");
            flags.forEach((node, byFlag) -> ((Map<String, Object>) byFlag)
                    .values()
                    .forEach(n -> skew.merge(node, ((Number) n).longValue(), Long::sum)));
        }
    }

    /** The archive's {@code summary.json}, read from its file once. */
    @SuppressWarnings("unchecked")
    private Optional<Map<String, Object>> summary(ArchiveRecord a) {
        Map<String, Object> cached = SUMMARIES.get(a.sha256());
        if (cached != null) {
            return Optional.of(cached);
        }
        try (ZipFile zip = new ZipFile(archives.file(a).toFile())) {
            ZipEntry entry = zip.getEntry(ArchiveLayout.SUMMARY);
            if (entry == null) {
                return Optional.empty();
            }
            try (InputStream in = zip.getInputStream(entry)) {
                Map<String, Object> summary = Json.parseObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
                SUMMARIES.put(a.sha256(), summary);
                return Optional.of(summary);
            }
        } catch (IOException | RuntimeException e) {
            LOG.warnf("VELLUM-1101 the summary of archive %d cannot be read for the dashboard: %s", a.sealNumber(), e);
            return Optional.empty();
        }
    }

    public long getArchiveCount() {
        return archiveCount;
    }

    public ArchiveRecord getOldest() {
        return oldest;
    }

    public ArchiveRecord getNewest() {
        return newest;
    }

    public Instant getNextPurge() {
        return nextPurge;
    }

    public long getUnsealed() {
        return unsealed;
    }

    /** How long the oldest entry not yet under a seal has waited, e.g. {@code 3 h 12 min}; empty when none waits. */
    public String getUnsealedAge() {
        if (oldestUnsealed == null) {
            return "";
        }
        Duration d = Duration.between(oldestUnsealed, Instant.now());
        return d.toHours() > 0 ? d.toHours() + " h " + d.toMinutesPart() + " min" : d.toMinutes() + " min";
    }

    public Instant getOldestUnsealed() {
        return oldestUnsealed;
    }

    public Map<String, Object> getLatency() {
        return latency;
    }

    public VerifyRun getVerification() {
        return verification;
    }

    public String getVerificationRate() {
        return verification == null ? "" : String.format(Locale.ROOT, "%.2f %%", verification.rate());
    }

    public List<TargetRecord> getTargets() {
        return targets;
    }

    public JobView getLastNightly() {
        return lastNightly;
    }

    public String getCoverageChart() {
        return Charts.bars("Event coverage: tasks with a complete lifecycle, by sealed period", coverage, 100);
    }

    public String getSkewChart() {
        List<Charts.Bar> bars = new ArrayList<>();
        skew.forEach((node, n) -> bars.add(new Charts.Bar(node, n, n + " flagged")));
        return Charts.bars("Clock-skew flags by node, newest " + PERIODS + " periods", bars, 0);
    }

    public String getLatencyChart() {
        List<Charts.Bar> bars = new ArrayList<>();
        for (String p : List.of("p50_ms", "p99_ms", "max_ms")) {
            Object v = latency.get(p);
            if (v != null) {
                bars.add(new Charts.Bar(p.replace("_ms", ""), Double.parseDouble(v.toString()), v + " ms"));
            }
        }
        return Charts.bars("Ingest write latency to durable receipt", bars, 0);
    }

    public boolean isSkewed() {
        return !skew.isEmpty();
    }
}
