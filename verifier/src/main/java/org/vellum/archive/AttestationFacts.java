package org.vellum.archive;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.vellum.canonical.CanonicalJson;
import org.vellum.canonical.Json;
import org.vellum.ledger.Hashes;

/**
 * {@code attestation.json}, embedded in the attestation PDF beside the archive's manifest: which archive the
 * attestation describes, for machines (docs/FORMAT.md §9.5). The page says the same for people.
 */
public record AttestationFacts(
        String applianceId,
        long sealNumber,
        String archiveName,
        long archiveSize,
        byte[] archiveSha256,
        byte[] manifestSha256,
        byte[] summarySha256) {
    public static final String FORMAT = "vellum-attestation/1";

    public byte[] canonicalBytes() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("format", FORMAT);
        json.put("appliance_id", applianceId);
        json.put("seal_number", sealNumber);
        json.put("archive_name", archiveName);
        json.put("archive_size", archiveSize);
        json.put("archive_sha256", Hashes.hex(archiveSha256));
        json.put("manifest_sha256", Hashes.hex(manifestSha256));
        json.put("summary_sha256", Hashes.hex(summarySha256));
        return CanonicalJson.bytes(json);
    }

    public static AttestationFacts parse(byte[] bytes) {
        try {
            Map<String, Object> json = Json.parseObject(new String(bytes, StandardCharsets.UTF_8));
            if (!FORMAT.equals(json.get("format"))) {
                throw new IllegalArgumentException("not " + FORMAT);
            }
            return new AttestationFacts(
                    (String) json.get("appliance_id"),
                    ((BigDecimal) json.get("seal_number")).longValueExact(),
                    (String) json.get("archive_name"),
                    ((BigDecimal) json.get("archive_size")).longValueExact(),
                    Hashes.fromHex((String) json.get("archive_sha256"), Hashes.LENGTH),
                    Hashes.fromHex((String) json.get("manifest_sha256"), Hashes.LENGTH),
                    Hashes.fromHex((String) json.get("summary_sha256"), Hashes.LENGTH));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("attestation.json cannot be read: " + e.getMessage(), e);
        }
    }
}
