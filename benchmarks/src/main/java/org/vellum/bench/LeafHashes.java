package org.vellum.bench;

import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.vellum.ledger.Hashes;
import org.vellum.ledger.LedgerEntry;

/**
 * Leaf hashes for the tree benchmarks, made with the ledger's own {@link Hashes#leaf} over salted bodies: a tree's
 * cost does not depend on what its leaves hash, only on how many there are.
 */
final class LeafHashes {
    static final String[] TYPES = {
        "task.created", "anonymization.started", "anonymization.completed", "result.approved", "result.exported"
    };
    static final Instant RECEIVED = Instant.parse("2026-11-29T12:00:00Z");

    private LeafHashes() {}

    static List<byte[]> of(int count) {
        MessageDigest md = Hashes.sha256();
        Random random = new Random(count);
        byte[] salt = new byte[LedgerEntry.SALT_LENGTH];
        byte[] body = new byte[600];
        List<byte[]> leaves = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            random.nextBytes(salt);
            random.nextBytes(body);
            leaves.add(Hashes.leaf(md, salt, body));
        }
        return leaves;
    }
}
