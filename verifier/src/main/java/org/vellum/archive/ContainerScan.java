package org.vellum.archive;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;
import org.vellum.ledger.Hashes;

/** The container-level reading of an archive: the ASiC-E signature bytes and every member's digest and size. */
final class ContainerScan {
    private ContainerScan() {}

    /** A member as read from its local header: its SHA-256 and uncompressed size, or why it could not be read. */
    record Member(byte[] sha256, long size, String unreadable) {}

    /**
     * EN 319 162-1 §A.1: the first member is {@code mimetype}, stored, with no extra field, holding the media type.
     * Read from the raw bytes, since a ZIP reader would hide how it is stored.
     */
    static String problem(Path archive) throws IOException {
        byte[] head = new byte[30 + 8 + ArchiveLayout.MIMETYPE.length()];
        int n;
        try (InputStream in = Files.newInputStream(archive)) {
            n = in.readNBytes(head, 0, head.length);
        }
        if (n < 30 || head[0] != 'P' || head[1] != 'K' || head[2] != 3 || head[3] != 4) {
            return "the file is not a ZIP container";
        }
        int method = u16(head, 8);
        int nameLength = u16(head, 26);
        int extraLength = u16(head, 28);
        String name = new String(head, 30, Math.min(nameLength, n - 30), StandardCharsets.UTF_8);
        if (!name.equals(ArchiveLayout.MIMETYPE_MEMBER)) {
            return "the first member is '" + name + "', not mimetype";
        }
        if (method != 0) {
            return "mimetype is compressed; it must be stored";
        }
        if (extraLength != 0) {
            return "mimetype has an extra field; it must have none";
        }
        String content = new String(head, 38, Math.max(0, n - 38), StandardCharsets.US_ASCII);
        if (u32(head, 18) != ArchiveLayout.MIMETYPE.length() || !content.equals(ArchiveLayout.MIMETYPE)) {
            return "mimetype does not hold " + ArchiveLayout.MIMETYPE;
        }
        return null;
    }

    private static int u16(byte[] b, int at) {
        return (b[at] & 0xff) | (b[at + 1] & 0xff) << 8;
    }

    private static long u32(byte[] b, int at) {
        return (u16(b, at) | (long) u16(b, at + 2) << 16);
    }

    /** One sequential pass over the local headers: every member's digest and size, checked against its CRC. */
    static Map<String, Member> readLocal(Path archive, ArchiveReport report) throws IOException {
        Map<String, Member> members = new LinkedHashMap<>();
        byte[] buffer = new byte[1 << 16];
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(archive), StandardCharsets.UTF_8)) {
            ZipEntry e;
            while (true) {
                try {
                    e = in.getNextEntry();
                } catch (ZipException ex) {
                    report.problem(
                            ArchiveFailure.MEMBER_CORRUPT, null, null, "a local header is damaged: " + ex.getMessage());
                    break;
                }
                if (e == null) {
                    break;
                }
                MessageDigest md = Hashes.sha256();
                long size = 0;
                String unreadable = null;
                try {
                    for (int r; (r = in.read(buffer)) > 0; ) {
                        md.update(buffer, 0, r);
                        size += r;
                    }
                } catch (ZipException | java.io.EOFException ex) {
                    unreadable = ex.getMessage();
                }
                members.put(e.getName(), new Member(md.digest(), size, unreadable));
                if (unreadable != null) {
                    report.problem(
                            ArchiveFailure.MEMBER_CORRUPT, e.getName(), null, "cannot be read back: " + unreadable);
                    break;
                }
            }
        }
        return members;
    }

    /**
     * Digests, read through the central directory, of the members the sequential pass did not reach (it stops at a
     * damaged member, since what follows cannot be located from the local headers alone).
     */
    static void fillIn(ZipFile zip, List<String> central, Map<String, Member> local, ArchiveReport report) {
        byte[] buffer = new byte[1 << 16];
        for (String name : central) {
            if (local.containsKey(name)) {
                continue;
            }
            MessageDigest md = Hashes.sha256();
            long size = 0;
            String unreadable = null;
            try (InputStream in = zip.getInputStream(zip.getEntry(name))) {
                for (int r; (r = in.read(buffer)) > 0; ) {
                    md.update(buffer, 0, r);
                    size += r;
                }
            } catch (IOException | RuntimeException e) {
                unreadable = String.valueOf(e.getMessage());
                report.problem(ArchiveFailure.MEMBER_CORRUPT, name, null, "cannot be read back: " + unreadable);
            }
            local.put(name, new Member(md.digest(), size, unreadable));
        }
    }
}
