/**
 * Packaging: the signed ASiC-E archive of each seal's period (docs/FORMAT.md §9), kept with its attestation in the
 * archive folder and the {@code archive} table.
 */
package org.vellum.archive;
