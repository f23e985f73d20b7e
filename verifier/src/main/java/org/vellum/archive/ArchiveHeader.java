package org.vellum.archive;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.vellum.canonical.CanonicalJson;
import org.vellum.canonical.Json;
import org.vellum.event.Instants;
import org.vellum.ledger.Genesis;
import org.vellum.ledger.Hashes;
import org.vellum.ledger.LedgerExport;

/**
 * {@code archive.json}: what the archive holds and where (docs/FORMAT.md §9.2). With it the entry parts read as one
 * ledger export (§4) of the seal's period.
 *
 * @param previousChainHash {@code chain_hash(firstSeq - 1)}, where the period's chain starts
 * @param genesis the ledger's genesis record when the period starts at seq 1, else null
 * @param parts the entry parts in seq order; none for an empty period
 */
public record ArchiveHeader(
        String applianceId,
        long sealNumber,
        long firstSeq,
        long lastSeq,
        byte[] previousChainHash,
        Genesis genesis,
        Instant createdAt,
        List<Part> parts) {

    /** One member of entries: its name, the seq range of its lines, and its size in bytes. */
    public record Part(String name, long firstSeq, long lastSeq, long bytes) {
        public long entries() {
            return lastSeq - firstSeq + 1;
        }
    }

    public ArchiveHeader {
        parts = List.copyOf(parts);
    }

    public long entries() {
        return lastSeq - firstSeq + 1;
    }

    public byte[] canonicalBytes() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("format", ArchiveLayout.FORMAT);
        json.put("appliance_id", applianceId);
        json.put("seal_number", sealNumber);
        json.put("first_seq", firstSeq);
        json.put("last_seq", lastSeq);
        json.put("entries", entries());
        json.put("previous_chain_hash", Hashes.hex(previousChainHash));
        if (genesis != null) {
            json.put("genesis", genesis.toJson());
        }
        json.put("created_at", Instants.format(createdAt));
        List<Object> list = new ArrayList<>();
        for (Part p : parts) {
            list.add(Map.of(
                    "name", p.name(),
                    "first_seq", p.firstSeq(),
                    "last_seq", p.lastSeq(),
                    "entries", p.entries(),
                    "bytes", p.bytes()));
        }
        json.put("parts", list);
        return CanonicalJson.bytes(json);
    }

    /** The header line of the ledger export (§4) that the parts continue. */
    public String exportHeader() {
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("format", LedgerExport.FORMAT);
        header.put("appliance_id", applianceId);
        header.put("from", firstSeq);
        header.put("to", lastSeq);
        header.put("previous_chain_hash", Hashes.hex(previousChainHash));
        if (genesis != null) {
            header.put("genesis", genesis.toJson());
        }
        return CanonicalJson.string(header);
    }

    /** The part holding {@code seq}, or null. */
    public Part partOf(long seq) {
        return parts.stream()
                .filter(p -> seq >= p.firstSeq() && seq <= p.lastSeq())
                .findFirst()
                .orElse(null);
    }

    /** Parses and checks {@code archive.json}; {@link IllegalArgumentException} naming what is wrong. */
    @SuppressWarnings("unchecked")
    public static ArchiveHeader parse(byte[] bytes) {
        Map<String, Object> json;
        try {
            json = Json.parseObject(new String(bytes, java.nio.charset.StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("archive.json is not JSON: " + e.getMessage(), e);
        }
        if (!ArchiveLayout.FORMAT.equals(json.get("format"))) {
            throw new IllegalArgumentException("archive.json's format is not " + ArchiveLayout.FORMAT);
        }
        try {
            List<Part> parts = new ArrayList<>();
            for (Object o : (List<Object>) json.get("parts")) {
                Map<String, Object> p = (Map<String, Object>) o;
                Part part = new Part(
                        (String) p.get("name"), number(p, "first_seq"), number(p, "last_seq"), number(p, "bytes"));
                if (number(p, "entries") != part.entries() || part.entries() < 1) {
                    throw new IllegalArgumentException("part " + part.name() + " miscounts its entries");
                }
                parts.add(part);
            }
            Object genesis = json.get("genesis");
            ArchiveHeader h = new ArchiveHeader(
                    (String) json.get("appliance_id"),
                    number(json, "seal_number"),
                    number(json, "first_seq"),
                    number(json, "last_seq"),
                    Hashes.fromHex((String) json.get("previous_chain_hash"), Hashes.LENGTH),
                    genesis instanceof Map ? Genesis.fromJson((Map<String, Object>) genesis) : null,
                    Instants.parse((String) json.get("created_at")),
                    parts);
            if (h.applianceId() == null
                    || h.firstSeq() < 1
                    || h.lastSeq() < h.firstSeq() - 1
                    || number(json, "entries") != h.entries()) {
                throw new IllegalArgumentException("archive.json's seq range or entry count is wrong");
            }
            long next = h.firstSeq();
            for (Part p : parts) {
                if (p.firstSeq() != next) {
                    throw new IllegalArgumentException("part " + p.name() + " does not start at seq " + next);
                }
                next = p.lastSeq() + 1;
            }
            if (next != h.lastSeq() + 1) {
                throw new IllegalArgumentException("the parts do not cover seq " + h.firstSeq() + " to " + h.lastSeq());
            }
            return h;
        } catch (ClassCastException | NullPointerException | ArithmeticException e) {
            throw new IllegalArgumentException("archive.json is incomplete: " + e.getMessage(), e);
        }
    }

    private static long number(Map<String, Object> json, String name) {
        if (!(json.get(name) instanceof BigDecimal n)) {
            throw new IllegalArgumentException("archive.json's " + name + " must be a number");
        }
        return n.longValueExact();
    }
}
