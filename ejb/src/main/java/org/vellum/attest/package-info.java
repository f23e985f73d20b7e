/** The PDF/A-3b attestation of an archive, for people, and its PAdES-BASELINE-T signature (docs/FORMAT.md §9.5). */
package org.vellum.attest;
