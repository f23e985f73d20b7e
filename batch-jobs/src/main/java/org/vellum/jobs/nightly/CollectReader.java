package org.vellum.jobs.nightly;

import jakarta.batch.api.BatchProperty;
import jakarta.batch.api.chunk.AbstractItemReader;
import jakarta.batch.runtime.context.JobContext;
import jakarta.batch.runtime.context.StepContext;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;
import org.vellum.collect.CollectBackend;
import org.vellum.collect.CollectException;
import org.vellum.collect.CollectRun;
import org.vellum.collect.Source;
import org.vellum.collect.SourceFormat;

/**
 * Reads the lines no earlier run has read, from the configured sources or from the folder the job parameters name.
 * Shares its {@link CollectRun} with the step's other artifacts through the step's transient user data.
 */
@Named("collectReader")
@Dependent
public class CollectReader extends AbstractItemReader {
    private static final Logger LOG = Logger.getLogger(CollectReader.class);

    @Inject
    JobContext job;

    @Inject
    StepContext step;

    @Inject
    CollectBackend backend;

    /**
     * A folder to collect instead of the configured sources, for backlogs and re-imports; it must lie under one of
     * {@code vellum.collect.import-roots}. Default: none. Example: {@code /var/lib/vellum/import/anon-3}.
     */
    @Inject
    @BatchProperty
    String sourceDir;

    /** Which files below {@code sourceDir} to read, as a glob relative to it. Default {@code **}: every file. */
    @Inject
    @BatchProperty
    String glob;

    /** {@code jsonl}, {@code syslog}, or {@code auto} (by file name: {@code *.syslog[.gz]} is syslog). Default auto. */
    @Inject
    @BatchProperty
    String format;

    /** The zone of timestamps without an offset in {@code sourceDir}. Default: none. Example: {@code Europe/Warsaw}. */
    @Inject
    @BatchProperty
    String zone;

    /** The name recorded with events read from {@code sourceDir}. Default {@code import}. */
    @Inject
    @BatchProperty
    String sourceName;

    private CollectRun run;
    private Faults faults;

    @Override
    public void open(Serializable checkpoint) throws Exception {
        faults = Faults.of(job);
        List<Source> sources = sources();
        run = CollectRun.open(backend, sources, job.getInstanceId(), job.getExecutionId());
        step.setTransientUserData(run);
        if (checkpoint != null) {
            LOG.infof("VELLUM-0402 collection restarts after %s", checkpoint);
        }
    }

    private List<Source> sources() {
        if (sourceDir == null || sourceDir.isBlank()) {
            List<Source> configured = backend.configuredSources();
            if (configured.isEmpty()) {
                throw new CollectException("no-sources", "no source is configured (vellum.collect.sources)");
            }
            return configured;
        }
        Path dir = backend.importFolder(sourceDir);
        return List.of(new Source(
                blank(sourceName) ? "import" : sourceName.trim(),
                dir,
                blank(glob) ? "**" : glob.trim(),
                SourceFormat.parse(format),
                blank(zone) ? Optional.empty() : Optional.of(ZoneId.of(zone.trim()))));
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    @Override
    public Object readItem() throws Exception {
        faults.check("read", run.linesThisExecution());
        return run.next().orElse(null);
    }

    @Override
    public Serializable checkpointInfo() {
        return run.checkpoint();
    }

    @Override
    public void close() throws Exception {
        if (run != null) {
            run.close();
        }
    }
}
