package org.vellum.archive;

/** Why an archive or its attestation does not hold; {@code vellum-verify archive} prints the name. */
public enum ArchiveFailure {
    /** Not an ASiC-E container: not a ZIP, or {@code mimetype} is not the first member, stored, without extra field. */
    NOT_ASIC,
    /** A member the manifest lists, or the format requires, is absent. */
    MEMBER_MISSING,
    /** A member is present that the manifest does not list. */
    MEMBER_UNLISTED,
    /** Two members have the same name. */
    MEMBER_DUPLICATED,
    /** A member cannot be read back (bad compressed data or CRC). */
    MEMBER_CORRUPT,
    /** A member is readable but not what the format says it is. */
    MEMBER_MALFORMED,
    /** A member's SHA-256 is not the one the manifest lists. */
    DIGEST_MISMATCH,
    /** The ASiC manifest cannot be read. */
    MANIFEST_INVALID,
    /** The container's CAdES signature over the manifest, or its time-stamp, does not hold. */
    SIGNATURE_INVALID,
    /** The seal's own signature, or its time-stamp, does not hold. */
    SEAL_INVALID,
    /** {@code archive.json} describes another seal, appliance or range than the seal it carries. */
    SEAL_MISMATCH,
    /** The previous seal carried is not the one the seal names, or the period does not start where it ended. */
    PREVIOUS_SEAL_MISMATCH,
    /** An entry's body or salt does not give its leaf hash. */
    ENTRY_CHANGED,
    /** An entry of the period is absent. */
    ENTRY_MISSING,
    /** Entries are out of seq order. */
    ENTRY_REORDERED,
    /** An entry that does not belong to the chain was added. */
    ENTRY_INSERTED,
    /** A line of a part is not an entry. */
    ENTRY_MALFORMED,
    /** Two entries hold the same event id. */
    ENTRY_DUPLICATE,
    /** The recomputed chain does not end at the seal's chain hash. */
    CHAIN_MISMATCH,
    /** The Merkle root recomputed over the entries is not the seal's. */
    MERKLE_ROOT_MISMATCH,
    /** {@code summary.json}, or the seal's counts, differ from the counts recomputed over the entries. */
    SUMMARY_MISMATCH,
    /** {@code policy.json} names another minimization policy than the seal. */
    POLICY_MISMATCH,
    /** The attestation is not a PDF signed once with a valid PAdES-BASELINE-T signature. */
    ATTESTATION_INVALID,
    /** Bytes were added to the attestation after it was signed (an incremental update). */
    ATTESTATION_MODIFIED,
    /** The attestation describes another archive. */
    ATTESTATION_MISMATCH
}
