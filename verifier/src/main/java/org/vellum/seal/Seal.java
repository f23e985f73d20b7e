package org.vellum.seal;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.vellum.canonical.CanonicalJson;
import org.vellum.canonical.Json;
import org.vellum.canonical.JsonException;
import org.vellum.event.Instants;
import org.vellum.ledger.Hashes;

/**
 * A seal: the signed commitment to the ledger entries appended in one period (docs/FORMAT.md §8). Its canonical JSON
 * (RFC 8785) is exactly what the CMS signature covers.
 *
 * @param number 1, 2, 3, ... without gaps
 * @param sealedAt the appliance's clock when the seal was made; the end of its period
 * @param periodFrom the previous seal's {@code sealedAt}, or the genesis time for seal 1
 * @param firstSeq the first entry covered; {@code lastSeq + 1} when the period is empty
 * @param lastSeq the last entry covered (the ledger's head when sealed)
 * @param merkleRoot the RFC 9162 root over the period's leaf hashes, {@code lastSeq - firstSeq + 1} leaves
 * @param ledgerRoot the RFC 9162 root over all leaf hashes from seq 1 to {@code lastSeq}
 * @param chainHash {@code chain_hash(lastSeq)}
 * @param previousSeal SHA-256 of the previous seal's canonical bytes; for seal 1, {@code chain_hash(0)}
 * @param newestReceivedAt the newest {@code received_at} among the entries covered, or null when there are none
 * @param accounting counts only: entries by event type and, when a nightly run made the seal, the run's accounting
 * @param trigger what made the seal: {@code nightly-archive} or {@code on-demand}
 */
public record Seal(
        String applianceId,
        long number,
        Instant sealedAt,
        Instant periodFrom,
        long firstSeq,
        long lastSeq,
        byte[] merkleRoot,
        byte[] ledgerRoot,
        byte[] chainHash,
        byte[] previousSeal,
        Instant newestReceivedAt,
        Map<String, Object> accounting,
        String policyVersion,
        String policySha256,
        String trigger) {
    public static final String FORMAT = "vellum-seal/1";
    public static final String MEDIA_TYPE = "application/vnd.vellum.seal+json";

    public Seal {
        Objects.requireNonNull(applianceId, "appliance_id");
        Objects.requireNonNull(sealedAt, "sealed_at");
        Objects.requireNonNull(periodFrom, "period.from");
        Objects.requireNonNull(policyVersion, "policy.version");
        Objects.requireNonNull(policySha256, "policy.sha256");
        Objects.requireNonNull(trigger, "trigger");
        if (number < 1) {
            throw new IllegalArgumentException("seal numbers start at 1");
        }
        if (firstSeq < 1 || lastSeq < firstSeq - 1) {
            throw new IllegalArgumentException("a seal covers seq " + firstSeq + " to " + lastSeq);
        }
        for (byte[] hash : new byte[][] {merkleRoot, ledgerRoot, chainHash, previousSeal}) {
            if (hash == null || hash.length != Hashes.LENGTH) {
                throw new IllegalArgumentException("a seal's hashes have " + Hashes.LENGTH + " bytes");
            }
        }
        accounting = Collections.unmodifiableMap(new TreeMap<>(accounting));
    }

    /** The number of entries covered, the period tree's size. */
    public long treeSize() {
        return lastSeq - firstSeq + 1;
    }

    public Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("format", FORMAT);
        json.put("appliance_id", applianceId);
        json.put("seal_number", number);
        json.put("sealed_at", Instants.format(sealedAt));
        json.put("period", Map.of("from", Instants.format(periodFrom), "to", Instants.format(sealedAt)));
        json.put("first_seq", firstSeq);
        json.put("last_seq", lastSeq);
        json.put("tree_size", treeSize());
        json.put("merkle_root", Hashes.hex(merkleRoot));
        json.put("ledger_tree_size", lastSeq);
        json.put("ledger_root", Hashes.hex(ledgerRoot));
        json.put("chain_hash", Hashes.hex(chainHash));
        json.put("previous_seal", Hashes.hex(previousSeal));
        json.put("newest_received_at", newestReceivedAt == null ? null : Instants.format(newestReceivedAt));
        json.put("accounting", accounting);
        json.put("policy", Map.of("version", policyVersion, "sha256", policySha256));
        json.put("trigger", trigger);
        return json;
    }

    /** The bytes the signature covers, and that {@code GET /seals/{n}} returns. */
    public byte[] canonicalBytes() {
        return CanonicalJson.bytes(toJson());
    }

    /** SHA-256 of {@link #canonicalBytes()}: what the next seal's {@code previous_seal} holds. */
    public byte[] sha256() {
        return Hashes.sha256(canonicalBytes());
    }

    /** Parses a seal, checking its format and that the derived sizes agree; {@link IllegalArgumentException} if not. */
    public static Seal parse(byte[] bytes) {
        try {
            return fromJson(Json.parseObject(new String(bytes, java.nio.charset.StandardCharsets.UTF_8)));
        } catch (JsonException | ClassCastException | ArithmeticException | NullPointerException e) {
            throw new IllegalArgumentException("not a seal: " + e.getMessage(), e);
        }
    }

    @SuppressWarnings("unchecked")
    public static Seal fromJson(Map<String, Object> json) {
        if (!FORMAT.equals(json.get("format"))) {
            throw new IllegalArgumentException("a seal's format must be " + FORMAT);
        }
        Map<String, Object> period = (Map<String, Object>) json.get("period");
        Map<String, Object> policy = (Map<String, Object>) json.get("policy");
        Object newest = json.get("newest_received_at");
        Seal seal = new Seal(
                (String) json.get("appliance_id"),
                number(json, "seal_number"),
                Instants.parse((String) json.get("sealed_at")),
                Instants.parse((String) period.get("from")),
                number(json, "first_seq"),
                number(json, "last_seq"),
                hash(json, "merkle_root"),
                hash(json, "ledger_root"),
                hash(json, "chain_hash"),
                hash(json, "previous_seal"),
                newest instanceof String s ? Instants.parse(s) : null,
                (Map<String, Object>) json.get("accounting"),
                (String) policy.get("version"),
                (String) policy.get("sha256"),
                (String) json.get("trigger"));
        if (number(json, "tree_size") != seal.treeSize()
                || number(json, "ledger_tree_size") != seal.lastSeq()
                || !Instants.parse((String) period.get("to")).equals(seal.sealedAt())) {
            throw new IllegalArgumentException("seal " + seal.number() + " contradicts itself (sizes or period)");
        }
        return seal;
    }

    private static long number(Map<String, Object> json, String name) {
        if (!(json.get(name) instanceof BigDecimal n)) {
            throw new IllegalArgumentException("a seal's " + name + " must be a number");
        }
        return n.longValueExact();
    }

    private static byte[] hash(Map<String, Object> json, String name) {
        if (!(json.get(name) instanceof String s)) {
            throw new IllegalArgumentException("a seal's " + name + " must be a hex string");
        }
        return Hashes.fromHex(s, Hashes.LENGTH);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Seal other && java.util.Arrays.equals(canonicalBytes(), other.canonicalBytes());
    }

    @Override
    public int hashCode() {
        return java.util.Arrays.hashCode(sha256());
    }

    @Override
    public String toString() {
        return "seal " + number + " (seq " + firstSeq + " to " + lastSeq + ")";
    }
}
