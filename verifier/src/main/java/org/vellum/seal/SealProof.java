package org.vellum.seal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.vellum.canonical.CanonicalJson;
import org.vellum.canonical.Json;
import org.vellum.canonical.JsonException;
import org.vellum.ledger.Hashes;
import org.vellum.ledger.LedgerEntry;
import org.vellum.ledger.LedgerExport;
import org.vellum.merkle.MerkleProofException;
import org.vellum.merkle.MerkleProofs;

/**
 * The proof that one event is in the ledger (docs/FORMAT.md §8.5): the entry as the export gives it (body, salt,
 * hashes), its RFC 9162 audit path to its seal's Merkle root, and the seal with its signature and time-stamp. Leaves
 * are salted, so the path's hashes say nothing about the other entries.
 */
public record SealProof(LedgerEntry entry, long leafIndex, List<byte[]> auditPath, Seal seal, byte[] signature) {
    public static final String FORMAT = "vellum-proof/1";

    public SealProof {
        auditPath = List.copyOf(auditPath);
    }

    public Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("format", FORMAT);
        json.put("entry", Json.parseObject(LedgerExport.line(entry)));
        json.put("leaf_index", leafIndex);
        json.put("tree_size", seal.treeSize());
        json.put("audit_path", auditPath.stream().map(Hashes::hex).toList());
        json.put("seal", seal.toJson());
        json.put("signature", Base64.getEncoder().encodeToString(signature));
        return json;
    }

    public String text() {
        return CanonicalJson.string(toJson());
    }

    @SuppressWarnings("unchecked")
    public static SealProof parse(String text) throws SealException {
        try {
            Map<String, Object> json = Json.parseObject(text);
            if (!FORMAT.equals(json.get("format"))) {
                throw new IllegalArgumentException("format must be " + FORMAT);
            }
            List<byte[]> path = new ArrayList<>();
            for (Object h : (List<Object>) json.get("audit_path")) {
                path.add(Hashes.fromHex((String) h, Hashes.LENGTH));
            }
            return new SealProof(
                    LedgerExport.parseEntry(CanonicalJson.string(json.get("entry"))),
                    ((java.math.BigDecimal) json.get("leaf_index")).longValueExact(),
                    path,
                    Seal.fromJson((Map<String, Object>) json.get("seal")),
                    Base64.getDecoder().decode((String) json.get("signature")));
        } catch (JsonException
                | IllegalArgumentException
                | ClassCastException
                | NullPointerException
                | ArithmeticException e) {
            throw new SealException(SealFailure.MALFORMED, "not a proof: " + e.getMessage(), e);
        }
    }

    /** Checks the entry's own hash, its path to the seal's root, and the seal's signature and time-stamp. */
    public SealSignature.Verified verify(TrustAnchors trust) throws SealException {
        byte[] leaf = Hashes.leaf(Hashes.sha256(), entry.salt(), entry.canonical());
        if (!Arrays.equals(leaf, entry.leafHash())) {
            throw new SealException(
                    SealFailure.PROOF_INVALID, "entry " + entry.seq() + "'s body and salt do not give its leaf_hash");
        }
        if (entry.seq() < seal.firstSeq()
                || entry.seq() > seal.lastSeq()
                || leafIndex != entry.seq() - seal.firstSeq()) {
            throw new SealException(
                    SealFailure.PROOF_INVALID, "entry " + entry.seq() + " is not leaf " + leafIndex + " of " + seal);
        }
        try {
            MerkleProofs.verifyInclusion(leafIndex, seal.treeSize(), leaf, auditPath, seal.merkleRoot());
        } catch (MerkleProofException e) {
            throw new SealException(
                    SealFailure.PROOF_INVALID,
                    "entry " + entry.seq() + " is not in " + seal + ": " + e.failure() + ", " + e.getMessage());
        }
        return SealSignature.verify(seal.canonicalBytes(), signature, trust);
    }
}
