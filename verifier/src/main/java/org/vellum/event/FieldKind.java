package org.vellum.event;

/** What a field of an audit event must hold, and how minimization treats it. */
public enum FieldKind {
    /** An identifier or short label: a non-empty string of at most 256 characters without control characters. */
    TEXT,
    /** A person or account ({@code user}, {@code admin}, {@code subject}, {@code recipient}): e-mail addresses pseudonymized. */
    IDENTITY,
    /** Free text ({@code reason}, {@code comment}, {@code error}): e-mail, IP addresses and plate-like tokens redacted. */
    FREE_TEXT,
    /** A UUID, stored in lower-case canonical form. */
    UUID,
    /** An ISO-8601 date-time with offset, stored as a UTC instant. */
    INSTANT,
    /** One of a fixed set of strings. */
    ENUM,
    /** A SHA-256 digest as 64 hexadecimal digits, stored in lower case. */
    SHA256,
    /** A non-negative integer. */
    COUNT,
    /** A finite number. */
    NUMBER,
    /** A string, number, boolean or null. */
    SCALAR,
    /** A frame count or a list of frame numbers. */
    FRAMES,
    /** A nested object with its own allow-list. */
    OBJECT
}
