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
        assertEquals("d5f1241f881c61e782d267fd86d5aa174392714e404af0cf3a0a43b71518ba29", MinimizationPolicy.sha256());
    }
}
