package org.vellum.seal;

/** Why a seal, its signature, its time-stamp, a chain of seals or a proof does not hold; the CLI prints the name. */
public enum SealFailure {
    /** A seal, signature, token or proof cannot be parsed. */
    MALFORMED,
    /** The TSA did not grant the request (status neither granted nor grantedWithMods). */
    TSA_REFUSED,
    /** The time-stamp's message imprint is not the hash of what it should cover. */
    IMPRINT_MISMATCH,
    /** The time-stamp response does not carry the request's nonce. */
    NONCE_MISMATCH,
    /** The time-stamp was issued under another policy than the one asked for. */
    POLICY_MISMATCH,
    /** The TSA certificate is unfit: no critical timeStamping extended key usage, or not the one the token names. */
    TSA_CERTIFICATE_INVALID,
    /** The signer's certificate is not the one its signing-certificate-v2 attribute names, or is unfit to sign. */
    SIGNING_CERTIFICATE_MISMATCH,
    /** A certificate does not chain to a trust anchor (or was not valid, or revoked, at the time-stamp's time). */
    UNTRUSTED,
    /** A signature value does not verify. */
    SIGNATURE_INVALID,
    /** The signed content's digest is not that of the seal's bytes: the seal was changed. */
    CONTENT_MISMATCH,
    /** The signature carries no signature time-stamp. */
    NO_TIMESTAMP,
    /** A seal number is missing from the chain. */
    SEAL_MISSING,
    /** Seals are not in ascending order of their numbers. */
    SEAL_OUT_OF_ORDER,
    /** Two different seals carry the same number: the history was forked. */
    SEALS_FORKED,
    /** A seal's previous_seal is not the hash of the seal before it. */
    SEAL_LINK_BROKEN,
    /** A seal does not start where the previous one ended, or belongs to another appliance. */
    SEQ_GAP,
    /** The ledger-wide trees of two consecutive seals are not consistent: history before the older was rewritten. */
    LEDGER_INCONSISTENT,
    /** The ledger export ends before the last seal's last entry. */
    LEDGER_TRUNCATED,
    /** The ledger export's entries do not give the roots or chain hash a seal committed to. */
    LEDGER_FORKED,
    /** An inclusion proof does not lead from the entry to its seal's root. */
    PROOF_INVALID
}
