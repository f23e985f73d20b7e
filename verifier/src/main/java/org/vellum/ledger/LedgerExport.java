package org.vellum.ledger;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.vellum.canonical.CanonicalJson;
import org.vellum.canonical.Json;
import org.vellum.event.Instants;

/**
 * The ledger export (docs/FORMAT.md, "Export"): JSON lines, a header line first, then one line per entry in
 * {@code seq} order. Every line is itself in RFC 8785 form, and an entry's {@code body} member holds exactly the
 * canonical bytes its leaf hash was computed over.
 */
public final class LedgerExport {
    public static final String FORMAT = "vellum-ledger-export/1";
    public static final String MEDIA_TYPE = "application/x-ndjson";

    private static final byte[] BODY = "{\"body\":".getBytes(StandardCharsets.US_ASCII);

    private LedgerExport() {}

    /**
     * The header line.
     *
     * @param genesis the ledger's genesis record; written out only when the export starts at seq 1
     * @param from the first seq the export covers
     * @param to the last seq it covers ({@code from - 1} for an empty range)
     * @param previousChain {@code chain_hash(from - 1)}
     */
    public static String header(Genesis genesis, long from, long to, byte[] previousChain) {
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("format", FORMAT);
        header.put("appliance_id", genesis.applianceId());
        header.put("from", from);
        header.put("to", to);
        header.put("previous_chain_hash", Hashes.hex(previousChain));
        if (from == 1) {
            header.put("genesis", genesis.toJson());
        }
        return CanonicalJson.string(header);
    }

    /** One entry line, without the line feed. */
    public static String line(LedgerEntry e) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(e.canonical().length + 320);
        write(e, out);
        return out.toString(StandardCharsets.UTF_8);
    }

    /**
     * Writes one entry line, without the line feed, as UTF-8. The body's canonical bytes are copied as they are, never
     * decoded and encoded again: this runs for every entry the journal and the export write.
     */
    public static void write(LedgerEntry e, ByteArrayOutputStream out) {
        StringBuilder rest = new StringBuilder(320);
        rest.append(",\"chain_hash\":\"").append(Hashes.hex(e.chainHash()));
        rest.append("\",\"event_id\":");
        CanonicalJson.writeString(e.eventId(), rest);
        rest.append(",\"leaf_hash\":\"").append(Hashes.hex(e.leafHash()));
        rest.append("\",\"received_at\":\"").append(Instants.format(e.receivedAt()));
        rest.append("\",\"salt\":\"").append(Hashes.hex(e.salt()));
        rest.append("\",\"seq\":").append(e.seq()).append('}');
        out.writeBytes(BODY);
        out.writeBytes(e.canonical());
        out.writeBytes(rest.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** Reads a header line. */
    public static Header parseHeader(String line) {
        Map<String, Object> json = Json.parseObject(line);
        if (!FORMAT.equals(json.get("format"))) {
            throw new IllegalArgumentException("not a " + FORMAT + " header");
        }
        Object genesis = json.get("genesis");
        @SuppressWarnings("unchecked")
        Genesis parsedGenesis = genesis instanceof Map ? Genesis.fromJson((Map<String, Object>) genesis) : null;
        long from = longValue(json, "from");
        long to = longValue(json, "to");
        if (from < 1 || to < from - 1) {
            throw new IllegalArgumentException("from and to do not describe a range of seq values");
        }
        return new Header(
                (String) json.get("appliance_id"),
                from,
                to,
                Hashes.fromHex((String) json.get("previous_chain_hash"), Hashes.LENGTH),
                parsedGenesis);
    }

    /** An entry line as read: the entry, and its body as parsed, for readers that look into it. */
    public record Parsed(LedgerEntry entry, Map<String, Object> body) {}

    /** Reads an entry line; the canonical bytes are recomputed from {@code body} with RFC 8785. */
    public static LedgerEntry parseEntry(String line) {
        return parse(line).entry();
    }

    /** As {@link #parseEntry}, keeping the parsed body. */
    @SuppressWarnings("unchecked")
    public static Parsed parse(String line) {
        Map<String, Object> json = Json.parseObject(line);
        Object body = json.get("body");
        if (!(body instanceof Map)) {
            throw new IllegalArgumentException("entry has no body object");
        }
        return new Parsed(
                new LedgerEntry(
                        longValue(json, "seq"),
                        eventId(json),
                        Instants.parse((String) json.get("received_at")),
                        Hashes.fromHex((String) json.get("salt"), LedgerEntry.SALT_LENGTH),
                        CanonicalJson.bytes(body),
                        Hashes.fromHex((String) json.get("leaf_hash"), Hashes.LENGTH),
                        Hashes.fromHex((String) json.get("chain_hash"), Hashes.LENGTH)),
                (Map<String, Object>) body);
    }

    /**
     * The {@code seq} of an entry line, checking everything {@link #parseEntry} checks except that it does not compute
     * the body's canonical bytes (which any parsed body has): for passes that only need the order.
     */
    public static long parseSeq(String line) {
        Map<String, Object> json = Json.parseObject(line);
        if (!(json.get("body") instanceof Map)) {
            throw new IllegalArgumentException("entry has no body object");
        }
        eventId(json);
        Instants.parse((String) json.get("received_at"));
        Hashes.fromHex((String) json.get("salt"), LedgerEntry.SALT_LENGTH);
        Hashes.fromHex((String) json.get("leaf_hash"), Hashes.LENGTH);
        Hashes.fromHex((String) json.get("chain_hash"), Hashes.LENGTH);
        return longValue(json, "seq");
    }

    private static String eventId(Map<String, Object> json) {
        if (json.get("event_id") instanceof String id) {
            try {
                if (UUID.fromString(id).toString().equals(id)) {
                    return id;
                }
            } catch (IllegalArgumentException e) {
                // named below
            }
        }
        throw new IllegalArgumentException("event_id must be a lower-case UUID");
    }

    private static long longValue(Map<String, Object> json, String name) {
        Object value = json.get(name);
        if (!(value instanceof BigDecimal n)) {
            throw new IllegalArgumentException(name + " must be a number");
        }
        return n.longValueExact();
    }

    /** The parsed header line. {@code genesis} is null unless the export starts at seq 1. */
    public record Header(String applianceId, long from, long to, byte[] previousChainHash, Genesis genesis) {}
}
