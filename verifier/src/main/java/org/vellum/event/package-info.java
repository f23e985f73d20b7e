/**
 * The audit event model of the anonymization platform (producer spec section 2) and the minimization policy (section 5)
 * that turns a raw event into the canonical, personal-data-free form the ledger stores.
 */
package org.vellum.event;
