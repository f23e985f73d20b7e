/**
 * The appliance's ledger: one sequencer assigns {@code seq} and chain hashes, a group-committed journal makes each
 * append durable before its receipt, and the database indexes what the journal holds.
 */
package org.vellum.ledger;
