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

    /**
     * Reads the headers one block each, skipping every entry's data unread (see {@link TarHeaders}; commons-compress's
     * TarFile parsed every header's times through classes whose start-up cost more than the whole index).
     */
    static List<ArchiveEntry> headers(FileChannel ch, String op) throws IOException {
        List<ArchiveEntry> out = new ArrayList<>();
        long size = ch.size(), at = 0;
        // Headers are read 64 KiB at a time: the small image files lie back to back, so one read finds dozens.
        ByteBuffer ahead = ByteBuffer.allocate(64 * 1024);
        long aheadAt = -1;
        byte[] h = new byte[TarHeaders.BLOCK];
        TarHeaders parser = new TarHeaders(op);
        while (at + TarHeaders.BLOCK <= size) {
            if (aheadAt < 0 || at < aheadAt || at + TarHeaders.BLOCK > aheadAt + ahead.limit()) {
                ahead.clear();
                while (ahead.position() < TarHeaders.BLOCK)
                    if (ch.read(ahead, at + ahead.position()) < 0) throw new EOFException("end of the archive in a header");
                ahead.flip();
                aheadAt = at;
            }
            System.arraycopy(ahead.array(), (int) (at - aheadAt), h, 0, TarHeaders.BLOCK);
            TarHeaders.Header hd = parser.read(h, at);
            if (hd == null) break; // the end-of-archive blocks
            long data = at + TarHeaders.BLOCK;
            at = data + TarHeaders.padded(hd.length());
            if (hd.extension()) {
                if (data + hd.length() > size) throw ArchiveEntries.refuse(hd.where(), "its extended header lies past the end of the archive", op);
                parser.extension(hd, read(ch, data, hd.length(), hd.where(), op));
                continue;
            }
            ArchiveEntry e = hd.entry(data);
            if (e == null) continue; // the archive's own root directory, "./"
            out.add(e);
            if (e.kind() == ArchiveEntry.Kind.FILE && e.end() > size) break; // check() names it: past the end
        }
        return out;
    }

    private static byte[] read(FileChannel ch, long at, long length, String where, String op) throws IOException {
        TarHeaders.checkExtension(length, where, op);
        ByteBuffer b = ByteBuffer.allocate((int) length);
        while (b.hasRemaining()) if (ch.read(b, at + b.position()) < 0) throw new EOFException("end of the archive in an extended header");
        return b.array();
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
