package org.vellum.jobs;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.vellum.collect.RunRecord;

/**
 * A job execution as the API shows it.
 *
 * @param parameters the execution's job parameters
 * @param collection the collect step's accounting for the job instance, if it has started
 */
public record JobView(
        long executionId,
        long instanceId,
        String jobName,
        String status,
        String exitStatus,
        Instant createTime,
        Instant startTime,
        Instant endTime,
        Map<String, String> parameters,
        List<StepView> steps,
        Optional<RunRecord> collection) {

    /** One step of an execution, with JBeret's metrics (read, write, filter, skip and commit counts). */
    public record StepView(
            String name,
            String status,
            String exitStatus,
            Instant startTime,
            Instant endTime,
            Map<String, Long> metrics) {}
}
