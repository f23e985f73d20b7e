package org.vellum.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.LinkedHashMap;
import java.util.Map;
import org.vellum.ingest.EventLog;

/**
 * Appends what a person asks the appliance to do (start, stop or restart a job, seal now, run a WORM self-test) to the
 * ledger as an {@code admin.action} event of the appliance (docs/FORMAT.md §10), before it is done: no such action
 * runs unrecorded. The event records the request; the job repository, the seal or the target records the outcome.
 * Configuration and role changes have their own types ({@code config.changed}, {@code permission.changed}).
 */
@ApplicationScoped
public class AdminActions {
    public static final String TYPE = "admin.action";

    @Inject
    EventLog events;

    /** Records that {@code user} asked for {@code action} (e.g. {@code job.start}) on {@code target}; its ledger seq. */
    public long record(String user, String action, String target) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("admin", user);
        fields.put("action", action);
        fields.put("target", target);
        return events.record(TYPE, fields).seq();
    }
}
