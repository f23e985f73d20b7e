package org.vellum.ledger;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The ledger's hash functions (docs/FORMAT.md, "Hashes"): SHA-256 throughout, domain-separated leaves as RFC 9162
 * does. The JDK's digest is used on purpose: it uses the CPU's SHA instructions.
 */
public final class Hashes {
    public static final int LENGTH = 32;
    private static final byte LEAF_PREFIX = 0x00;
    private static final HexFormat HEX = HexFormat.of();

    private Hashes() {}

    public static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    public static byte[] sha256(byte[] data) {
        return sha256().digest(data);
    }

    /** {@code leaf_hash = SHA-256(0x00 || salt || canonical)}. */
    /** SHA-256 of a file's content, read as a stream. */
    public static byte[] sha256(java.nio.file.Path file) throws java.io.IOException {
        MessageDigest md = sha256();
        try (java.io.InputStream in =
                new java.security.DigestInputStream(java.nio.file.Files.newInputStream(file), md)) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
        }
        return md.digest();
    }

    public static byte[] leaf(MessageDigest md, byte[] salt, byte[] canonical) {
        md.reset();
        md.update(LEAF_PREFIX);
        md.update(salt);
        md.update(canonical);
        return md.digest();
    }

    /** {@code chain_hash(n) = SHA-256(chain_hash(n-1) || leaf_hash(n))}. */
    public static byte[] chain(MessageDigest md, byte[] previousChain, byte[] leaf) {
        md.reset();
        md.update(previousChain);
        md.update(leaf);
        return md.digest();
    }

    public static String hex(byte[] bytes) {
        return HEX.formatHex(bytes);
    }

    /** Parses lower- or upper-case hex of exactly {@code length} bytes. */
    public static byte[] fromHex(String hex, int length) {
        if (hex == null || hex.length() != 2 * length) {
            throw new IllegalArgumentException("expected " + length + " bytes of hex");
        }
        return HEX.parseHex(hex);
    }
}
