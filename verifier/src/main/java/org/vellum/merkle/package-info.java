/**
 * RFC 9162 Merkle trees over the ledger's leaf hashes: roots (in memory or streamed), inclusion and consistency proofs,
 * and their verification, which needs nothing but this package and SHA-256.
 */
package org.vellum.merkle;
