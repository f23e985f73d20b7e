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
        assertEquals("4", MinimizationPolicy.VERSION);
        assertEquals("76504cd2b5dc4ea7b621e9cfc89bbb4f5ab6f6999b268c9a20f2342f413eeb6f", MinimizationPolicy.sha256());
    }
}
