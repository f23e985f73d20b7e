/** The signed archive (ETSI ASiC-E) and its PDF attestation, as docs/FORMAT.md §9 describes them, and their checks. */
package org.vellum.archive;
