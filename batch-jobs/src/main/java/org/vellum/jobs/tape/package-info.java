/** The {@code tape-export} job's step (docs/tape.md). */
package org.vellum.jobs.tape;
