package org.vellum.event;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Keyed pseudonyms: {@code "ps:" + hex(first 16 bytes of HMAC-SHA-256(secret, "vellum-pseudonym-v1:" + lower-case
 * identity))}. Without the secret a pseudonym cannot be linked back to an address by guessing addresses.
 */
public final class HmacPseudonymizer implements Pseudonymizer {
    public static final String PREFIX = "ps:";
    private static final String ALGORITHM = "HmacSHA256";
    private static final byte[] DOMAIN = "vellum-pseudonym-v1:".getBytes(StandardCharsets.US_ASCII);

    private final ThreadLocal<Mac> macs;

    public HmacPseudonymizer(byte[] secret) {
        if (secret.length < 32) {
            throw new IllegalArgumentException("a pseudonym secret needs at least 32 bytes");
        }
        SecretKeySpec key = new SecretKeySpec(secret.clone(), ALGORITHM);
        this.macs = ThreadLocal.withInitial(() -> {
            try {
                Mac mac = Mac.getInstance(ALGORITHM);
                mac.init(key);
                return mac;
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("HMAC-SHA-256 is not available", e);
            }
        });
    }

    @Override
    public String pseudonym(String identity) {
        Mac mac = macs.get();
        mac.update(DOMAIN);
        byte[] tag = mac.doFinal(identity.trim().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8));
        return PREFIX + HexFormat.of().formatHex(tag, 0, 16);
    }
}
