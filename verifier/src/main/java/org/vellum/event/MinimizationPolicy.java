package org.vellum.event;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.vellum.canonical.CanonicalJson;

/**
 * The minimization policy as a published document: the allow-list of every type, which fields are identities and free
 * text, and the redaction patterns. Its SHA-256 over the canonical form identifies exactly which rules produced an
 * entry; {@link #VERSION} changes whenever the document does.
 */
public final class MinimizationPolicy {
    /** Bumped with every change of the rules; {@code MinimizationPolicyTest} pins the matching digest. */
    public static final String VERSION = "4";

    private static final Map<String, Object> DOCUMENT = buildDocument();
    private static final byte[] CANONICAL = CanonicalJson.bytes(DOCUMENT);
    private static final String SHA256 = sha256Hex(CANONICAL);

    private MinimizationPolicy() {}

    /** The policy document as a JSON object. */
    public static Map<String, Object> document() {
        return DOCUMENT;
    }

    /** The canonical bytes of the policy document. */
    public static byte[] canonicalBytes() {
        return CANONICAL.clone();
    }

    /** SHA-256 of {@link #canonicalBytes()}, lower-case hex. */
    public static String sha256() {
        return SHA256;
    }

    private static Map<String, Object> buildDocument() {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("policy", "vellum-minimization");
        doc.put("version", VERSION);
        doc.put("envelope", describe(EventType.ENVELOPE));
        Map<String, Object> types = new LinkedHashMap<>();
        for (EventType type : EventType.values()) {
            types.put(type.typeName(), describe(type.fields()));
        }
        doc.put("types", types);
        doc.put(
                "unknown_type",
                Map.of(
                        "pattern",
                        EventType.UNKNOWN_TYPE_PATTERN.pattern(),
                        "kept",
                        describe(EventType.UNKNOWN_TYPE_EXTRAS)));
        doc.put(
                "identity",
                "e-mail addresses replaced by " + HmacPseudonymizer.PREFIX
                        + "hex(HMAC-SHA-256(appliance secret, \"vellum-pseudonym-v1:\" + lower-case address))[0..16 bytes]");
        doc.put("free_text", Map.of("mark", FreeTextRedactor.MARK, "patterns", FreeTextRedactor.patterns()));
        doc.put(
                "limits",
                Map.of(
                        "text", EventNormalizer.MAX_TEXT,
                        "identity", EventNormalizer.MAX_IDENTITY,
                        "free_text", EventNormalizer.MAX_FREE_TEXT,
                        "scalar_text", EventNormalizer.MAX_SCALAR_TEXT));
        return doc;
    }

    private static Map<String, Object> describe(List<FieldSpec> fields) {
        Map<String, Object> d = new LinkedHashMap<>();
        fields.forEach(f -> d.put(f.name(), f.describe()));
        return d;
    }

    private static String sha256Hex(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
