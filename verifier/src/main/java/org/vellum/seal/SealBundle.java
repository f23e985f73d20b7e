package org.vellum.seal;

import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.vellum.canonical.CanonicalJson;
import org.vellum.canonical.Json;
import org.vellum.canonical.JsonException;
import org.vellum.ledger.Hashes;

/**
 * One line of the seals export (docs/FORMAT.md §8.4): a seal, its detached CMS signature, and the RFC 9162
 * consistency proof from the previous seal's ledger-wide tree to this seal's.
 */
public record SealBundle(Seal seal, byte[] signature, List<byte[]> consistency) {
    public SealBundle {
        consistency = List.copyOf(consistency);
    }

    public Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("seal", seal.toJson());
        json.put("signature", Base64.getEncoder().encodeToString(signature));
        json.put("consistency", consistency.stream().map(Hashes::hex).toList());
        return json;
    }

    public String line() {
        return CanonicalJson.string(toJson());
    }

    /** Parses a line; {@link SealException} with {@link SealFailure#MALFORMED} if it is not a bundle. */
    @SuppressWarnings("unchecked")
    public static SealBundle parse(String line) throws SealException {
        try {
            Map<String, Object> json = Json.parseObject(line);
            List<byte[]> consistency = new ArrayList<>();
            for (Object h : (List<Object>) json.get("consistency")) {
                consistency.add(Hashes.fromHex((String) h, Hashes.LENGTH));
            }
            return new SealBundle(
                    Seal.fromJson((Map<String, Object>) json.get("seal")),
                    Base64.getDecoder().decode((String) json.get("signature")),
                    consistency);
        } catch (JsonException | IllegalArgumentException | ClassCastException | NullPointerException e) {
            throw new SealException(SealFailure.MALFORMED, "not a seal bundle: " + e.getMessage(), e);
        }
    }
}
