package org.vellum.merkle;

/** A Merkle proof that does not hold, with the reason. */
public final class MerkleProofException extends Exception {
    private static final long serialVersionUID = 1L;

    private final ProofFailure failure;

    public MerkleProofException(ProofFailure failure, String message) {
        super(failure + ": " + message, null, false, false);
        this.failure = failure;
    }

    public ProofFailure failure() {
        return failure;
    }
}
