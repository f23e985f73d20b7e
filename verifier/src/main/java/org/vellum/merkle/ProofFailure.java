package org.vellum.merkle;

/** Why a Merkle proof does not hold; {@code vellum-verify} prints the name. */
public enum ProofFailure {
    /** A hash is not 32 bytes. */
    MALFORMED_HASH,
    /** The leaf index is not inside the tree, or the tree sizes are out of order. */
    OUT_OF_RANGE,
    /** The sizes leave nothing to prove from (an empty first tree). */
    EMPTY_TREE,
    /** The proof has fewer or more hashes than the sizes call for. */
    WRONG_PROOF_LENGTH,
    /** The hashes recomputed from the proof do not give the root(s) claimed. */
    ROOT_MISMATCH
}
