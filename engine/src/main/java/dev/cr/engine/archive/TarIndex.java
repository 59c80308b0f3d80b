package dev.cr.engine.archive;

import dev.cr.engine.image.FileContents;
import dev.cr.engine.image.ImageException;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An uncompressed tar archive read in place: its headers are read once (a 512-byte read per entry, the data
 * skipped), and every file is then read at its offset in the archive file: nothing is copied or extracted.
 * Every header's checksum is checked.
 * The index refuses an archive whose entries lie past the end of the file, overlap one another, or repeat a name.
 */
final class TarIndex implements ArchiveEntries {
    /** Files up to this size are read with one positioned read; larger ones stream. */
    private static final int WHOLE_READ = 1 << 20;

    private final String archive;
    private final FileChannel channel;
    private final Map<String, ArchiveEntry> byName;

    private TarIndex(String archive, FileChannel channel, Map<String, ArchiveEntry> byName) {
        this.archive = archive;
        this.channel = channel;
        this.byName = byName;
    }

    /** Indexes the archive open as {@code channel} (which the index then owns). */
    static TarIndex open(String archive, FileChannel channel, String op) throws IOException {
        return new TarIndex(archive, channel, check(headers(channel, op), channel.size(), op));
    }

    private static final int BLOCK = 512;

    /**
     * Reads the headers of a tar archive (POSIX ustar, with PAX and GNU long-name records, as cr pack, GNU tar and
     * Go's archive/tar write them) one block each, skipping every entry's data unread. Written here rather than with
     * commons-compress's TarFile, which parses every header's times through classes whose start-up cost more than
     * the whole index of a checkpoint archive.
     */
    static List<ArchiveEntry> headers(FileChannel ch, String op) throws IOException {
        List<ArchiveEntry> out = new ArrayList<>();
        long size = ch.size(), at = 0;
        ByteBuffer block = ByteBuffer.allocate(BLOCK);
        String longName = null, longLink = null;
        Map<String, String> pax = Map.of();
        while (at + BLOCK <= size) {
            block.clear();
            while (block.hasRemaining()) if (ch.read(block, at + block.position()) < 0) throw new EOFException("end of the archive in a header");
            byte[] h = block.array();
            if (zero(h)) break; // the end-of-archive blocks
            String where = "the header at byte " + at;
            if (!checksumOk(h)) throw ArchiveEntries.refuse(where, "its checksum is wrong: the file is not a tar archive, or it is damaged", op);
            long length = number(h, 124, 12, where, op);
            if (pax.containsKey("size")) length = paxNumber(pax.get("size"), where, op);
            char type = (char) h[156];
            long data = at + BLOCK;
            if (length < 0 || data + length < data) throw ArchiveEntries.refuse(where, "its size is negative or too large", op);
            long next = data + (length + BLOCK - 1) / BLOCK * BLOCK;
            switch (type) {
                case 'x' -> { pax = paxRecords(read(ch, data, length, size, where, op), where, op); at = next; continue; }
                case 'g' -> { at = next; continue; } // global PAX records: nothing cr reads is set there
                case 'L' -> { longName = cString(read(ch, data, length, size, where, op)); at = next; continue; }
                case 'K' -> { longLink = cString(read(ch, data, length, size, where, op)); at = next; continue; }
                default -> { }
            }
            if (out.size() >= SafeExtraction.MAX_ENTRIES)
                throw ArchiveEntries.refuse(where, "the archive has more than " + SafeExtraction.MAX_ENTRIES + " entries", op);
            String name = pax.getOrDefault("path", longName != null ? longName : ustarName(h));
            String link = pax.getOrDefault("linkpath", longLink != null ? longLink : field(h, 157, 100));
            pax = Map.of();
            longName = longLink = null;
            String normal = ArchiveEntries.normalise(name, op);
            at = next;
            if (normal.isEmpty()) continue; // the archive's own root directory, "./"
            ArchiveEntry.Kind kind = switch (type) {
                case '0', '\0', '7' -> name.endsWith("/") ? ArchiveEntry.Kind.DIRECTORY : ArchiveEntry.Kind.FILE;
                case '1' -> ArchiveEntry.Kind.HARDLINK;
                case '2' -> ArchiveEntry.Kind.SYMLINK;
                case '5' -> ArchiveEntry.Kind.DIRECTORY;
                default -> ArchiveEntry.Kind.OTHER; // devices, FIFOs, GNU sparse files, unknown types
            };
            boolean isLink = kind == ArchiveEntry.Kind.SYMLINK || kind == ArchiveEntry.Kind.HARDLINK;
            out.add(new ArchiveEntry(normal, kind, data, kind == ArchiveEntry.Kind.FILE ? length : 0, isLink ? link : null));
            if (kind == ArchiveEntry.Kind.FILE && data + length > size) break; // check() names it: past the end
        }
        return out;
    }

    private static boolean zero(byte[] h) {
        for (byte b : h) if (b != 0) return false;
        return true;
    }

    /** The header's checksum: the sum of its bytes with the checksum field read as spaces (signed or not, as tar allows). */
    private static boolean checksumOk(byte[] h) {
        long unsigned = 0, signed = 0;
        for (int i = 0; i < BLOCK; i++) {
            int b = i >= 148 && i < 156 ? ' ' : h[i];
            unsigned += b & 0xff;
            signed += b;
        }
        long stored = 0;
        boolean any = false;
        for (int i = 148; i < 156; i++) {
            int c = h[i];
            if (c >= '0' && c <= '7') {
                stored = stored * 8 + (c - '0');
                any = true;
            } else if (any || (c != ' ' && c != 0)) {
                if (c == ' ' || c == 0) break;
                return false;
            }
        }
        return any && (stored == unsigned || stored == signed);
    }

    /** An octal field, or a base-256 one (GNU and POSIX write sizes past 8 GiB so). */
    private static long number(byte[] h, int off, int len, String where, String op) {
        if ((h[off] & 0x80) != 0) {
            if ((h[off] & 0x40) != 0) throw ArchiveEntries.refuse(where, "its size is negative", op);
            long v = h[off] & 0x3f;
            for (int i = off + 1; i < off + len; i++) {
                if (v > (Long.MAX_VALUE >>> 8)) throw ArchiveEntries.refuse(where, "its size is too large", op);
                v = v << 8 | (h[i] & 0xff);
            }
            return v;
        }
        long v = 0;
        int i = off, end = off + len;
        while (i < end && (h[i] == ' ' || h[i] == 0)) i++;
        for (; i < end && h[i] >= '0' && h[i] <= '7'; i++) {
            if (v > (Long.MAX_VALUE >>> 3)) throw ArchiveEntries.refuse(where, "its size is too large", op);
            v = v * 8 + (h[i] - '0');
        }
        return v;
    }

    private static long paxNumber(String v, String where, String op) {
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw ArchiveEntries.refuse(where, "its PAX size '" + v + "' is not a number", op);
        }
    }

    /** PAX extended header records: "LENGTH key=value\n", LENGTH counting the whole record. */
    private static Map<String, String> paxRecords(byte[] b, String where, String op) {
        Map<String, String> out = new LinkedHashMap<>();
        int i = 0;
        while (i < b.length && b[i] != 0) {
            int space = i;
            while (space < b.length && b[space] != ' ') space++;
            int len;
            try {
                len = Integer.parseInt(new String(b, i, space - i, java.nio.charset.StandardCharsets.US_ASCII));
            } catch (NumberFormatException e) {
                throw ArchiveEntries.refuse(where, "its PAX records are malformed", op);
            }
            if (len <= space - i || i + len > b.length) throw ArchiveEntries.refuse(where, "its PAX records are malformed", op);
            String record = new String(b, space + 1, i + len - space - 2, java.nio.charset.StandardCharsets.UTF_8);
            int eq = record.indexOf('=');
            if (eq > 0) out.put(record.substring(0, eq), record.substring(eq + 1));
            i += len;
        }
        return out;
    }

    private static byte[] read(FileChannel ch, long at, long length, long size, String where, String op) throws IOException {
        if (length > 1 << 20) throw ArchiveEntries.refuse(where, "its extended header is larger than 1 MiB", op);
        if (at + length > size) throw ArchiveEntries.refuse(where, "its extended header lies past the end of the archive", op);
        ByteBuffer b = ByteBuffer.allocate((int) length);
        while (b.hasRemaining()) if (ch.read(b, at + b.position()) < 0) throw new EOFException("end of the archive in an extended header");
        return b.array();
    }

    private static String ustarName(byte[] h) {
        String name = field(h, 0, 100);
        boolean ustar = h[257] == 'u' && h[258] == 's' && h[259] == 't' && h[260] == 'a' && h[261] == 'r' && h[262] == 0;
        String prefix = ustar ? field(h, 345, 155) : "";
        return prefix.isEmpty() ? name : prefix + "/" + name;
    }

    private static String field(byte[] h, int off, int len) {
        int end = off;
        while (end < off + len && h[end] != 0) end++;
        return new String(h, off, end - off, java.nio.charset.StandardCharsets.UTF_8);
    }

    private static String cString(byte[] b) {
        int end = 0;
        while (end < b.length && b[end] != 0) end++;
        return new String(b, 0, end, java.nio.charset.StandardCharsets.UTF_8);
    }

    /**
     * The rules an index holds its entries to, before anything is read through it: each file's bytes lie inside
     * the archive, no two files' bytes overlap, and no name comes twice (a directory may be listed again).
     */
    static Map<String, ArchiveEntry> check(List<ArchiveEntry> entries, long archiveSize, String op) {
        Map<String, ArchiveEntry> byName = new LinkedHashMap<>();
        for (ArchiveEntry e : entries) {
            ArchiveEntry before = byName.putIfAbsent(e.name(), e);
            if (before != null && !(before.kind() == ArchiveEntry.Kind.DIRECTORY && e.kind() == ArchiveEntry.Kind.DIRECTORY))
                throw ArchiveEntries.refuse(e.name(), "it appears twice in the archive", op);
            if (e.kind() != ArchiveEntry.Kind.FILE) continue;
            if (e.size() < 0 || e.offset() < 0 || e.end() < e.offset() || e.end() > archiveSize)
                throw ArchiveEntries.refuse(e.name(), "its " + e.size() + " bytes at byte " + e.offset()
                        + " lie past the end of the archive (" + archiveSize + " bytes): the archive is truncated or its header lies", op);
        }
        List<ArchiveEntry> files = new ArrayList<>();
        for (ArchiveEntry e : entries) if (e.kind() == ArchiveEntry.Kind.FILE && e.size() > 0) files.add(e);
        files.sort(Comparator.comparingLong(ArchiveEntry::offset));
        for (int i = 1; i < files.size(); i++) {
            ArchiveEntry prev = files.get(i - 1), e = files.get(i);
            if (e.offset() < prev.end())
                throw ArchiveEntries.refuse(e.name(), "its bytes overlap those of '" + prev.name() + "'", op);
        }
        return byName;
    }

    @Override public String archive() { return archive; }

    @Override public ArchiveEntry entry(String name) { return byName.get(name); }

    @Override public Collection<ArchiveEntry> entries() { return byName.values(); }

    @Override
    public InputStream open(ArchiveEntry e) {
        Contents c = new Contents(e);
        if (e.size() <= WHOLE_READ) {
            byte[] b = new byte[(int) e.size()];
            try {
                c.read(0, ByteBuffer.wrap(b));
            } catch (IOException ex) {
                throw new ImageException("read of " + e.name(), archive + ":" + e.name(), -1, "readable bytes", ex.toString(), ex);
            }
            return new ByteArrayInputStream(b);
        }
        return new java.io.BufferedInputStream(new PositionedStream(c), 1 << 16);
    }

    @Override public FileContents contents(ArchiveEntry e) { return new Contents(e); }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // read-only: nothing is lost
        }
    }

    /** An entry's bytes, at its offset in the archive file. */
    private final class Contents implements FileContents {
        private final ArchiveEntry e;

        Contents(ArchiveEntry e) {
            this.e = e;
        }

        @Override public long size() { return e.size(); }

        @Override
        public void read(long position, ByteBuffer dst) throws IOException {
            if (position < 0 || position + dst.remaining() > e.size())
                throw new EOFException(e.name() + " has " + e.size() + " bytes, not " + (position + dst.remaining()));
            long at = e.offset() + position;
            while (dst.hasRemaining()) {
                int n = channel.read(dst, at);
                if (n < 0) throw new EOFException(archive + " ends at byte " + at);
                at += n;
            }
        }

        @Override public Region region() { return new Region(channel, e.offset(), e.size()); }

        @Override public void close() {}
    }

    /** A stream over positioned reads (for the rare image file over 1 MiB). */
    private static final class PositionedStream extends InputStream {
        private final FileContents c;
        private long at;

        PositionedStream(FileContents c) {
            this.c = c;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            long left = c.size() - at;
            if (left <= 0) return len == 0 ? 0 : -1;
            int n = (int) Math.min(len, left);
            c.read(at, ByteBuffer.wrap(b, off, n));
            at += n;
            return n;
        }
    }
}
