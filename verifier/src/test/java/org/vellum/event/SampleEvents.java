package org.vellum.event;

import java.util.List;
import java.util.UUID;

/**
 * Producer events of every type as the platform writes them, dirty parts included (producer spec sections 2 and 3).
 * Shared with the other modules' tests through the verifier's test jar.
 */
public final class SampleEvents {

    /** Every personal datum the samples carry; none of them may appear in anything Vellum stores. */
    public static final List<String> PERSONAL_DATA = List.of(
            "anna.kowalska@example.com",
            "anna_kowalska_wedding.mp4",
            "203.0.113.7",
            "52.2297",
            "21.0122",
            "CAM-SN-99812",
            "WX 4711K",
            "B-AB 1234",
            "jan.nowak@example.com",
            "198.51.100.23",
            "2001:db8::8a2e:370:7334",
            "ops-lead@example.org",
            "piotr@example.net",
            "/9j/4AAQSkZJRgABAQ",
            "0.0123",
            "0.9876",
            "recipient.dpo@partner.example",
            "maria@example.com",
            "10.20.30.40");

    private SampleEvents() {}

    public static String taskCreated(UUID id) {
        return "{\"ts\":\"2026-11-25T14:03:20.001Z\",\"type\":\"task.created\",\"event_id\":\"" + id
                + "\",\"node\":\"anon-1\",\"task_id\":\"T-000187\",\"file_id\":\"F-55120\","
                + "\"user\":\"anna.kowalska@example.com\",\"source_channel\":\"upload\","
                + "\"original_filename\":\"anna_kowalska_wedding.mp4\",\"client_ip\":\"203.0.113.7\","
                + "\"exif\":{\"gps_lat\":52.2297,\"gps_lon\":21.0122,\"camera_serial\":\"CAM-SN-99812\"}}";
    }

    public static String taskOpened(UUID id) {
        return "{\"ts\":\"2026-11-25T15:03:21.5+01:00\",\"type\":\"task.opened\",\"event_id\":\"" + id
                + "\",\"node\":\"anon-1\",\"task_id\":\"T-000187\",\"user\":\"u-1042\"}";
    }

    public static String anonymizationStarted(UUID id) {
        return "{\"ts\":\"2026-11-25T14:03:22.123Z\",\"type\":\"anonymization.started\",\"event_id\":\"" + id
                + "\",\"node\":\"anon-2\",\"task_id\":\"T-000187\",\"operation\":\"blur_all\","
                + "\"model\":{\"id\":\"faceplate-detector\",\"version\":\"4.2.1\",\"deployed_at\":\"2026-11-02T08:00:00Z\"},"
                + "\"config\":{\"blur_method\":\"gaussian\",\"confidence_threshold\":0.45,\"kernel\":31},"
                + "\"detections\":[{\"label\":\"face\",\"x\":10,\"y\":20,\"w\":64,\"h\":64,\"score\":0.9876}],"
                + "\"plate_text\":\"WX 4711K\",\"face_embedding\":[0.0123,-0.5,0.25],"
                + "\"thumbnail\":\"/9j/4AAQSkZJRgABAQ==\"}";
    }

    public static String anonymizationCompleted(UUID id) {
        return "{\"ts\":\"2026-11-25T14:05:02.999999Z\",\"type\":\"anonymization.completed\",\"event_id\":\"" + id
                + "\",\"node\":\"anon-2\",\"task_id\":\"T-000187\",\"outcome\":\"failed\","
                + "\"input_sha256\":\"" + "AB".repeat(32) + "\",\"output_sha256\":\"" + "cd".repeat(32) + "\","
                + "\"duration_ms\":100876,\"detections_count\":14,"
                + "\"error\":\"upload to 10.20.30.40 failed for maria@example.com, plate B-AB 1234 unreadable\"}";
    }

    public static String correctionApplied(UUID id) {
        return "{\"ts\":\"2026-11-25T14:07:00Z\",\"type\":\"correction.applied\",\"event_id\":\"" + id
                + "\",\"node\":\"anon-2\",\"task_id\":\"T-000187\",\"user\":\"jan.nowak@example.com\","
                + "\"scope\":{\"regions_added\":2,\"regions_removed\":1,\"frames\":[120,121,122],"
                + "\"regions\":[{\"label\":\"plate\",\"x\":300,\"y\":410,\"w\":80,\"h\":20,\"score\":0.51}]},"
                + "\"reason\":\"missed plate WX 4711K, reported by jan.nowak@example.com from 198.51.100.23\"}";
    }

    public static String resultApproved(UUID id) {
        return "{\"ts\":\"2026-11-25T14:09:00.000Z\",\"type\":\"result.approved\",\"event_id\":\"" + id
                + "\",\"node\":\"anon-1\",\"task_id\":\"T-000187\",\"user\":\"u-1042\","
                + "\"comment\":\"ok, asked piotr@example.net to double-check\"}";
    }

    public static String resultExported(UUID id) {
        return "{\"ts\":\"2026-11-25T14:10:00.000Z\",\"type\":\"result.exported\",\"event_id\":\"" + id
                + "\",\"node\":\"anon-1\",\"task_id\":\"T-000187\",\"user\":\"u-1042\",\"format\":\"mp4\","
                + "\"output_sha256\":\"" + "cd".repeat(32) + "\",\"recipient\":\"recipient.dpo@partner.example\","
                + "\"channel\":\"sftp\",\"client_ip\":\"203.0.113.7\"}";
    }

    public static String permissionChanged(UUID id) {
        return "{\"ts\":\"2026-11-25T13:00:00.000Z\",\"type\":\"permission.changed\",\"event_id\":\"" + id
                + "\",\"node\":\"admin-1\",\"admin\":\"ops-lead@example.org\",\"subject\":\"piotr@example.net\","
                + "\"role_before\":\"viewer\",\"role_after\":\"operator\","
                + "\"reason\":\"requested from 2001:db8::8a2e:370:7334 by ops-lead@example.org\"}";
    }

    public static String modelDeployed(UUID id) {
        return "{\"ts\":\"2026-11-02T08:00:00.000Z\",\"type\":\"model.deployed\",\"event_id\":\"" + id
                + "\",\"node\":\"admin-1\",\"model\":{\"id\":\"faceplate-detector\",\"version\":\"4.2.1\","
                + "\"deployed_at\":\"2026-11-02T08:00:00Z\",\"weights_path\":\"/models/fp/4.2.1\"},"
                + "\"admin\":\"ops-lead@example.org\"}";
    }

    public static String configChanged(UUID id) {
        return "{\"ts\":\"2026-11-20T09:30:00.000Z\",\"type\":\"config.changed\",\"event_id\":\"" + id
                + "\",\"node\":\"admin-1\",\"admin\":\"u-7\",\"key\":\"blur.confidence_threshold\","
                + "\"value_before\":0.5,\"value_after\":0.45}";
    }

    /** A type from a newer platform version: only the envelope survives. */
    public static String unknownType(UUID id) {
        return "{\"ts\":\"2026-11-25T14:11:00.000Z\",\"type\":\"review.requested\",\"event_id\":\"" + id
                + "\",\"node\":\"anon-3\",\"task_id\":\"T-000188\",\"user\":\"maria@example.com\","
                + "\"reviewer\":\"piotr@example.net\",\"priority\":\"high\"}";
    }

    /** One event of each known type and one of an unknown type, each with a fresh id. */
    public static List<String> everyType() {
        return List.of(
                taskCreated(UUID.randomUUID()),
                taskOpened(UUID.randomUUID()),
                anonymizationStarted(UUID.randomUUID()),
                anonymizationCompleted(UUID.randomUUID()),
                correctionApplied(UUID.randomUUID()),
                resultApproved(UUID.randomUUID()),
                resultExported(UUID.randomUUID()),
                permissionChanged(UUID.randomUUID()),
                modelDeployed(UUID.randomUUID()),
                configChanged(UUID.randomUUID()),
                unknownType(UUID.randomUUID()));
    }
}
