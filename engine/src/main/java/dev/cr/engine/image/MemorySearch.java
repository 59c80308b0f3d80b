package dev.cr.engine.image;

import dev.cr.ffm.io.MappedFiles;
import dev.cr.ffm.io.MappedFiles.Region;

import java.io.IOException;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Searches the dumped memory of every process of a checkpoint for bytes or a regular expression. Pages files
 * are mapped (one confined arena per process, unmapped when that process is done) and scanned in place: a
 * literal search tests eight bytes at a time for the needle's first byte, so nothing is copied to the heap but
 * the context of each match.
 */
public final class MemorySearch {
    /**
     * One hit.
     *
     * @param pid     the process, by its pid in the dumped tree's pid namespace
     * @param address the virtual address of the match's first byte
     * @param mapping the mapping it lies in
     * @param before  up to {@code context} bytes before the match (fewer at the start of a dumped run)
     * @param match   the matched bytes
     * @param after   up to {@code context} bytes after the match
     */
    public record Match(int pid, long address, Mappings.Mapping mapping, byte[] before, byte[] match, byte[] after) {}

    /**
     * What a search went through.
     *
     * @param processes    how many processes' memory was scanned
     * @param bytesScanned how many bytes of dumped memory were scanned
     * @param matches      how many matches were reported (no more than the limit)
     */
    public record Summary(int processes, long bytesScanned, long matches) {}

    private static final long ONES = 0x0101010101010101L, HIGHS = 0x8080808080808080L;
    /** 64 KiB of words per thread for the literal scan. */
    private static final ThreadLocal<long[]> WORDS = ThreadLocal.withInitial(() -> new long[8192]);
    private static final int REGEX_CHUNK = 1 << 20, REGEX_OVERLAP = 4096;

    private final int context;
    private final long limit;

    /**
     * A search that keeps {@code context} bytes around each match and stops after {@code limit} matches.
     * One instance may serve several threads: it holds no state between searches.
     *
     * @param context bytes to keep on each side of a match, 0 to 65536
     * @param limit   stop after this many matches (0 or less: all)
     * @throws IllegalArgumentException when {@code context} is out of range
     */
    public MemorySearch(int context, long limit) {
        if (context < 0 || context > 1 << 16) throw new IllegalArgumentException("context must be 0..65536");
        this.context = context;
        this.limit = limit <= 0 ? Long.MAX_VALUE : limit;
    }

    /**
     * Finds every occurrence of {@code needle} in every process's memory.
     *
     * @param dir    the checkpoint
     * @param needle the bytes to find, not empty
     * @param out    receives each match, in process then address order, on the calling thread
     * @return what was scanned and found
     * @throws IllegalArgumentException when {@code needle} is empty
     * @throws ImageException when a pagemap or pages file cannot be read
     */
    public Summary bytes(ImageDir dir, byte[] needle, Consumer<Match> out) {
        if (needle.length == 0) throw new IllegalArgumentException("empty search text");
        return run(dir, (seg, r, hit) -> scanBytes(seg, r, needle, hit), out);
    }

    /**
     * Finds matches of {@code regex} (over bytes read as ISO-8859-1 characters) in every process's memory.
     * Memory is scanned in 1 MiB pieces overlapping by one page, so a match longer than a page may be missed.
     *
     * @param dir   the checkpoint
     * @param regex the pattern; one char stands for one byte
     * @param out   receives each match, in process then address order, on the calling thread
     * @return what was scanned and found
     * @throws ImageException when a pagemap or pages file cannot be read
     */
    public Summary regex(ImageDir dir, Pattern regex, Consumer<Match> out) {
        return run(dir, (seg, r, hit) -> scanRegex(seg, r, regex, hit), out);
    }

    interface Scanner { boolean scan(Region pages, MemoryMap.Located range, Hit hit); }
    /** Reports a match at a file offset of the range's pages file; returns false to stop. */
    interface Hit { boolean at(long fileOffset, int length); }

    private Summary run(ImageDir dir, Scanner scanner, Consumer<Match> out) {
        long scanned = 0;
        long[] found = {0};
        int processes = 0;
        for (ProcessTree.Process p : dir.processes().all()) {
            processes++;
            // The mappings are decoded only when the process has a match: most processes have none.
            List<List<Mappings.Mapping>> maps = new ArrayList<>(1);
            try (MemoryMap mem = dir.memory(p.pid()); MappedFiles files = MappedFiles.confined()) {
                Map<MemoryMap, Region> mapped = new IdentityHashMap<>();
                for (MemoryMap.Located r : mem.locateAll()) {
                    Region seg = mapped.computeIfAbsent(r.owner(), o -> map(o, files));
                    scanned += r.length();
                    boolean go = scanner.scan(seg, r, (off, len) -> {
                        long address = r.address() + (off - r.fileOffset());
                        if (maps.isEmpty()) maps.add(Mappings.of(dir, p.pid()));
                        out.accept(match(p.pid(), address, maps.getFirst(), seg, r, off, len));
                        return ++found[0] < limit;
                    });
                    if (!go) return new Summary(processes, scanned, found[0]);
                }
            }
        }
        return new Summary(processes, scanned, found[0]);
    }

    private static Region map(MemoryMap owner, MappedFiles files) {
        try {
            FileContents.Region r = owner.contents().region();
            return files.map(r.channel(), r.offset(), r.size());
        } catch (IOException e) {
            throw new ImageException("search of memory of pid " + owner.pid(), owner.pagesFile(), -1,
                    "a pages file that can be mapped", e.toString(), e);
        }
    }

    private Match match(int pid, long address, List<Mappings.Mapping> maps, Region seg, MemoryMap.Located r,
                        long off, int len) {
        long lo = Math.max(r.fileOffset(), off - context);
        long hi = Math.min(r.fileOffset() + r.length(), off + len + context);
        byte[] before = seg.bytes(lo, off - lo);
        byte[] match = seg.bytes(off, len);
        byte[] after = seg.bytes(off + len, Math.max(0, hi - off - len));
        return new Match(pid, address, mappingAt(maps, address), before, match, after);
    }

    static Mappings.Mapping mappingAt(List<Mappings.Mapping> maps, long address) {
        int lo = 0, hi = maps.size() - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            Mappings.Mapping m = maps.get(mid);
            if (Long.compareUnsigned(address, m.start()) < 0) hi = mid - 1;
            else if (Long.compareUnsigned(address, m.end()) >= 0) lo = mid + 1;
            else return m;
        }
        return null;
    }

    /** Literal search: find candidate positions of the first byte eight at a time (SWAR), then compare. */
    static boolean scanBytes(Region seg, MemoryMap.Located r, byte[] needle, Hit hit) {
        long from = r.fileOffset(), end = r.fileOffset() + r.length();
        long lastStart = end - needle.length;
        if (lastStart < from) return true;
        long first = (needle[0] & 0xffL) * ONES;
        long i = from;
        // The words are copied in blocks into a heap long[] (a bulk copy, then plain array loads, which both JIT
        // tiers compile tightly) and tested two at a time: a pair without a candidate byte costs two loads and a
        // few ALU ops.
        long[] words = WORDS.get();
        while (end - i >= 16) {
            int n = (int) Math.min(words.length, (end - i) >>> 3) & ~1;
            seg.copyLongs(i, words, 0, n);
            for (int k = 0; k < n; k += 2) {
                long x0 = words[k] ^ first, x1 = words[k + 1] ^ first;
                long t0 = (x0 - ONES) & ~x0 & HIGHS, t1 = (x1 - ONES) & ~x1 & HIGHS;
                if ((t0 | t1) == 0) continue;
                long at = i + 8L * k;
                if (!candidates(seg, at, t0, lastStart, needle, hit) || !candidates(seg, at + 8, t1, lastStart, needle, hit)) return false;
            }
            i += 8L * n;
        }
        for (; i + 8 <= end; i += 8) {
            long x = seg.longAt(i) ^ first;
            if (!candidates(seg, i, (x - ONES) & ~x & HIGHS, lastStart, needle, hit)) return false;
        }
        for (; i <= lastStart; i++) {
            if (seg.byteAt(i) == needle[0] && equalAt(seg, i, needle) && !hit.at(i, needle.length)) return false;
        }
        return true;
    }

    /** Checks the candidate positions flagged in {@code t} (high bit of each byte) of the word at {@code i}. */
    private static boolean candidates(Region seg, long i, long t, long lastStart, byte[] needle, Hit hit) {
        while (t != 0) {
            long pos = i + (Long.numberOfTrailingZeros(t) >>> 3);
            t &= t - 1;
            if (pos <= lastStart && equalAt(seg, pos, needle) && !hit.at(pos, needle.length)) return false;
        }
        return true;
    }

    private static boolean equalAt(Region seg, long pos, byte[] needle) {
        for (int k = 0; k < needle.length; k++) {
            if (seg.byteAt(pos + k) != needle[k]) return false;
        }
        return true;
    }

    /** Regex search over chunks copied to the heap; chunks overlap so matches up to 4 KiB long are not cut. */
    static boolean scanRegex(Region seg, MemoryMap.Located r, Pattern regex, Hit hit) {
        long from = r.fileOffset(), end = r.fileOffset() + r.length();
        byte[] buf = new byte[(int) Math.min(REGEX_CHUNK + REGEX_OVERLAP, r.length())];
        Latin1 text = new Latin1(buf);
        for (long chunk = from; chunk < end; chunk += REGEX_CHUNK) {
            int n = (int) Math.min(buf.length, end - chunk);
            seg.copyBytes(chunk, buf, 0, n);
            text.length = n;
            boolean lastChunk = chunk + n >= end;
            Matcher m = regex.matcher(text);
            while (m.find()) {
                // A match starting in the overlap belongs to the next chunk, which sees it whole.
                if (!lastChunk && m.start() >= REGEX_CHUNK) break;
                if (m.end() == m.start()) continue;
                if (!hit.at(chunk + m.start(), m.end() - m.start())) return false;
            }
            if (lastChunk) break;
        }
        return true;
    }

    /** Bytes seen as ISO-8859-1 characters, without copying them into a String. */
    private static final class Latin1 implements CharSequence {
        private final byte[] b;
        int length;
        Latin1(byte[] b) { this.b = b; }
        @Override public int length() { return length; }
        @Override public char charAt(int i) { return (char) (b[i] & 0xff); }
        @Override public CharSequence subSequence(int s, int e) { return new String(b, s, e - s, java.nio.charset.StandardCharsets.ISO_8859_1); }
        @Override public String toString() { return new String(b, 0, length, java.nio.charset.StandardCharsets.ISO_8859_1); }
    }
}
