/** Strict JSON parsing and RFC 8785 canonical serialization: the byte form every hash in Vellum is computed over. */
package org.vellum.canonical;
