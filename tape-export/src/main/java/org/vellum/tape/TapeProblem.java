package org.vellum.tape;

/**
 * One thing read-back verification found wrong.
 *
 * @param tapeFile the tape file concerned (0 is the label), or -1
 */
public record TapeProblem(Kind kind, int tapeFile, String member, String detail) {
    public enum Kind {
        /** The label names another cartridge or appliance, or there is none. */
        WRONG_CARTRIDGE,
        /** A tape file cannot be read as a tar, or a record is damaged. */
        UNREADABLE,
        /** A member's SHA-256 is not the catalog's. */
        DIGEST_MISMATCH,
        /** The catalog lists a member that the tape file lacks, or the tape file has one it does not list. */
        MEMBER_MISMATCH,
        /** No catalog at the end of the written data. */
        CATALOG_MISSING
    }

    @Override
    public String toString() {
        return kind + (tapeFile >= 0 ? ": tape file " + tapeFile : "") + (member != null ? ", " + member : "") + ": "
                + detail;
    }
}
