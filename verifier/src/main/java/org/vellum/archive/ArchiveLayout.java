package org.vellum.archive;

import java.util.Locale;

/** Member names and media types of a Vellum archive (docs/FORMAT.md §9.1). */
public final class ArchiveLayout {
    /** The archive's own format, named in {@code archive.json}. */
    public static final String FORMAT = "vellum-archive/1";

    /** The ASiC-E container's media type: the {@code mimetype} member's content and the download's type. */
    public static final String MIMETYPE = "application/vnd.etsi.asic-e+zip";

    public static final String MIMETYPE_MEMBER = "mimetype";
    public static final String MANIFEST = "META-INF/ASiCManifest.xml";
    public static final String SIGNATURE = "META-INF/signature.p7s";
    public static final String ARCHIVE_JSON = "archive.json";
    public static final String SUMMARY = "summary.json";
    public static final String POLICY = "policy.json";
    public static final String SEAL = "seal/seal.json";
    public static final String SEAL_SIGNATURE = "seal/seal.p7s";
    public static final String PREVIOUS_SEAL = "seal/previous-seal.json";
    public static final String ENTRIES_FOLDER = "entries/";

    public static final String JSON = "application/json";
    public static final String JSON_LINES = "application/x-ndjson";
    public static final String PKCS7 = "application/pkcs7-signature";
    public static final String SEAL_JSON = "application/vnd.vellum.seal+json";

    /** The attestation's embedded machine-readable facts, beside the embedded manifest. */
    public static final String ATTESTATION_FACTS = "attestation.json";

    private ArchiveLayout() {}

    /** The name of the {@code n}-th part (1-based) of the period's entries. */
    public static String part(int n) {
        return String.format(Locale.ROOT, "%spart-%06d.jsonl", ENTRIES_FOLDER, n);
    }

    /** The file name an archive of seal {@code n} is stored and downloaded under. */
    public static String fileName(String applianceId, long sealNumber) {
        return String.format(Locale.ROOT, "vellum-%s-seal-%06d.asice", safe(applianceId), sealNumber);
    }

    /** The file name of the attestation of seal {@code n}'s archive. */
    public static String attestationFileName(String applianceId, long sealNumber) {
        return String.format(Locale.ROOT, "vellum-%s-seal-%06d.pdf", safe(applianceId), sealNumber);
    }

    private static String safe(String id) {
        return id.replaceAll("[^A-Za-z0-9._-]", "_");
    }

    /** The media type a member is listed under in the manifest. */
    public static String mediaType(String member) {
        if (member.startsWith(ENTRIES_FOLDER)) {
            return JSON_LINES;
        }
        if (member.equals(SEAL) || member.equals(PREVIOUS_SEAL)) {
            return SEAL_JSON;
        }
        if (member.endsWith(".p7s")) {
            return PKCS7;
        }
        return JSON;
    }
}
