package dev.cr.engine.archive;

import dev.cr.engine.image.FileContents;
import dev.cr.engine.image.ImageException;
import dev.cr.engine.image.ImageKind;
import dev.cr.engine.image.PageCapture;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A compressed tar archive (zstd, gzip, xz) read in one pass: the image files of its checkpoint part are kept
 * in the heap (a few MiB even for hundreds of processes); pages files go by, and only the bytes a
 * {@link PageCapture} asks for are kept (a page or two per process for command lines). What is not kept is
 * read again only when a view asks for it: then a second pass copies those entries into a temporary file that is
 * removed on close (a memory search, a hexdump of a page no one planned for). The root file system diff and the
 * rest of a container archive are skipped unread.
 */
final class DecompressedArchive implements ArchiveEntries {
    /** Image files kept in the heap, at most; beyond, they go to the temporary file. */
    static final long HEAP_BUDGET = 48L << 20;
    /** An image file larger than this is not kept, and read again if it is ever opened. */
    static final long KEEP_MAX = 16L << 20;
    /** A file beside the images (config.dump, spec.dump) is kept when at most this large. */
    static final long SIDE_MAX = 1L << 20;

    private final Path file;
    private final String archive;
    private final PageCapture capture;
    private final String op;
    private final Map<String, ArchiveEntry> byName = new LinkedHashMap<>();
    private final List<ArchiveEntry> inOrder = new ArrayList<>();
    /** What a pass has read so far, per images part, for the page capture (kept: its names grow with the pass). */
    private final Map<String, ArchiveFiles> seen = new HashMap<>();
    private final byte[] scratch = new byte[1 << 16];
    private final Map<String, byte[]> kept = new HashMap<>();
    private final Map<String, Long> spilled = new HashMap<>();
    private final Map<String, Captured> captured = new HashMap<>();
    private long keptBytes;
    private Path spillPath;
    private FileChannel spill;
    private boolean allPagesSpilled;
    /** How many times the archive was decompressed: 1 unless a view needed what the first pass let go. */
    private int passes;

    /** Bytes of a pages file kept during a pass, by offset; {@code planned} when the capture could say what to keep. */
    private record Captured(TreeMap<Long, byte[]> chunks, boolean planned) {}

    private DecompressedArchive(Path file, PageCapture capture, String op) {
        this.file = file;
        this.archive = file.toString();
        this.capture = capture;
        this.op = op;
    }

    static DecompressedArchive read(Path file, PageCapture capture, String op) {
        DecompressedArchive a = new DecompressedArchive(file, capture, op);
        try {
            a.pass(Set.of(), true);
            return a;
        } catch (RuntimeException e) {
            a.close();
            throw e;
        }
    }

    int passes() { return passes; }

    /**
     * One pass through the archive. The first lists and checks every entry, keeps the image files and captures
     * pages; later ones copy the entries named in {@code toSpill} to the temporary file, and capture the pages the
     * first pass could not plan for (the files that say which pages are wanted came after them).
     */
    private void pass(Set<String> toSpill, boolean first) {
        passes++;
        String current = null;
        TarHeaders parser = new TarHeaders(op);
        byte[] h = new byte[TarHeaders.BLOCK];
        try (InputStream raw = Files.newInputStream(file); InputStream in = Compression.decompress(raw)) {
            long at = 0;
            while (true) {
                int got = in.readNBytes(h, 0, TarHeaders.BLOCK);
                if (got == 0) break; // no end-of-archive blocks: tar readers accept that
                if (got < TarHeaders.BLOCK) throw new EOFException("the archive ends inside a header");
                TarHeaders.Header hd = parser.read(h, at);
                if (hd == null) break;
                at += TarHeaders.BLOCK + TarHeaders.padded(hd.length());
                Body body = new Body(in, hd.length());
                if (hd.extension()) {
                    TarHeaders.checkExtension(hd.length(), hd.where(), op);
                    byte[] data = body.readNBytes((int) hd.length());
                    if (data.length != hd.length()) throw new EOFException("the archive ends inside an extended header");
                    parser.extension(hd, data);
                    skip(in, TarHeaders.padded(hd.length()) - hd.length());
                    continue;
                }
                ArchiveEntry found = hd.entry(-1);
                if (found != null) {
                    current = found.name();
                    entry(found, body, toSpill, first);
                }
                skip(body, body.left);
                skip(in, TarHeaders.padded(hd.length()) - hd.length());
            }
        } catch (EOFException e) {
            throw new ArchiveException(op, "the archive is truncated" + (current == null ? "" : " (in entry '" + current + "')"),
                    "copy the archive again from its source; it ends before its last entry", e);
        } catch (IOException e) {
            throw new ArchiveException(op, "the archive cannot be read" + (current == null ? "" : " at entry '" + current + "'")
                    + ": " + e.getMessage(), "check that the file is a complete tar archive (optionally zstd, gzip or xz compressed)", e);
        }
    }

    /** What a pass does with one entry, its data readable from {@code body}. */
    private void entry(ArchiveEntry found, InputStream body, Set<String> toSpill, boolean first) throws IOException {
        String name = found.name();
        ArchiveEntry e;
        if (first) {
            e = found;
            ArchiveEntry before = byName.putIfAbsent(name, e);
            if (before != null && !(before.kind() == ArchiveEntry.Kind.DIRECTORY && e.kind() == ArchiveEntry.Kind.DIRECTORY))
                throw ArchiveEntries.refuse(name, "it appears twice in the archive", op);
            if (before == null) inOrder.add(e);
        } else {
            e = byName.get(name);
            if (e == null) throw new ArchiveException(op, "the archive changed while it was read: '" + name + "' is new", "do not change an archive while reading it");
        }
        if (e.kind() != ArchiveEntry.Kind.FILE) return;
        String prefix = imagesPrefix(name);
        String base = prefix == null ? name : name.substring(prefix.length());
        if (!first) {
            if (toSpill.contains(name)) spillEntry(body, e);
            else if (captured.get(name) instanceof Captured c && !c.planned()) captured.put(name, capture(body, e, prefix, base, true));
            return;
        }
        if (prefix == null) return; // the root file system diff, volumes: not the checkpoint's
        if (bulk(base)) captured.put(name, capture(body, e, prefix, base, false));
        else if (e.size() <= (!prefix.isEmpty() || base.endsWith(".img") || base.startsWith("stats-") ? KEEP_MAX : SIDE_MAX)) keep(body, e);
    }

    /** One entry's data in the stream: reads end where the entry does. */
    private static final class Body extends InputStream {
        private final InputStream in;
        long left;

        Body(InputStream in, long length) {
            this.in = in;
            this.left = length;
        }

        @Override
        public int read() throws IOException {
            if (left <= 0) return -1;
            int b = in.read();
            if (b < 0) throw new EOFException("the archive ends inside an entry");
            left--;
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (left <= 0) return len == 0 ? 0 : -1;
            int n = in.read(b, off, (int) Math.min(len, left));
            if (n < 0) throw new EOFException("the archive ends inside an entry");
            left -= n;
            return n;
        }
    }

    /** Reads {@code n} bytes away into one buffer (the decompressors' own skip allocates a buffer per call). */
    private void skip(InputStream in, long n) throws IOException {
        long left = n;
        while (left > 0) {
            int r = in.read(scratch, 0, (int) Math.min(scratch.length, left));
            if (r < 0) throw new EOFException("the archive ends " + left + " bytes early");
            left -= r;
        }
    }

    /**
     * The part of the archive a name's images directory is: "checkpoint/" (container engines) or "" (cr pack),
     * followed by "parent/" once per step of a packed pre-dump chain; null when the name is deeper than that.
     */
    static String imagesPrefix(String name) {
        String prefix = name.startsWith("checkpoint/") ? "checkpoint/" : "";
        String rest = name.substring(prefix.length());
        while (rest.startsWith("parent/")) {
            prefix += "parent/";
            rest = rest.substring("parent/".length());
        }
        return rest.contains("/") ? null : prefix;
    }

    /** Files whose bytes are not entries: pages and the other raw dumps (tmpfs contents, netfilter tables). */
    static boolean bulk(String base) {
        return ImageKind.isRawName(base);
    }

    private void keep(InputStream tar, ArchiveEntry e) throws IOException {
        if (keptBytes + e.size() > HEAP_BUDGET) {
            spillEntry(tar, e);
            return;
        }
        byte[] b = new byte[(int) e.size()];
        int got = tar.readNBytes(b, 0, b.length);
        if (got != e.size()) throw new EOFException("entry ended after " + got + " of " + e.size() + " bytes");
        kept.put(e.name(), b);
        keptBytes += b.length;
    }

    private void spillEntry(InputStream tar, ArchiveEntry e) throws IOException {
        FileChannel ch = spill();
        long at = ch.size(), copied = 0;
        ByteBuffer buf = ByteBuffer.allocate(1 << 16);
        int n;
        while (copied < e.size() && (n = tar.read(buf.array(), 0, (int) Math.min(buf.capacity(), e.size() - copied))) > 0) {
            buf.limit(n).position(0);
            while (buf.hasRemaining()) ch.write(buf, at + copied + buf.position());
            copied += n;
        }
        if (copied != e.size()) throw new EOFException("entry ended after " + copied + " of " + e.size() + " bytes");
        spilled.put(e.name(), at);
    }

    private Captured capture(InputStream tar, ArchiveEntry e, String prefix, String base, boolean complete) throws IOException {
        long[] ranges = capture.ranges(base, complete ? new ArchiveFiles(this, prefix, true)
                : seen.computeIfAbsent(prefix, p -> new ArchiveFiles(this, p, false)));
        TreeMap<Long, byte[]> chunks = new TreeMap<>();
        if (ranges == null) return new Captured(chunks, false);
        // Sorted and merged, so that the stream is read forward once.
        TreeMap<Long, Long> wanted = new TreeMap<>();
        for (int i = 0; i + 1 < ranges.length; i += 2) {
            long from = Math.max(0, ranges[i]), to = Math.min(e.size(), ranges[i] + ranges[i + 1]);
            if (to > from) wanted.merge(from, to, Math::max);
        }
        List<long[]> merged = new ArrayList<>();
        for (var w : wanted.entrySet()) {
            if (!merged.isEmpty() && w.getKey() <= merged.getLast()[1]) merged.getLast()[1] = Math.max(merged.getLast()[1], w.getValue());
            else merged.add(new long[] {w.getKey(), w.getValue()});
        }
        long at = 0;
        for (long[] r : merged) {
            skip(tar, r[0] - at);
            byte[] b = tar.readNBytes((int) (r[1] - r[0]));
            if (b.length != r[1] - r[0]) throw new EOFException("entry ended before byte " + r[1]);
            chunks.put(r[0], b);
            at = r[1];
        }
        return new Captured(chunks, true);
    }

    private FileChannel spill() throws IOException {
        if (spill == null) {
            spillPath = Files.createTempFile("cr-archive-", ".pages");
            spill = FileChannel.open(spillPath, StandardOpenOption.READ, StandardOpenOption.WRITE);
        }
        return spill;
    }

    /** Copies the entry to the temporary file, with every other pages file when {@code allPages} (a scan of all memory). */
    private void ensureSpilled(ArchiveEntry e, boolean allPages) {
        if (spilled.containsKey(e.name()) || kept.containsKey(e.name())) return;
        Set<String> names = new HashSet<>();
        names.add(e.name());
        if (allPages && !allPagesSpilled) {
            for (String n : captured.keySet()) if (!spilled.containsKey(n)) names.add(n);
            allPagesSpilled = true;
        }
        pass(names, false);
    }

    @Override public String archive() { return archive; }

    @Override public ArchiveEntry entry(String name) { return byName.get(name); }

    @Override public List<ArchiveEntry> entries() { return inOrder; }

    @Override
    public InputStream open(ArchiveEntry e) {
        byte[] b = kept.get(e.name());
        if (b != null) return new ByteArrayInputStream(b);
        ensureSpilled(e, false);
        byte[] all = new byte[(int) Math.min(e.size(), Integer.MAX_VALUE - 16)];
        try {
            new Contents(e).read(0, ByteBuffer.wrap(all));
        } catch (IOException ex) {
            throw new ImageException("read of " + e.name(), archive + ":" + e.name(), -1, "readable bytes", ex.toString(), ex);
        }
        return new ByteArrayInputStream(all);
    }

    @Override public FileContents contents(ArchiveEntry e) { return new Contents(e); }

    @Override
    public void close() {
        try {
            if (spill != null) spill.close();
            if (spillPath != null) Files.deleteIfExists(spillPath);
        } catch (IOException ignored) {
            // best effort: the file is in the temporary directory and named cr-archive-*
        }
        spill = null;
    }

    /** An entry's bytes: kept ones from the heap, captured pages from their chunks, anything else read again. */
    private final class Contents implements FileContents {
        private final ArchiveEntry e;

        Contents(ArchiveEntry e) {
            this.e = e;
        }

        @Override public long size() { return e.size(); }

        @Override
        public void read(long position, ByteBuffer dst) throws IOException {
            int len = dst.remaining();
            if (position < 0 || position + len > e.size())
                throw new EOFException(e.name() + " has " + e.size() + " bytes, not " + (position + len));
            byte[] b = kept.get(e.name());
            if (b != null) {
                dst.put(b, (int) position, len);
                return;
            }
            Captured c = captured.get(e.name());
            var chunk = c == null ? null : c.chunks().floorEntry(position);
            if (chunk != null && position + len <= chunk.getKey() + chunk.getValue().length) {
                dst.put(chunk.getValue(), (int) (position - chunk.getKey()), len);
                return;
            }
            if (c != null && !c.planned() && !spilled.containsKey(e.name())) {
                // The first pass could not plan this file's pages: a second pass captures every unplanned one.
                pass(Set.of(), false);
                Captured again = captured.get(e.name());
                var retry = again.chunks().floorEntry(position);
                if (retry != null && position + len <= retry.getKey() + retry.getValue().length) {
                    dst.put(retry.getValue(), (int) (position - retry.getKey()), len);
                    return;
                }
            }
            ensureSpilled(e, false);
            long at = spilled.get(e.name()) + position;
            while (dst.hasRemaining()) {
                int n = spill.read(dst, at);
                if (n < 0) throw new EOFException(e.name() + " ends early in the temporary copy");
                at += n;
            }
        }

        @Override
        public Region region() {
            byte[] b = kept.get(e.name());
            ensureSpilled(e, b == null);
            if (b != null && !spilled.containsKey(e.name())) {
                try {
                    FileChannel ch = spill();
                    long at = ch.size();
                    ch.write(ByteBuffer.wrap(b), at);
                    spilled.put(e.name(), at);
                } catch (IOException ex) {
                    throw new ImageException("read of " + e.name(), archive + ":" + e.name(), -1, "a temporary copy", ex.toString(), ex);
                }
            }
            return new Region(spill, spilled.get(e.name()), e.size());
        }

        @Override public void close() {}
    }
}
