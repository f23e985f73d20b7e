/** Seals: signed, time-stamped commitments to each period of the ledger, and the proofs that rest on them. */
package org.vellum.seal;
