package org.vellum.event;

import static org.vellum.event.FieldKind.COUNT;
import static org.vellum.event.FieldKind.FRAMES;
import static org.vellum.event.FieldKind.FREE_TEXT;
import static org.vellum.event.FieldKind.IDENTITY;
import static org.vellum.event.FieldKind.INSTANT;
import static org.vellum.event.FieldKind.NUMBER;
import static org.vellum.event.FieldKind.SCALAR;
import static org.vellum.event.FieldKind.SHA256;
import static org.vellum.event.FieldKind.TEXT;
import static org.vellum.event.FieldSpec.optional;
import static org.vellum.event.FieldSpec.required;
import static org.vellum.event.FieldSpec.requiredEnum;
import static org.vellum.event.FieldSpec.requiredObject;
import static org.vellum.event.FieldSpec.requiredOpenObject;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The audit event types of the producer spec, section 2, each with its allow-list beyond the envelope. A field that is
 * not listed here is removed before the event is hashed.
 */
public enum EventType {
    TASK_CREATED(
            "task.created",
            required("task_id", TEXT),
            required("file_id", TEXT),
            required("user", IDENTITY),
            optional("source_channel", TEXT)),
    TASK_OPENED("task.opened", required("task_id", TEXT), required("user", IDENTITY)),
    ANONYMIZATION_STARTED(
            "anonymization.started",
            required("task_id", TEXT),
            requiredEnum("operation", "blur_faces", "blur_plates", "blur_all"),
            requiredObject("model", required("id", TEXT), required("version", TEXT), optional("deployed_at", INSTANT)),
            requiredOpenObject("config", required("blur_method", TEXT), required("confidence_threshold", NUMBER))),
    ANONYMIZATION_COMPLETED(
            "anonymization.completed",
            required("task_id", TEXT),
            requiredEnum("outcome", "success", "failed"),
            required("input_sha256", SHA256),
            required("output_sha256", SHA256),
            optional("duration_ms", COUNT),
            optional("detections_count", COUNT),
            optional("error", FREE_TEXT)),
    CORRECTION_APPLIED(
            "correction.applied",
            required("task_id", TEXT),
            required("user", IDENTITY),
            requiredObject(
                    "scope",
                    required("regions_added", COUNT),
                    required("regions_removed", COUNT),
                    required("frames", FRAMES)),
            required("reason", FREE_TEXT)),
    RESULT_APPROVED(
            "result.approved", required("task_id", TEXT), required("user", IDENTITY), optional("comment", FREE_TEXT)),
    RESULT_EXPORTED(
            "result.exported",
            required("task_id", TEXT),
            required("user", IDENTITY),
            required("format", TEXT),
            required("output_sha256", SHA256),
            required("recipient", IDENTITY),
            optional("channel", TEXT)),
    PERMISSION_CHANGED(
            "permission.changed",
            required("admin", IDENTITY),
            required("subject", IDENTITY),
            required("role_before", TEXT),
            required("role_after", TEXT),
            optional("reason", FREE_TEXT)),
    MODEL_DEPLOYED(
            "model.deployed",
            requiredObject("model", required("id", TEXT), required("version", TEXT), required("deployed_at", INSTANT)),
            required("admin", IDENTITY)),
    CONFIG_CHANGED(
            "config.changed",
            required("admin", IDENTITY),
            required("key", TEXT),
            required("value_before", SCALAR),
            required("value_after", SCALAR)),
    /** The appliance's own: a stored copy of an archive was removed after its retention (docs/FORMAT.md §10). */
    RETENTION_PURGED(
            "retention.purged",
            required("seal_number", COUNT),
            required("archive", TEXT),
            required("archive_sha256", SHA256),
            required("target", TEXT),
            required("retain_until", INSTANT)),
    /** The appliance's own: a legal hold on an archive was set or released. */
    RETENTION_LEGAL_HOLD(
            "retention.legal_hold",
            required("seal_number", COUNT),
            requiredEnum("hold", "set", "released"),
            required("user", IDENTITY),
            optional("reason", FREE_TEXT)),
    /**
     * The appliance's own: a person asked it to start, stop or restart a job, seal now, or run a WORM self-test; recorded
     * before it is done.
     */
    ADMIN_ACTION(
            "admin.action",
            required("admin", IDENTITY),
            requiredEnum("action", "job.start", "job.stop", "job.restart", "seal.now", "storage.self_test"),
            required("target", TEXT)),
    /** The appliance's own: an admin accepted a storage target that its WORM self-test found not write-once. */
    STORAGE_NON_WORM_ACCEPTED(
            "storage.non_worm_accepted",
            required("target", TEXT),
            required("admin", IDENTITY),
            required("findings", FREE_TEXT),
            optional("reason", FREE_TEXT));

    /** Fields every audit event carries. */
    public static final List<FieldSpec> ENVELOPE = List.of(
            required("ts", INSTANT),
            required("type", TEXT),
            required("event_id", FieldKind.UUID),
            required("node", TEXT));

    /** What is kept of an event whose type is unknown (section 5): the envelope plus these, if present. */
    public static final List<FieldSpec> UNKNOWN_TYPE_EXTRAS =
            List.of(optional("task_id", TEXT), optional("user", IDENTITY));

    /** A type this appliance does not know yet but a newer platform version might send. */
    public static final Pattern UNKNOWN_TYPE_PATTERN = Pattern.compile("^[a-z]+(\\.[a-z_]+)+$");

    private static final Map<String, EventType> BY_NAME =
            Stream.of(values()).collect(Collectors.toUnmodifiableMap(EventType::typeName, Function.identity()));

    private final String typeName;
    private final List<FieldSpec> fields;

    EventType(String typeName, FieldSpec... fields) {
        this.typeName = typeName;
        this.fields = List.of(fields);
    }

    public String typeName() {
        return typeName;
    }

    /** The allowed fields beyond the envelope. */
    public List<FieldSpec> fields() {
        return fields;
    }

    /** The node of the appliance's own events: {@code vellum/<appliance id>}; producers may not use it. */
    public static final String APPLIANCE_NODE_PREFIX = "vellum/";

    /** Whether only the appliance records events of this type; producers' events of it are refused. */
    public boolean applianceOwn() {
        return applianceOwn(typeName);
    }

    /**
     * Whether a type name, known or not, lies in the appliance's own namespaces ({@code retention.}, {@code storage.},
     * {@code admin.}).
     */
    public static boolean applianceOwn(String typeName) {
        return typeName.startsWith("retention.") || typeName.startsWith("storage.") || typeName.startsWith("admin.");
    }

    /**
     * Whether the appliance may record an event of this type about itself: its own types, and the two it shares with
     * the platform, {@code config.changed} and {@code permission.changed}, which it records (with its own node) for
     * the changes its admins make to the appliance.
     */
    public boolean recordedByAppliance() {
        return applianceOwn() || this == CONFIG_CHANGED || this == PERMISSION_CHANGED;
    }

    public static Optional<EventType> byName(String typeName) {
        return Optional.ofNullable(BY_NAME.get(typeName));
    }
}
