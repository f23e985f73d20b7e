package org.vellum.archive;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import org.apache.commons.compress.archivers.zip.Zip64Mode;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.vellum.canonical.CanonicalJson;
import org.vellum.ledger.Genesis;
import org.vellum.ledger.Hashes;
import org.vellum.ledger.LedgerEntry;
import org.vellum.ledger.LedgerExport;
import org.vellum.merkle.MerkleRoot;
import org.vellum.seal.CadesSigner;
import org.vellum.seal.Seal;
import org.vellum.seal.TimeStamp;

/**
 * Writes one seal's archive (docs/FORMAT.md §9) in a single streaming pass: the entries go from the database through
 * the deflater to the file a line at a time, in parts of bounded size, while their leaf hashes, chain, Merkle root and
 * counts are recomputed and compared with the seal. Memory does not grow with the period, apart from the per-task
 * lifecycle table of {@link PeriodSummary}.
 */
public final class ArchiveWriter {
    /** Streams the entries {@code from..to} in seq order. */
    @FunctionalInterface
    public interface Entries {
        void forEach(long from, long to, Consumer<LedgerEntry> sink);
    }

    /**
     * What goes into an archive.
     *
     * @param seal the seal's canonical bytes, exactly as signed
     * @param sealSignature its detached CAdES signature
     * @param previousSeal the previous seal's canonical bytes, or null for seal 1
     * @param genesis the ledger's genesis record (written when the period starts at seq 1)
     * @param previousChainHash {@code chain_hash(first_seq - 1)}
     * @param stated what the appliance states and the entries cannot show (quarantine, metrics, clock flags)
     * @param policy the minimization policy's description ({@code version}, {@code sha256}, ...)
     */
    public record Input(
            byte[] seal,
            byte[] sealSignature,
            byte[] previousSeal,
            Genesis genesis,
            byte[] previousChainHash,
            Entries entries,
            Map<String, Object> stated,
            Map<String, Object> policy,
            Instant createdAt) {}

    /** What was written. */
    public record Written(
            Path file, long size, byte[] sha256, byte[] manifest, byte[] summarySha256, ArchiveHeader header) {}

    private final long partBytes;
    private final int level;

    /**
     * @param partBytes a part is closed once it holds at least this many bytes
     * @param level the deflate level of the members, 0 to 9
     */
    public ArchiveWriter(long partBytes, int level) {
        if (partBytes < 1) {
            throw new IllegalArgumentException("parts need a positive size");
        }
        this.partBytes = partBytes;
        this.level = level;
    }

    /**
     * Writes the archive to {@code target} (replacing it) and signs its manifest with {@code signer}, time-stamped by
     * {@code timeStamper}. Throws {@link IllegalStateException} if the entries do not give the seal's hashes.
     */
    public Written write(Path target, Input in, CadesSigner signer, Function<byte[], TimeStamp> timeStamper)
            throws IOException, GeneralSecurityException {
        Seal seal = Seal.parse(in.seal());
        List<AsicManifest.Reference> refs = new ArrayList<>();
        ArchiveHeader header;
        byte[] manifest;
        byte[] summarySha256;
        try (SeekableByteChannel channel = Files.newByteChannel(
                        target,
                        StandardOpenOption.CREATE,
                        StandardOpenOption.TRUNCATE_EXISTING,
                        StandardOpenOption.WRITE);
                ZipArchiveOutputStream zip = new ZipArchiveOutputStream(channel)) {
            zip.setUseZip64(Zip64Mode.AsNeeded);
            zip.setLevel(level);
            zip.setEncoding(StandardCharsets.UTF_8.name());
            long time = in.createdAt().toEpochMilli();
            stored(
                    zip,
                    ArchiveLayout.MIMETYPE_MEMBER,
                    ArchiveLayout.MIMETYPE.getBytes(StandardCharsets.US_ASCII),
                    time);

            PeriodSummary summary = new PeriodSummary();
            List<ArchiveHeader.Part> parts = writeEntries(zip, in, seal, summary, refs, time);
            header = new ArchiveHeader(
                    seal.applianceId(),
                    seal.number(),
                    seal.firstSeq(),
                    seal.lastSeq(),
                    in.previousChainHash(),
                    seal.firstSeq() == 1 ? in.genesis() : null,
                    in.createdAt(),
                    parts);
            refs.add(member(zip, ArchiveLayout.ARCHIVE_JSON, header.canonicalBytes(), time));
            refs.add(member(zip, ArchiveLayout.SEAL, in.seal(), time));
            refs.add(member(zip, ArchiveLayout.SEAL_SIGNATURE, in.sealSignature(), time));
            if (in.previousSeal() != null) {
                refs.add(member(zip, ArchiveLayout.PREVIOUS_SEAL, in.previousSeal(), time));
            }
            Map<String, Object> appliance = new LinkedHashMap<>(in.stated());
            Instant oldest = summary.oldestReceivedAt();
            appliance.put(
                    "rpo_seconds",
                    oldest == null
                            ? null
                            : Duration.between(oldest, seal.sealedAt()).toSeconds());
            appliance.put(
                    "integrity",
                    Map.of(
                            "entries_rehashed", summary.entries(),
                            "merkle_root_equals_seal", true,
                            "chain_hash_equals_seal", true));
            Map<String, Object> summaryJson = new LinkedHashMap<>();
            summaryJson.put("format", "vellum-archive-summary/1");
            summaryJson.put("entries", summary.toJson());
            summaryJson.put("appliance", appliance);
            byte[] summaryBytes = CanonicalJson.bytes(summaryJson);
            AsicManifest.Reference summaryRef = member(zip, ArchiveLayout.SUMMARY, summaryBytes, time);
            summarySha256 = summaryRef.sha256();
            refs.add(summaryRef);
            refs.add(member(zip, ArchiveLayout.POLICY, CanonicalJson.bytes(in.policy()), time));

            manifest = new AsicManifest(ArchiveLayout.SIGNATURE, refs).bytes();
            deflated(zip, ArchiveLayout.MANIFEST, manifest, time);
            byte[] signature = signer.sign(manifest, in.createdAt(), timeStamper);
            deflated(zip, ArchiveLayout.SIGNATURE, signature, time);
            zip.finish();
        }
        return new Written(target, Files.size(target), Hashes.sha256(target), manifest, summarySha256, header);
    }

    private List<ArchiveHeader.Part> writeEntries(
            ZipArchiveOutputStream zip,
            Input in,
            Seal seal,
            PeriodSummary summary,
            List<AsicManifest.Reference> refs,
            long time)
            throws IOException {
        List<ArchiveHeader.Part> parts = new ArrayList<>();
        if (seal.treeSize() == 0) {
            if (!Arrays.equals(in.previousChainHash(), seal.chainHash())) {
                throw new IllegalStateException("an empty period's chain hash is not the previous one");
            }
            return parts;
        }
        PartWriter writer = new PartWriter(zip, in.previousChainHash(), summary, refs, parts, time);
        try {
            in.entries().forEach(seal.firstSeq(), seal.lastSeq(), writer::add);
        } catch (java.io.UncheckedIOException e) {
            throw e.getCause();
        }
        writer.close();
        if (writer.expected != seal.lastSeq() + 1) {
            throw new IllegalStateException("VELLUM-0702 the ledger gave entries up to seq " + (writer.expected - 1)
                    + ", seal " + seal.number() + " ends at " + seal.lastSeq());
        }
        if (!Arrays.equals(writer.chain, seal.chainHash())) {
            throw new IllegalStateException(
                    "VELLUM-0702 the entries' chain does not end at seal " + seal.number() + "'s chain hash");
        }
        if (!Arrays.equals(writer.root.root(), seal.merkleRoot())) {
            throw new IllegalStateException("VELLUM-0702 the entries' Merkle root is not seal " + seal.number() + "'s");
        }
        return parts;
    }

    /** Writes entry lines into parts of about {@code partBytes}, checking each entry's hashes on the way. */
    private final class PartWriter {
        private final ZipArchiveOutputStream zip;
        private final PeriodSummary summary;
        private final List<AsicManifest.Reference> refs;
        private final List<ArchiveHeader.Part> parts;
        private final long time;
        private final MessageDigest hashes = Hashes.sha256();
        private final ByteArrayOutputStream line = new ByteArrayOutputStream(2048);
        final MerkleRoot root = new MerkleRoot();
        byte[] chain;
        long expected = -1;
        private MessageDigest digest;
        private String name;
        private long partFirst;
        private long bytes;

        PartWriter(
                ZipArchiveOutputStream zip,
                byte[] chain,
                PeriodSummary summary,
                List<AsicManifest.Reference> refs,
                List<ArchiveHeader.Part> parts,
                long time) {
            this.zip = zip;
            this.chain = chain;
            this.summary = summary;
            this.refs = refs;
            this.parts = parts;
            this.time = time;
        }

        void add(LedgerEntry e) {
            try {
                if (expected != -1 && e.seq() != expected) {
                    throw new IllegalStateException(
                            "VELLUM-0702 the ledger gave seq " + e.seq() + " where " + expected + " was due");
                }
                expected = e.seq() + 1;
                if (!Arrays.equals(Hashes.leaf(hashes, e.salt(), e.canonical()), e.leafHash())) {
                    throw new IllegalStateException("VELLUM-0702 entry " + e.seq() + " does not give its leaf hash");
                }
                chain = Hashes.chain(hashes, chain, e.leafHash());
                if (!Arrays.equals(chain, e.chainHash())) {
                    throw new IllegalStateException("VELLUM-0702 entry " + e.seq() + " does not continue the chain");
                }
                root.add(e.leafHash());
                summary.add(e.canonical());
                if (name == null) {
                    open(e.seq());
                }
                line.reset();
                LedgerExport.write(e, line);
                line.write('\n');
                byte[] b = line.toByteArray();
                zip.write(b);
                digest.update(b);
                bytes += b.length;
                if (bytes >= partBytes) {
                    closePart(e.seq());
                }
            } catch (IOException ex) {
                throw new java.io.UncheckedIOException(ex);
            }
        }

        private void open(long firstSeq) throws IOException {
            name = ArchiveLayout.part(parts.size() + 1);
            partFirst = firstSeq;
            bytes = 0;
            digest = Hashes.sha256();
            ZipArchiveEntry entry = new ZipArchiveEntry(name);
            entry.setMethod(ZipEntry.DEFLATED);
            entry.setTime(time);
            zip.putArchiveEntry(entry);
        }

        private void closePart(long lastSeq) throws IOException {
            zip.closeArchiveEntry();
            refs.add(new AsicManifest.Reference(name, ArchiveLayout.JSON_LINES, digest.digest()));
            parts.add(new ArchiveHeader.Part(name, partFirst, lastSeq, bytes));
            name = null;
        }

        void close() throws IOException {
            if (name != null) {
                closePart(expected - 1);
            }
        }
    }

    private static AsicManifest.Reference member(ZipArchiveOutputStream zip, String name, byte[] content, long time)
            throws IOException {
        deflated(zip, name, content, time);
        return new AsicManifest.Reference(name, ArchiveLayout.mediaType(name), Hashes.sha256(content));
    }

    private static void deflated(ZipArchiveOutputStream zip, String name, byte[] content, long time)
            throws IOException {
        ZipArchiveEntry entry = new ZipArchiveEntry(name);
        entry.setMethod(ZipEntry.DEFLATED);
        entry.setTime(time);
        zip.putArchiveEntry(entry);
        zip.write(content);
        zip.closeArchiveEntry();
    }

    /** A member stored as it is, its size and CRC known before its data, so its local header needs no extra field. */
    private static void stored(ZipArchiveOutputStream zip, String name, byte[] content, long time) throws IOException {
        ZipArchiveEntry entry = new ZipArchiveEntry(name);
        entry.setMethod(ZipEntry.STORED);
        entry.setSize(content.length);
        CRC32 crc = new CRC32();
        crc.update(content);
        entry.setCrc(crc.getValue());
        entry.setTime(time);
        zip.putArchiveEntry(entry);
        zip.write(content);
        zip.closeArchiveEntry();
    }
}
