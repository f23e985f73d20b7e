package org.vellum.event;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class MinimizationPolicyTest {

    /**
     * The digest identifies the rules in every seal. When this fails, the rules changed: bump {@link
     * MinimizationPolicy#VERSION} and pin the new digest, so that old and new entries are told apart.
     */
    @Test
    void digestIsPinnedToTheVersion() {
        assertEquals("1", MinimizationPolicy.VERSION);
        assertEquals("d0a564879f178874878a7c3c988cf1b367df8e3c56d45923ca719b318621aa57", MinimizationPolicy.sha256());
    }
}
