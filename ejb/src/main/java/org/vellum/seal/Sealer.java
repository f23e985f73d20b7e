package org.vellum.seal;

import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jboss.logging.Logger;
import org.vellum.ledger.Genesis;
import org.vellum.ledger.Hashes;
import org.vellum.ledger.LedgerEntry;
import org.vellum.ledger.LedgerHead;
import org.vellum.ledger.LedgerTable;
import org.vellum.problem.VellumException;

/**
 * Makes seals and the proofs that rest on them, one seal at a time: reads the leaves appended since the last seal,
 * builds the seal ({@link SealBuilder}), signs it (CAdES, {@link CadesSigner}) with a signature time-stamp from the
 * TSAs, checks the clocks, and stores it. A TSA outage fails the call before anything is stored, so a seal never
 * exists without its time-stamp, and the call can simply be repeated. Plain Java: {@link SealService} runs it in the
 * server, the job tests without one.
 */
public final class Sealer implements SealBackend {
    private static final Logger LOG = Logger.getLogger(Sealer.class);

    /** Streams leaves {@code from..to} in seq order. */
    @FunctionalInterface
    public interface Leaves {
        void forEach(long from, long to, Consumer<LedgerTable.Leaf> sink);
    }

    /** The ledger as sealing sees it. */
    public record Ledger(Supplier<Genesis> genesis, Supplier<LedgerHead> head, Leaves leaves) {}

    private final SealTable table;
    private final Ledger ledger;
    private final CadesSigner signer;
    private final Function<byte[], org.vellum.seal.TimeStamp> timeStamper;
    private final Clock clock;
    private final Duration clockBound;
    private final ReentrantLock lock = new ReentrantLock();

    public Sealer(
            SealTable table,
            Ledger ledger,
            CadesSigner signer,
            Function<byte[], TimeStamp> timeStamper,
            Clock clock,
            Duration clockBound) {
        this.table = table;
        this.ledger = ledger;
        this.signer = signer;
        this.timeStamper = timeStamper;
        this.clock = clock;
        this.clockBound = clockBound;
    }

    @Override
    public SealRecord sealRun(long jobInstance, Map<String, Object> collection) {
        return seal("nightly-archive", jobInstance, collection);
    }

    /** Seals on demand. */
    public SealRecord sealNow() {
        return seal("on-demand", null, null);
    }

    private SealRecord seal(String trigger, Long jobInstance, Map<String, Object> collection) {
        lock.lock();
        try {
            if (jobInstance != null) {
                Optional<SealRecord> done = table.byJobInstance(jobInstance);
                if (done.isPresent()) {
                    LOG.infof(
                            "VELLUM-0611 run %d sealed already: seal %d",
                            jobInstance, done.get().number());
                    return done.get();
                }
            }
            Optional<SealRecord> last = table.last();
            Seal previous = last.map(SealRecord::seal).orElse(null);
            LedgerHead head = ledger.head().get();
            SealBuilder builder = new SealBuilder(
                    ledger.genesis().get(),
                    previous,
                    last.map(SealRecord::frontier).orElse(List.of()));
            if (head.seq() >= builder.firstSeq()) {
                ledger.leaves()
                        .forEach(
                                builder.firstSeq(),
                                head.seq(),
                                leaf -> builder.add(leaf.seq(), leaf.leafHash(), leaf.eventType(), leaf.receivedAt()));
            }
            Instant sealedAt = clock.instant().truncatedTo(ChronoUnit.MICROS);
            Seal seal = builder.build(sealedAt, head.chainHash(), collection, trigger);
            TimeStamp[] stamp = new TimeStamp[1];
            byte[] signature = signer.sign(seal.canonicalBytes(), sealedAt, data -> stamp[0] = timeStamper.apply(data));
            List<String> flags = new ArrayList<>(SealChain.clockFlags(seal, stamp[0], clockBound));
            if (previous != null && sealedAt.isBefore(previous.sealedAt())) {
                flags.add("the appliance's clock went back: sealed at " + sealedAt + ", before seal "
                        + previous.number() + " at " + previous.sealedAt());
            }
            SealRecord record = new SealRecord(
                    seal.number(),
                    sealedAt,
                    seal.firstSeq(),
                    seal.lastSeq(),
                    seal.canonicalBytes(),
                    signature,
                    stamp[0].genTime(),
                    stamp[0].tsaName(),
                    builder.frontier(),
                    builder.blockSize(),
                    builder.periodBlocks(),
                    flags,
                    jobInstance);
            table.insert(record);
            LOG.infof(
                    "VELLUM-0610 seal %d made (%s): seq %d to %d, %d entries, Merkle root %s, time-stamped %s by %s",
                    seal.number(),
                    trigger,
                    seal.firstSeq(),
                    seal.lastSeq(),
                    seal.treeSize(),
                    Hashes.hex(seal.merkleRoot()),
                    stamp[0].genTime(),
                    stamp[0].tsaName());
            for (String flag : flags) {
                LOG.warnf("VELLUM-0612 clock flag on seal %d: %s", seal.number(), flag);
            }
            return record;
        } catch (GeneralSecurityException e) {
            throw new VellumException(
                    VellumException.Kind.UNAVAILABLE,
                    "seal-signing",
                    "the seal could not be signed: " + e.getMessage(),
                    e);
        } finally {
            lock.unlock();
        }
    }

    /** The proof that {@code entry} is in its seal, or NOT_FOUND while no seal covers it yet. */
    public SealProof proof(LedgerEntry entry) {
        SealRecord record = table.covering(entry.seq())
                .orElseThrow(() -> new VellumException(
                        VellumException.Kind.NOT_FOUND,
                        "not-sealed-yet",
                        "entry " + entry.seq() + " is not sealed yet; the next seal will cover it"));
        Seal seal = record.seal();
        return new SealProof(
                entry,
                entry.seq() - seal.firstSeq(),
                LedgerProofs.inclusion(seal, entry.seq(), this::leafHashes, record.blockSize(), record.periodBlocks()),
                seal,
                record.signature());
    }

    /** The consistency proof from seal {@code older}'s ledger-wide tree to seal {@code newer}'s. */
    public List<byte[]> consistency(SealRecord older, SealRecord newer) {
        if (older.number() > newer.number()) {
            throw new VellumException(
                    VellumException.Kind.INVALID, "seal-order", "the first seal must not be newer than the second");
        }
        return LedgerProofs.consistency(older.seal(), older.frontier(), newer.seal(), this::leafHashes);
    }

    /** Every seal as the seals export gives it, in order, each with its consistency proof from the one before. */
    public void bundles(Consumer<SealBundle> sink) {
        List<SealRecord> all = new ArrayList<>(); // a few kilobytes a seal, one seal a night
        table.forEach(all::add);
        SealRecord previous = null;
        for (SealRecord r : all) {
            List<byte[]> consistency = previous == null ? List.of() : consistency(previous, r);
            sink.accept(new SealBundle(r.seal(), r.signature(), consistency));
            previous = r;
        }
    }

    public SealTable table() {
        return table;
    }

    private void leafHashes(long from, long to, LedgerProofs.LeafSink sink) {
        ledger.leaves().forEach(from, to, leaf -> sink.accept(leaf.seq(), leaf.leafHash()));
    }
}
