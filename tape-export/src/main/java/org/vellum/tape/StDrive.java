package org.vellum.tape;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real drive through the Linux {@code st} driver, on its non-rewinding device ({@code /dev/nst0}): the block size is
 * set with {@code mt setblk} when opened, records are written and read as single {@code write}/{@code read} calls of
 * the record size, filemarks, rewinding and positioning go through {@code mt}, each a process stopped after a timeout,
 * its failure turned into an exception that quotes what {@code mt} said. The driver reports the end of the tape as
 * {@code ENOSPC} in the early-warning zone, which leaves room for the catalog.
 */
public final class StDrive implements TapeDevice {
    private static final Pattern BLOCK = Pattern.compile("At block (\\d+)");

    private final Path device;
    private final int recordSize;
    private final Duration timeout;
    private final String mt;
    private final FileChannel channel;
    private final long capacity;
    private boolean lastWasFilemark;

    /** @param mt the {@code mt} program to run (from Debian's {@code mt-st} or {@code cpio}) */
    public StDrive(Path device, int recordSize, Duration timeout, String mt) throws IOException {
        this(device, recordSize, timeout, mt, Long.MAX_VALUE);
    }

    /**
     * @param capacity what a cartridge holds, as stated by whoever configured the drive (the driver cannot tell);
     *     Long.MAX_VALUE when not stated: the end of the tape is then found by writing into the early-warning zone
     */
    public StDrive(Path device, int recordSize, Duration timeout, String mt, long capacity) throws IOException {
        this.capacity = capacity;
        this.device = device;
        this.recordSize = recordSize;
        this.timeout = timeout;
        this.mt = mt;
        mt("setblk", String.valueOf(recordSize));
        this.channel = FileChannel.open(device, StandardOpenOption.READ, StandardOpenOption.WRITE);
    }

    @Override
    public int maxRecord() {
        return recordSize;
    }

    @Override
    public void writeRecord(byte[] data, int offset, int length) throws IOException {
        if (length != recordSize) {
            throw new IllegalArgumentException("the drive is set to " + recordSize + "-byte blocks, not " + length);
        }
        ByteBuffer b = ByteBuffer.wrap(data, offset, length);
        try {
            int n = channel.write(b); // one write(2): one block on the tape
            if (n != length) {
                throw new IOException("the drive took " + n + " of " + length + " bytes");
            }
        } catch (IOException e) {
            if (String.valueOf(e.getMessage()).contains("No space left")) {
                throw new EndOfTapeException("end of tape reported by " + device + ": " + e.getMessage());
            }
            throw e;
        }
    }

    /** The stated capacity less the blocks written before the current one; Long.MAX_VALUE when none is stated. */
    @Override
    public long remaining() throws IOException {
        return capacity == Long.MAX_VALUE ? Long.MAX_VALUE : Math.max(0, capacity - tell() * (long) recordSize);
    }

    @Override
    public void writeFilemark() throws IOException {
        mt("weof", "1");
    }

    @Override
    public void rewind() throws IOException {
        mt("rewind");
        lastWasFilemark = false;
    }

    /** A read of 0 bytes is a filemark; a second one in a row is the end of the recorded data. */
    @Override
    public int readRecord(byte[] buffer) throws IOException {
        int n = channel.read(ByteBuffer.wrap(buffer));
        if (n > 0) {
            lastWasFilemark = false;
            return n;
        }
        if (lastWasFilemark || n < 0) {
            return -2;
        }
        lastWasFilemark = true;
        return -1;
    }

    @Override
    public void skipFiles(int count) throws IOException {
        mt("fsf", String.valueOf(count));
    }

    @Override
    public long tell() throws IOException {
        String out = mt("tell");
        Matcher m = BLOCK.matcher(out);
        if (!m.find()) {
            throw new IOException("mt tell on " + device + " did not say the block: " + out.strip());
        }
        return Long.parseLong(m.group(1));
    }

    @Override
    public void seek(long block) throws IOException {
        mt("seek", String.valueOf(block));
    }

    /** Rewinds and unloads the cartridge. */
    public void eject() throws IOException {
        mt("offline");
    }

    /** Runs {@code mt -f DEVICE args...}: its output, or an IOException quoting it. */
    String mt(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(mt, "-f", device.toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new IOException(String.join(" ", command) + " did not finish within " + timeout);
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException(String.join(" ", command) + " was interrupted", e);
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed with exit code " + p.exitValue() + ": "
                    + (out.isBlank() ? "(no output)" : out.strip()));
        }
        return out;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
