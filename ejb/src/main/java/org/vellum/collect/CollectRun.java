package org.vellum.collect;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.vellum.event.NormalizedEvent;
import org.vellum.ledger.Origin;
import org.vellum.ledger.Receipt;

/**
 * One execution of a collection: reads lines, classifies them, appends events, and keeps the accounting. Progress is
 * held until {@link #flush()}, which the job calls once per chunk inside the chunk's transaction, so that positions,
 * counts and quarantine commit with the checkpoint or not at all.
 *
 * <p>Exactly once: events are durable in the ledger before the chunk commits. If the server dies in between, the
 * restarted job reads those lines again and the ledger answers with the entries it already holds; an entry whose
 * {@link Origin} is the very same line was appended by this collection and is counted as appended, any other as a
 * duplicate.
 */
public final class CollectRun implements AutoCloseable {
    private final CollectBackend backend;
    private final SpoolCursor cursor;
    private final LineClassifier classifier;
    private final long jobInstance;
    private final long jobExecution;
    private final Instant startedAt;
    private final Accounting total;
    private Accounting delta = new Accounting();
    private final List<QuarantinedLine> quarantined = new ArrayList<>();
    private OptionalLong firstSeq;
    private OptionalLong lastSeq;
    private long linesThisExecution;
    private int reportedUnreadable;

    private CollectRun(CollectBackend backend, List<Source> sources, long jobInstance, long jobExecution) {
        this.backend = backend;
        this.jobInstance = jobInstance;
        this.jobExecution = jobExecution;
        CollectStore store = backend.store();
        Optional<RunRecord> earlier = store.run(jobInstance);
        this.startedAt = earlier.map(RunRecord::startedAt).orElseGet(Instant::now);
        this.total = earlier.map(RunRecord::accounting).orElseGet(Accounting::new);
        this.firstSeq = earlier.map(RunRecord::firstSeq).orElse(OptionalLong.empty());
        this.lastSeq = earlier.map(RunRecord::lastSeq).orElse(OptionalLong.empty());
        this.cursor = new SpoolCursor(sources, store);
        this.classifier = new LineClassifier(backend.normalizer());
    }

    /** Starts or, for a job instance that ran before, resumes a collection over the given sources. */
    public static CollectRun open(CollectBackend backend, List<Source> sources, long jobInstance, long jobExecution) {
        return new CollectRun(backend, sources, jobInstance, jobExecution);
    }

    public Optional<SpoolLine> next() throws IOException {
        Optional<SpoolLine> line = cursor.next();
        List<String> unreadable = cursor.unreadableFiles();
        while (reportedUnreadable < unreadable.size()) {
            delta.unreadable(unreadable.get(reportedUnreadable++));
        }
        if (line.isPresent()) {
            delta.read();
            linesThisExecution++;
        }
        return line;
    }

    /** Lines read by this execution, for fault injection and progress. */
    public long linesThisExecution() {
        return linesThisExecution;
    }

    /** Classifies a line; a line that is no audit event is counted here. */
    public Classified classify(SpoolLine line) {
        Classified c = classifier.classify(
                line.line(), line.file().format(), line.file().source().zone());
        if (c instanceof Classified.NotAudit) {
            delta.notAudit();
        }
        return c;
    }

    public void quarantine(SpoolLine line, Classified.Quarantined q) {
        delta.quarantined(q.reason().code());
        Instant now = Instant.now();
        quarantined.add(new QuarantinedLine(
                0,
                line.file().source().name(),
                line.fileId(),
                line.file().relative(),
                line.line().number(),
                q.reason().code(),
                q.field(),
                q.detail(),
                q.excerpt(),
                jobInstance,
                now,
                now.plus(backend.quarantineRetention())));
    }

    /** Appends a chunk's events; returns once they are durable. */
    public void append(List<CollectedEvent> events) {
        if (events.isEmpty()) {
            return;
        }
        List<NormalizedEvent> normalized = new ArrayList<>(events.size());
        List<Origin> origins = new ArrayList<>(events.size());
        for (CollectedEvent e : events) {
            normalized.add(e.event());
            origins.add(e.origin());
        }
        List<Receipt> receipts = backend.append(normalized, origins);
        for (int i = 0; i < receipts.size(); i++) {
            Receipt receipt = receipts.get(i);
            CollectedEvent e = events.get(i);
            if (!receipt.duplicate()) {
                delta.appended(e.event(), !receipt.flags().isEmpty());
                seq(receipt.seq());
                continue;
            }
            Optional<CollectBackend.Appended> before = backend.appended(receipt);
            if (before.isPresent() && before.get().origin().equals(Optional.of(e.origin()))) {
                // This very line, appended before a crash that lost the chunk's commit.
                delta.reread(e.event(), before.get().flagged());
                seq(before.get().seq());
            } else {
                delta.duplicate();
            }
        }
    }

    private void seq(long seq) {
        if (firstSeq.isEmpty() || seq < firstSeq.getAsLong()) {
            firstSeq = OptionalLong.of(seq);
        }
        if (lastSeq.isEmpty() || seq > lastSeq.getAsLong()) {
            lastSeq = OptionalLong.of(seq);
        }
    }

    /** Saves the chunk's progress; inside the chunk's transaction in the server. */
    public void flush() {
        Accounting next = new Accounting();
        next.add(total);
        next.add(delta);
        backend.store().flush(cursor.takeChanged(), record(next), List.copyOf(quarantined));
        total.add(delta);
        delta = new Accounting();
        quarantined.clear();
    }

    /** The accounting of the whole job instance, as of the last flush. */
    public RunRecord record() {
        return record(total);
    }

    private RunRecord record(Accounting accounting) {
        return new RunRecord(jobInstance, jobExecution, startedAt, Instant.now(), firstSeq, lastSeq, accounting);
    }

    public CollectCheckpoint checkpoint() {
        return cursor.position();
    }

    @Override
    public void close() throws IOException {
        cursor.close();
    }
}
