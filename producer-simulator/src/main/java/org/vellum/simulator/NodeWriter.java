package org.vellum.simulator;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.zip.GZIPOutputStream;

/**
 * Writes one node's folder. Its records, in time order, fill {@code audit.log.2.gz}, {@code audit.log.1} and {@code
 * audit.log} (JSON lines), then {@code audit.syslog.1.gz} and {@code audit.syslog}: the order a collector reads them
 * in, so that a node's clock only jumps where the simulator makes it jump.
 */
final class NodeWriter {
    private static final String[] LIFECYCLE = {
        "task.created",
        "task.opened",
        "anonymization.started",
        "anonymization.completed",
        "correction.applied",
        "result.approved",
        "result.exported",
        "permission.changed",
        "model.deployed",
        "config.changed"
    };

    /** Dirty kinds forced early in the first node, so that even a small spool has each of them. */
    private enum Kind {
        VALID,
        DUPLICATE,
        UNKNOWN_TYPE,
        MISSING_FIELD,
        BAD_TYPE,
        NO_OFFSET,
        INVALID_UTF8,
        TRUNCATED,
        BROKEN_SYSLOG
    }

    private static final Kind[] FORCED = {
        Kind.DUPLICATE,
        Kind.UNKNOWN_TYPE,
        Kind.MISSING_FIELD,
        Kind.BAD_TYPE,
        Kind.NO_OFFSET,
        Kind.INVALID_UTF8,
        Kind.TRUNCATED
    };
    private static final int SKEW_AT = 3;
    /** Always with milliseconds, as the platform writes them. */
    private static final DateTimeFormatter TS =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private final ProducerSimulator.Options options;
    private final int index;
    private final String node;
    private final long records;
    private final Expected expected;
    private final SplittableRandom random;
    private final ArrayDeque<String[]> recent = new ArrayDeque<>();
    private long seqInNode;
    private long task;
    private boolean forcedSyslogBroken;
    private boolean forcedSyslogDuplicate;

    NodeWriter(ProducerSimulator.Options options, int index, String node, long records, Expected expected) {
        this.options = options;
        this.index = index;
        this.node = node;
        this.records = records;
        this.expected = expected;
        this.random = new SplittableRandom(options.seed() * 1_000_003L + index);
    }

    void write() throws IOException {
        Path dir = Files.createDirectories(options.out().resolve(node));
        long syslog = Math.round(records * options.syslogShare());
        long json = records - syslog;
        long[] jsonParts = {json * 40 / 100, json * 35 / 100, 0};
        jsonParts[2] = json - jsonParts[0] - jsonParts[1];
        long[] syslogParts = {syslog / 2, syslog - syslog / 2};
        if (index == 0 && options.dirty()) {
            Files.createFile(dir.resolve("audit.log.3")); // an empty file: rotated before anything was written
        }
        writeFile(dir.resolve("audit.log.2.gz"), jsonParts[0], false, false);
        writeFile(dir.resolve("audit.log.1"), jsonParts[1], false, true);
        writeFile(dir.resolve("audit.log"), jsonParts[2], false, false);
        writeFile(dir.resolve("audit.syslog.1.gz"), syslogParts[0], true, false);
        writeFile(dir.resolve("audit.syslog"), syslogParts[1], true, false);
    }

    private void writeFile(Path file, long count, boolean syslog, boolean endsTruncated) throws IOException {
        OutputStream raw = Files.newOutputStream(file);
        try (OutputStream out = file.toString().endsWith(".gz")
                ? new GZIPOutputStream(raw, 1 << 16)
                : new BufferedOutputStream(raw, 1 << 16)) {
            boolean dirty = options.dirty();
            boolean longLine = dirty && !syslog && endsTruncated && count >= 20;
            for (long i = 0; i < count; i++) {
                if (longLine && i == count / 2) {
                    line(out, tooLong());
                    expected.quarantined("line-too-long");
                }
                record(out, syslog, dirty);
                if (dirty) {
                    noise(out, syslog);
                }
            }
            if (dirty && endsTruncated && count > 0) {
                // logrotate cut the file in the middle of a write: the last line is half a JSON object, no LF
                String[] full = event(LIFECYCLE[(int) (seqInNode % LIFECYCLE.length)], nextTs(), uuid());
                String json = full[0];
                out.write(json.substring(0, json.length() / 2).getBytes(StandardCharsets.UTF_8));
                expected.quarantined("invalid-json");
            }
        }
    }

    private void record(OutputStream out, boolean syslog, boolean dirty) throws IOException {
        long n = seqInNode++;
        Kind kind = kind(n, syslog, dirty);
        String type = LIFECYCLE[(int) (n % LIFECYCLE.length)];
        if (n % LIFECYCLE.length == 0) {
            task++;
        }
        String ts = nextTs();
        if (dirty && index == 0 && n == SKEW_AT) {
            // this node's clock jumps ahead; the next event is flagged as behind
            ts = TS.format(Instant.parse(ts).plusSeconds(20 * 60));
        }
        if (dirty && index == 0 && n == SKEW_AT + 1) {
            expected.clockSkew(node);
        }
        switch (kind) {
            case DUPLICATE -> {
                String[] earlier = recent.peekFirst();
                line(out, syslog ? earlier[1] : earlier[0]);
                expected.duplicate();
            }
            case UNKNOWN_TYPE -> {
                String id = uuid();
                String json = "{\"ts\":\"" + ts + "\",\"type\":\"face.reviewed\",\"event_id\":\"" + id
                        + "\",\"node\":\"" + node + "\",\"task_id\":\"T-" + task + "\",\"user\":\""
                        + "anna.kowalska@example.com\",\"reviewer_note\":\"ok\",\"detections\":[{\"label\":\"face\","
                        + "\"x\":10,\"y\":20,\"w\":30,\"h\":40,\"score\":0.97}]}";
                line(out, syslog ? toSyslog(json, "face.reviewed", ts, id, "task_id=\"T-" + task + "\"") : json);
                expected.unknownType("face.reviewed");
            }
            case MISSING_FIELD -> {
                if (syslog) {
                    line(
                            out,
                            "<134>1 " + ts + " " + node + " anonymizer 4242 task.created [audit@32473 event_id=\""
                                    + uuid() + "\" task_id=\"T-" + task + "\" user=\"anna.kowalska@example.com\""
                                    + " original_filename=\"anna_kowalska_wedding.mp4\"] created");
                    expected.quarantined("missing-field");
                    return;
                }
                line(
                        out,
                        "{\"ts\":\"" + ts + "\",\"type\":\"task.created\",\"event_id\":\"" + uuid()
                                + "\",\"node\":\"" + node + "\",\"task_id\":\"T-" + task
                                + "\",\"user\":\"anna.kowalska@example.com\",\"original_filename\":\"anna_kowalska_wedding.mp4\"}");
                expected.quarantined("missing-field");
            }
            case BAD_TYPE -> {
                if (syslog) {
                    line(
                            out,
                            "<134>1 " + ts + " " + node + " anonymizer 4242 anonymization.completed [audit@32473"
                                    + " event_id=\"" + uuid() + "\" task_id=\"T-" + task + "\" outcome=\"success\""
                                    + " input_sha256=\"" + hex64() + "\" output_sha256=\"" + hex64() + "\""
                                    + " duration_ms=\"fast\" plate_text=\"WX 4711K\"] done");
                    expected.quarantined("bad-field-type");
                    return;
                }
                line(
                        out,
                        "{\"ts\":\"" + ts + "\",\"type\":\"anonymization.completed\",\"event_id\":\"" + uuid()
                                + "\",\"node\":\"" + node + "\",\"task_id\":\"T-" + task + "\",\"outcome\":\"success\","
                                + "\"input_sha256\":\"" + hex64() + "\",\"output_sha256\":\"" + hex64() + "\","
                                + "\"duration_ms\":\"fast\",\"plate_text\":\"WX 4711K\"}");
                expected.quarantined("bad-field-type");
            }
            case NO_OFFSET -> {
                String local = ts.replace("Z", "");
                if (syslog) {
                    line(
                            out,
                            "<134>1 " + local + " " + node + " anonymizer 4242 task.opened [audit@32473 event_id=\""
                                    + uuid() + "\" task_id=\"T-" + task + "\" user=\"jan.nowak@example.org\""
                                    + " client_ip=\"192.168.17.23\"] opened");
                    expected.quarantined("timestamp-without-offset");
                    return;
                }
                line(
                        out,
                        "{\"ts\":\"" + local + "\",\"type\":\"task.opened\",\"event_id\":\"" + uuid()
                                + "\",\"node\":\"" + node + "\",\"task_id\":\"T-" + task
                                + "\",\"user\":\"jan.nowak@example.org\",\"client_ip\":\"192.168.17.23\"}");
                expected.quarantined("timestamp-without-offset");
            }
            case INVALID_UTF8 -> {
                byte[] head = ("{\"ts\":\"" + ts + "\",\"type\":\"task.opened\",\"event_id\":\"" + uuid()
                                + "\",\"node\":\"" + node + "\",\"task_id\":\"T-" + task + "\",\"user\":\"anna")
                        .getBytes(StandardCharsets.UTF_8);
                byte[] tail = "_kowalska\"}".getBytes(StandardCharsets.UTF_8);
                out.write(head);
                out.write(new byte[] {(byte) 0xC3, (byte) 0x28}); // not UTF-8
                out.write(tail);
                end(out);
                expected.quarantined("invalid-utf8");
            }
            case TRUNCATED -> {
                String json = event(type, ts, uuid())[0];
                line(out, json.substring(0, json.length() / 3));
                expected.quarantined("invalid-json");
            }
            case BROKEN_SYSLOG -> {
                line(
                        out,
                        "<134>1 " + ts + " " + node + " anonymizer 4242 task.opened [audit@32473 event_id=\"" + uuid()
                                + "\" task_id=\"T-" + task + "\" user=\"anna.kowalska@example.com]");
                expected.quarantined("invalid-syslog");
            }
            default -> {
                String[] forms = event(type, ts, uuid());
                line(out, syslog ? forms[1] : forms[0]);
                expected.event(type);
                recent.addLast(forms);
                if (recent.size() > 32) {
                    recent.removeFirst();
                }
            }
        }
    }

    private Kind kind(long n, boolean syslog, boolean dirty) {
        if (!dirty || recent.isEmpty() || n <= SKEW_AT + 1) {
            return Kind.VALID;
        }
        if (index == 0 && !syslog && n >= 5 && n < 5 + FORCED.length) {
            return FORCED[(int) (n - 5)];
        }
        if (index == 0 && syslog && !forcedSyslogBroken) {
            forcedSyslogBroken = true;
            return Kind.BROKEN_SYSLOG;
        }
        if (index == 0 && syslog && !forcedSyslogDuplicate) {
            forcedSyslogDuplicate = true;
            return Kind.DUPLICATE;
        }
        int r = random.nextInt(10_000);
        if (r < 100) {
            return Kind.DUPLICATE;
        }
        if (r < 150) {
            return Kind.UNKNOWN_TYPE;
        }
        if (r < 170) {
            return Kind.MISSING_FIELD;
        }
        if (r < 190) {
            return Kind.BAD_TYPE;
        }
        if (r < 210) {
            return Kind.NO_OFFSET;
        }
        if (r < 230 && !syslog) {
            return Kind.INVALID_UTF8;
        }
        if (r < 250 && !syslog) {
            return Kind.TRUNCATED;
        }
        if (r < 270 && syslog) {
            return Kind.BROKEN_SYSLOG;
        }
        return Kind.VALID;
    }

    /** Ordinary application logging between the audit records. */
    private void noise(OutputStream out, boolean syslog) throws IOException {
        int r = random.nextInt(1000);
        if (r < 60) {
            line(
                    out,
                    syslog
                            ? "<134>1 " + nextTs() + " " + node + " anonymizer 4242 - - worker 3 picked up a job for"
                                    + " anna.kowalska@example.com"
                            : nextTs()
                                    + " INFO  [worker-3] picked up job for anna.kowalska@example.com from 192.168.17.23");
            expected.notAudit();
        } else if (r < 70) {
            line(out, "java.lang.IllegalStateException: decoder failed on anna_kowalska_wedding.mp4");
            line(out, "\tat com.example.anon.Decoder.decode(Decoder.java:118)");
            line(out, "\tat com.example.anon.Worker.run(Worker.java:42)");
            expected.notAudit();
            expected.notAudit();
            expected.notAudit();
        } else if (r < 95 && !syslog) {
            line(out, "{\"level\":\"debug\",\"msg\":\"cache warm\",\"user\":\"jan.nowak@example.org\"}");
            expected.notAudit();
        } else if (r < 100) {
            line(out, "");
            expected.notAudit();
        }
    }

    /** A valid event of the type, with this platform's leaks: {json form, syslog form}. */
    private String[] event(String type, String ts, String id) {
        String t = "T-" + index + "-" + task;
        String user = random.nextInt(3) == 0 ? "op-" + random.nextInt(40) : "anna.kowalska@example.com";
        StringBuilder j = new StringBuilder(512);
        j.append("{\"ts\":\"").append(ts).append("\",\"type\":\"").append(type).append("\",\"event_id\":\"");
        j.append(id).append("\",\"node\":\"").append(node).append('"');
        List<String> sd = new ArrayList<>();
        sd.add("event_id=\"" + id + "\"");
        switch (type) {
            case "task.created" -> {
                field(j, sd, "task_id", t);
                field(j, sd, "file_id", "F-" + task);
                field(j, sd, "user", user);
                field(j, sd, "source_channel", "upload");
                field(j, sd, "original_filename", "anna_kowalska_wedding.mp4");
                field(j, sd, "client_ip", "192.168.17.23");
                j.append(
                        ",\"exif\":{\"gps_lat\":52.22977731,\"gps_lon\":21.01222949,\"camera_serial\":\"SN-4471-XK\"}");
                sd.add("exif.gps_lat=\"52.22977731\" exif.gps_lon=\"21.01222949\" exif.camera_serial=\"SN-4471-XK\"");
            }
            case "task.opened" -> {
                field(j, sd, "task_id", t);
                field(j, sd, "user", user);
            }
            case "anonymization.started" -> {
                field(j, sd, "task_id", t);
                field(j, sd, "operation", "blur_all");
                j.append(",\"model\":{\"id\":\"faceplate-detector\",\"version\":\"4.2.1\",")
                        .append("\"deployed_at\":\"2026-11-02T08:00:00Z\"}");
                j.append(",\"config\":{\"blur_method\":\"gaussian\",\"confidence_threshold\":0.45,\"kernel\":15}");
                sd.add(
                        "model.id=\"faceplate-detector\" model.version=\"4.2.1\" model.deployed_at=\"2026-11-02T08:00:00Z\"");
                sd.add("config.blur_method=\"gaussian\" config.confidence_threshold=\"0.45\" config.kernel=\"15\"");
                field(j, sd, "thumbnail", "/9j/4AAQSkZJRgABAQAAAQABAAD");
            }
            case "anonymization.completed" -> {
                field(j, sd, "task_id", t);
                boolean failed = random.nextInt(20) == 0;
                field(j, sd, "outcome", failed ? "failed" : "success");
                field(j, sd, "input_sha256", hex64());
                field(j, sd, "output_sha256", hex64());
                number(j, sd, "duration_ms", Integer.toString(800 + random.nextInt(5000)));
                number(j, sd, "detections_count", "3");
                if (failed) {
                    field(j, sd, "error", "upload from 10.1.2.3 failed for plate WX 4711K");
                }
                field(j, sd, "plate_text", "WX 4711K");
                j.append(",\"detections\":[{\"label\":\"face\",\"x\":10,\"y\":20,\"w\":30,\"h\":40,\"score\":0.97}]");
                j.append(",\"face_embedding\":[0.1234567,0.7654321,0.5]");
                sd.add("detections=\"" + escape("[{\"label\":\"face\",\"x\":10}]") + "\"");
                sd.add("face_embedding=\"0.1234567,0.7654321\"");
            }
            case "correction.applied" -> {
                field(j, sd, "task_id", t);
                field(j, sd, "user", user);
                j.append(",\"scope\":{\"regions_added\":1,\"regions_removed\":0,\"frames\":[12,13],")
                        .append("\"regions\":[{\"x\":5,\"y\":6,\"w\":7,\"h\":8}]}");
                sd.add("scope.regions_added=\"1\" scope.regions_removed=\"0\" scope.frames=\"12,13\"");
                field(j, sd, "reason", "missed plate B-AB 1234 [left \"edge\"], told anna.kowalska@example.com");
            }
            case "result.approved" -> {
                field(j, sd, "task_id", t);
                field(j, sd, "user", user);
                field(j, sd, "comment", "checked with jan.nowak@example.org from 2001:db8::17");
            }
            case "result.exported" -> {
                field(j, sd, "task_id", t);
                field(j, sd, "user", user);
                field(j, sd, "format", "mp4");
                field(j, sd, "output_sha256", hex64());
                field(j, sd, "recipient", "jan.nowak@example.org");
                field(j, sd, "channel", "sftp");
            }
            case "permission.changed" -> {
                field(j, sd, "admin", "jan.nowak@example.org");
                field(j, sd, "subject", "anna.kowalska@example.com");
                field(j, sd, "role_before", "viewer");
                field(j, sd, "role_after", "operator");
                field(j, sd, "reason", "ticket 4711 \\ approved");
            }
            case "model.deployed" -> {
                j.append(",\"model\":{\"id\":\"faceplate-detector\",\"version\":\"4.2.")
                        .append(task % 9)
                        .append("\",\"deployed_at\":\"2026-11-02T08:00:00Z\"}");
                sd.add("model.id=\"faceplate-detector\" model.version=\"4.2." + task % 9
                        + "\" model.deployed_at=\"2026-11-02T08:00:00Z\"");
                field(j, sd, "admin", "op-1");
            }
            case "config.changed" -> {
                field(j, sd, "admin", "jan.nowak@example.org");
                field(j, sd, "key", "blur.kernel");
                number(j, sd, "value_before", "15");
                number(j, sd, "value_after", "17");
            }
            default -> throw new IllegalStateException(type);
        }
        j.append('}');
        String syslog = "<134>1 " + ts + " " + node + " anonymizer 4242 " + type + " [audit@32473 "
                + String.join(" ", sd) + "] " + type + " recorded";
        return new String[] {j.toString(), syslog};
    }

    private static void field(StringBuilder j, List<String> sd, String name, String value) {
        j.append(",\"")
                .append(name)
                .append("\":\"")
                .append(value.replace("\\", "\\\\").replace("\"", "\\\""))
                .append('"');
        sd.add(name + "=\"" + escape(value) + "\"");
    }

    private static void number(StringBuilder j, List<String> sd, String name, String value) {
        j.append(",\"").append(name).append("\":").append(value);
        sd.add(name + "=\"" + value + "\"");
    }

    /** RFC 5424 PARAM-VALUE escaping. */
    private static String escape(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("]", "\\]");
    }

    private String toSyslog(String json, String type, String ts, String id, String extra) {
        return "<134>1 " + ts + " " + node + " anonymizer 4242 " + type + " [audit@32473 event_id=\"" + id + "\" "
                + extra + " user=\"anna.kowalska@example.com\" detections=\"" + escape("[{\"x\":1}]") + "\"] review";
    }

    private String tooLong() {
        StringBuilder b = new StringBuilder((1 << 20) + 512);
        b.append("{\"ts\":\"")
                .append(nextTs())
                .append("\",\"type\":\"task.created\",\"event_id\":\"")
                .append(uuid())
                .append("\",\"node\":\"")
                .append(node)
                .append("\",\"thumbnail\":\"/9j/4AAQSkZJRgABAQ");
        while (b.length() < (1 << 20) + 100) {
            b.append("QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVo");
        }
        return b.append("\"}").toString();
    }

    private String nextTs() {
        long millis = seqInNode * 10 + index * 1500L + random.nextInt(3);
        return TS.format(options.start().plusMillis(millis));
    }

    private String uuid() {
        long msb = (random.nextLong() & ~0xF000L) | 0x4000L;
        long lsb = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(msb, lsb).toString();
    }

    private String hex64() {
        StringBuilder b = new StringBuilder(64);
        for (int i = 0; i < 4; i++) {
            b.append(String.format("%016x", random.nextLong()));
        }
        return b.toString();
    }

    private void line(OutputStream out, String line) throws IOException {
        out.write(line.getBytes(StandardCharsets.UTF_8));
        end(out);
    }

    /** LF, and now and then CRLF, as a Windows-built component would write. */
    private void end(OutputStream out) throws IOException {
        if (options.dirty() && random.nextInt(20) == 0) {
            out.write('\r');
        }
        out.write('\n');
    }
}
