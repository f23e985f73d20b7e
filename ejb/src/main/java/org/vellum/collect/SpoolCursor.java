package org.vellum.collect;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.jboss.logging.Logger;
import org.vellum.ledger.Hashes;

/**
 * Reads the lines of every file of the given sources that no earlier run has read, in {@link SpoolScanner} order.
 * A file is recognized by content ({@link FileRecord}): a renamed, gzipped or grown file goes on where the last run
 * stopped. Keeps the changed {@link FileRecord}s until {@link #takeChanged()} hands them to the store.
 */
public final class SpoolCursor implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(SpoolCursor.class);

    private final List<SpoolFile> files;
    private final CollectStore store;
    private final TreeSet<Integer> shortHeads;
    private final Map<String, FileRecord> seenThisRun = new HashMap<>();
    private final Map<String, FileRecord> changed = new LinkedHashMap<>();
    private final List<String> unreadable = new ArrayList<>();
    private int index = -1;
    private SpoolFile current;
    private FileRecord record;
    private LineReader reader;

    public SpoolCursor(List<Source> sources, CollectStore store) {
        List<SpoolFile> all = new ArrayList<>();
        for (Source source : sources) {
            all.addAll(SpoolScanner.scan(source));
        }
        this.files = all;
        this.store = store;
        this.shortHeads = new TreeSet<>(store.shortHeadLengths());
    }

    public int fileCount() {
        return files.size();
    }

    /** The next unread line, or empty when every file has been read to its end. */
    public Optional<SpoolLine> next() throws IOException {
        while (true) {
            if (reader != null) {
                LineReader.Line line;
                try {
                    line = reader.next();
                } catch (IOException broken) {
                    unreadable(broken);
                    continue;
                }
                if (line != null) {
                    record = record.consumed(line.endOffset(), line.number());
                    remember();
                    return Optional.of(new SpoolLine(current, record.fileId(), line));
                }
                record = record.readToEnd(current.rawSize(), current.modified());
                remember();
                closeFile();
            }
            if (++index >= files.size()) {
                return Optional.empty();
            }
            try {
                openFile(files.get(index));
            } catch (IOException broken) {
                unreadable(broken);
            }
        }
    }

    /**
     * A file that cannot be read on (a corrupt or half-written gzip, an I/O error) is left where it stands: what was
     * read of it counts, the rest waits for the next run, and the run goes on with the other files.
     */
    private void unreadable(IOException e) {
        LOG.warnf(
                "VELLUM-0413 file %s of source %s cannot be read on after line %d (%s); the next run tries again",
                current.relative(),
                current.source().name(),
                record == null ? 0 : record.consumedLines(),
                e.getClass().getSimpleName());
        unreadable.add(current.relative());
        record = null;
        try {
            closeFile();
        } catch (IOException closing) {
            LOG.debugf(
                    "closing the unreadable file failed too: %s",
                    closing.getClass().getSimpleName());
        }
    }

    /** Files of this run that could not be read to their end. */
    public List<String> unreadableFiles() {
        return List.copyOf(unreadable);
    }

    /** Where the cursor stands: the position of a checkpoint. */
    public CollectCheckpoint position() {
        return record == null
                ? new CollectCheckpoint(index, null, 0, 0)
                : new CollectCheckpoint(index, record.fileId(), record.consumedBytes(), record.consumedLines());
    }

    /** The file records changed since the last call. */
    public Collection<FileRecord> takeChanged() {
        List<FileRecord> out = new ArrayList<>(changed.values());
        changed.clear();
        return out;
    }

    private void remember() {
        seenThisRun.put(record.key(), record);
        changed.put(record.key(), record);
    }

    private void openFile(SpoolFile file) throws IOException {
        current = file;
        record = null;
        if (file.rawSize() == 0) {
            return; // nothing to identify or read; it is looked at again once it has content
        }
        String source = file.source().name();
        if (!store.unchangedAt(source, file.relative(), file.rawSize(), file.modified())
                .isEmpty()) {
            return;
        }
        InputStream in = file.open();
        try {
            byte[] head = in.readNBytes(FileRecord.HEAD);
            if (head.length == 0) {
                in.close();
                return;
            }
            FileRecord known = identify(head);
            FileRecord start =
                    known != null ? known.seen(source, file.relative()) : newRecord(head, source, file.relative());
            long skip = start.consumedBytes();
            InputStream rest;
            if (skip <= head.length) {
                rest = new SequenceInputStream(
                        new ByteArrayInputStream(head, (int) skip, head.length - (int) skip), in);
            } else {
                long skipped = skipFully(in, skip - head.length);
                if (skipped < skip - head.length) {
                    LOG.warnf(
                            "VELLUM-0401 file %s of source %s is shorter than what was read of it before;"
                                    + " it is passed over",
                            file.relative(), source);
                    in.close();
                    return;
                }
                rest = in;
            }
            record = start;
            reader = new LineReader(rest, start.consumedBytes(), start.consumedLines(), file.isFinal());
        } catch (IOException | RuntimeException e) {
            in.close();
            throw e;
        }
    }

    /** The record whose head matches this file's, longest head first; null for a file never seen. */
    private FileRecord identify(byte[] head) {
        MessageDigest md = Hashes.sha256();
        List<Integer> lengths = new ArrayList<>();
        if (head.length == FileRecord.HEAD) {
            lengths.add(FileRecord.HEAD);
        }
        lengths.addAll(shortHeads.headSet(head.length, true).descendingSet());
        for (int length : lengths) {
            md.update(head, 0, length);
            String fileId = Hashes.hex(md.digest());
            String key = FileRecord.key(length, fileId);
            FileRecord known = seenThisRun.get(key);
            if (known == null) {
                known = store.file(length, fileId).orElse(null);
            }
            if (known != null) {
                return known;
            }
        }
        return null;
    }

    private FileRecord newRecord(byte[] head, String source, String path) {
        MessageDigest md = Hashes.sha256();
        md.update(head, 0, head.length);
        if (head.length < FileRecord.HEAD) {
            shortHeads.add(head.length);
        }
        return new FileRecord(head.length, Hashes.hex(md.digest()), source, path, 0, 0, -1, -1);
    }

    private static long skipFully(InputStream in, long n) throws IOException {
        long done = 0;
        while (done < n) {
            long k = in.skip(n - done);
            if (k <= 0) {
                if (in.read() < 0) {
                    break;
                }
                k = 1;
            }
            done += k;
        }
        return done;
    }

    private void closeFile() throws IOException {
        if (reader != null) {
            reader.close();
            reader = null;
        }
    }

    @Override
    public void close() throws IOException {
        closeFile();
    }
}
