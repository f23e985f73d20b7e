package org.vellum.web.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.vellum.problem.VellumException;

/** The body of {@code POST /jobs/{job}}: strings and numbers, numbers as their digits. */
class JobParametersTest {
    private static Map<String, String> parameters(String json) {
        return JobsResource.parameters(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void numbersBecomeTheirDigits() {
        assertEquals(Map.of("itemCount", "100", "glob", "**"), parameters("{\"itemCount\":1e2,\"glob\":\"**\"}"));
    }

    /** Found reviewing the REST bodies: a short literal whose plain form is a billion digits filled the heap. */
    @Test
    void aNumberOfABillionDigitsIsRefusedAtOnce() {
        for (String huge : new String[] {"1e999999999", "1e-999999999", "1" + "0".repeat(65)}) {
            VellumException e = assertTimeoutPreemptively(
                    Duration.ofSeconds(5),
                    () -> assertThrows(VellumException.class, () -> parameters("{\"itemCount\":" + huge + "}")));
            assertEquals("bad-job-parameter", e.code());
        }
    }
}
