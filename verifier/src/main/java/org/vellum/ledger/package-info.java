/** The hash-chained ledger as published: entry bodies, leaf and chain hashes, the genesis record and the export. */
package org.vellum.ledger;
