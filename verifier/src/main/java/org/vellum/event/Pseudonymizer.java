package org.vellum.event;

/** Maps an e-mail identity to a stable pseudonym, so that the same person is recognizable without being named. */
@FunctionalInterface
public interface Pseudonymizer {
    /** The pseudonym of an identity; the same input always gives the same output under the same secret. */
    String pseudonym(String identity);
}
