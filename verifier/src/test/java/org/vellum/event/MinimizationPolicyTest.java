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
        assertEquals("3", MinimizationPolicy.VERSION);
        assertEquals("ca692ff9f3fe1f1b5a1b28d88820903182e472589044c50fb22f4c25b95c3110", MinimizationPolicy.sha256());
    }
}
