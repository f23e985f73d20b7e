/** The artifacts of the job {@code nightly-archive}: collect the platform's logs into the ledger, then re-verify. */
package org.vellum.jobs.nightly;
