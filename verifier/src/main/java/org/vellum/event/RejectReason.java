package org.vellum.event;

/** Why an input that looked like an audit event was not appended. The codes are stable: they name quarantine reasons. */
public enum RejectReason {
    INVALID_JSON("invalid-json"),
    INVALID_UTF8("invalid-utf8"),
    /** A syslog message carrying the audit structured data whose header or structured data is malformed. */
    INVALID_SYSLOG("invalid-syslog"),
    LINE_TOO_LONG("line-too-long"),
    MISSING_FIELD("missing-field"),
    BAD_FIELD_TYPE("bad-field-type"),
    TIMESTAMP_WITHOUT_OFFSET("timestamp-without-offset"),
    /** A type only the appliance itself records (retention.*, storage.*), sent by a producer. */
    RESERVED_TYPE("reserved-type");

    private final String code;

    RejectReason(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }
}
