package org.vellum.ledger;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.vellum.canonical.CanonicalJson;
import org.vellum.event.Instants;

/**
 * The record the chain starts from: {@code chain_hash(0) = SHA-256(JCS(genesis))}. Binding the appliance id and the
 * creation time makes every chain unique, so that two appliances' ledgers cannot be spliced together.
 */
public record Genesis(String applianceId, Instant createdAt) {
    public static final String FORMAT = "vellum-ledger/1";

    public Genesis {
        Objects.requireNonNull(applianceId);
        Objects.requireNonNull(createdAt);
    }

    public Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("format", FORMAT);
        json.put("appliance_id", applianceId);
        json.put("created_at", Instants.format(createdAt));
        return json;
    }

    public static Genesis fromJson(Map<String, Object> json) {
        if (!FORMAT.equals(json.get("format"))) {
            throw new IllegalArgumentException("genesis format must be " + FORMAT);
        }
        return new Genesis((String) json.get("appliance_id"), Instants.parse((String) json.get("created_at")));
    }

    public byte[] canonicalBytes() {
        return CanonicalJson.bytes(toJson());
    }

    /** {@code chain_hash(0)}. */
    public byte[] chainHash() {
        return Hashes.sha256(canonicalBytes());
    }
}
