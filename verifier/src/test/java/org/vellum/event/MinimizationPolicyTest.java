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
        assertEquals("2", MinimizationPolicy.VERSION);
        assertEquals("a09a3befc28c30273c77fe953dc25d20d81634af1834c62aa4badebb018c8981", MinimizationPolicy.sha256());
    }
}
