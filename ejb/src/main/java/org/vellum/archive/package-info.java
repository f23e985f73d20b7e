/**
 * Packaging: the signed ASiC-E archive of each seal's period and its signed PDF/A-3 attestation (docs/FORMAT.md §9),
 * kept in the archive folder and the {@code archive} table.
 */
package org.vellum.archive;
