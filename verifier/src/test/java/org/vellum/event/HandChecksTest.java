package org.vellum.event;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The hand-written checks the normalizer uses instead of regexes agree with the regexes they replace. */
class HandChecksTest {
    private static final Pattern UUID =
            Pattern.compile("^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$");
    private static final Pattern SHA256 = Pattern.compile("^[0-9a-fA-F]{64}$");
    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");
    private static final String ALPHABET = "0af9AFgG-@. \t\u2003\uff10xé.@";

    @Test
    void agreeOnRandomAndCraftedStrings() {
        SplittableRandom random = new SplittableRandom(1);
        String[] crafted = {
            "0b6c1e2a-1111-4222-8333-944455556666",
            "0B6C1E2A-1111-4222-8333-944455556666",
            "0b6c1e2a-1111-4222-8333-94445555666g",
            "0b6c1e2a11111-4222-8333-944455556666",
            "a@b.c",
            "a@b.c.",
            "a@.bc",
            "@b.c",
            "a@b",
            "a@@b.c",
            "a b@c.d",
            "a@b.c\u2003",
            "anna.kowalska@example.com",
            "a".repeat(64),
            "f".repeat(64),
            "F".repeat(63),
            "\uff10".repeat(64)
        };
        for (String s : crafted) {
            check(s);
        }
        for (int i = 0; i < 200_000; i++) {
            int length = random.nextInt(3) == 0 ? 36 : random.nextInt(12);
            StringBuilder b = new StringBuilder();
            for (int k = 0; k < length; k++) {
                b.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
            }
            check(b.toString());
        }
    }

    private static void check(String s) {
        assertEquals(UUID.matcher(s).matches(), EventNormalizer.isUuid(s), () -> "uuid: " + s);
        assertEquals(SHA256.matcher(s).matches(), EventNormalizer.isHex(s, 64), () -> "sha256: " + s);
        assertEquals(EMAIL.matcher(s).matches(), EventNormalizer.isEmail(s), () -> "email: " + s);
    }
}
