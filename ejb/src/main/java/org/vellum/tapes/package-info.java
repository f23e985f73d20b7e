/**
 * Tape export in the server (docs/tape.md): the {@code tape-export} job's work, on the cartridges of module
 * {@code tape-export}, with the catalog of every cartridge kept in the database.
 */
package org.vellum.tapes;
