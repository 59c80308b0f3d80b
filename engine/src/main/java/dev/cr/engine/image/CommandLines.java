package dev.cr.engine.image;


import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A process's command line and environment, read from its dumped memory: mm-PID.img gives the ranges the kernel
 * recorded (arg_start..arg_end, env_start..env_end), and the pages there hold NUL-separated strings.
 */
public final class CommandLines {
    /** Longer ranges are not command lines: a guard against damaged images. */
    private static final long MAX_RANGE = 1 << 20;

    private CommandLines() {}

    /**
     * A process's command line, as {@code /proc/PID/cmdline} showed it at dump time.
     *
     * @param dir the checkpoint
     * @param pid the process, by its pid in the dumped tree's pid namespace
     * @return the arguments, the program name first; empty when the pages holding them were not dumped, or the
     *         range is empty or longer than 1 MiB (damage)
     * @throws ImageException when its mm image or pagemap cannot be read
     */
    public static List<String> arguments(ImageDir dir, int pid) {
        try (MemoryMap mem = dir.memory(pid)) {
            return arguments(dir, mem);
        }
    }

    /**
     * A process's environment as it was at dump time ({@code NAME=value} strings).
     *
     * @param dir the checkpoint
     * @param pid the process, by its pid in the dumped tree's pid namespace
     * @return the strings in order; empty when the pages holding them were not dumped, or the range is empty or
     *         longer than 1 MiB
     * @throws ImageException when its mm image or pagemap cannot be read
     */
    public static List<String> environment(ImageDir dir, int pid) {
        try (MemoryMap mem = dir.memory(pid)) {
            return environment(dir, mem);
        }
    }

    /**
     * The arguments, read through an already open memory map of the process.
     *
     * @param dir the checkpoint
     * @param mem the process's memory, left open
     * @return as {@link #arguments(ImageDir, int)}
     */
    public static List<String> arguments(ImageDir dir, MemoryMap mem) {
        ImageDir.MmSummary mm = dir.mmSummary(mem.pid());
        return strings(mem, mm.argStart(), mm.argEnd());
    }

    /**
     * The environment, read through an already open memory map of the process.
     *
     * @param dir the checkpoint
     * @param mem the process's memory, left open
     * @return as {@link #environment(ImageDir, int)}
     */
    public static List<String> environment(ImageDir dir, MemoryMap mem) {
        ImageDir.MmSummary mm = dir.mmSummary(mem.pid());
        return strings(mem, mm.envStart(), mm.envEnd());
    }

    private static List<String> strings(MemoryMap mem, long from, long to) {
        long length = to - from;
        if (length <= 0 || length > MAX_RANGE) return List.of();
        if (!mem.readable(from) || !mem.readable(to - 1)) return List.of();
        byte[] bytes = mem.read(from, (int) length);
        List<String> out = new ArrayList<>();
        int s = 0;
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == 0) {
                out.add(new String(bytes, s, i - s, StandardCharsets.UTF_8));
                s = i + 1;
            }
        }
        if (s < bytes.length) out.add(new String(bytes, s, bytes.length - s, StandardCharsets.UTF_8));
        return out;
    }

    /**
     * What {@link #arguments} (and with {@code environment}, {@link #environment}) will read of a pages file: the
     * page-aligned bytes holding the ranges mm-PID.img names, for the process whose pagemap names that pages file.
     * The capture remembers the pagemaps it has read: use one per reading of an archive, from one thread.
     *
     * @param environment whether to keep the environment's pages too, not only the command line's
     * @return a capture for a streaming archive reader
     */
    public static PageCapture capture(boolean environment) {
        java.util.Map<Integer, String> pagemapByPagesId = new java.util.HashMap<>();
        java.util.Set<String> headsRead = new java.util.HashSet<>();
        return (pagesName, seen) -> {
            int id;
            try {
                id = Integer.parseInt(pagesName.substring("pages-".length(), pagesName.length() - ".img".length()));
            } catch (RuntimeException e) {
                return new long[0];
            }
            for (String n : seen.names()) {
                if (!n.startsWith("pagemap-") || !n.endsWith(".img") || n.startsWith("pagemap-shmem") || !headsRead.add(n)) continue;
                ImageEntries.Entry head = ImageEntries.first(seen, n);
                if (head != null && head.message() instanceof dev.cr.proto.PagemapProto.pagemap_head h) pagemapByPagesId.put(h.getPagesId(), n);
            }
            String pagemap = pagemapByPagesId.get(id);
            if (pagemap == null) return null;
            int pid;
            try {
                pid = Integer.parseInt(pagemap.substring("pagemap-".length(), pagemap.length() - ".img".length()));
            } catch (RuntimeException e) {
                return new long[0];
            }
            if (!seen.has("mm-" + pid + ".img")) return null;
            ImageDir partial = ImageDir.partial(seen);
            ImageDir.MmSummary mm = partial.mmSummary(pid);
            List<Long> out = new ArrayList<>();
            try (MemoryMap mem = partial.memory(pid)) {
                pages(mem, mm.argStart(), mm.argEnd(), out);
                if (environment) pages(mem, mm.envStart(), mm.envEnd(), out);
            }
            long[] r = new long[out.size()];
            for (int i = 0; i < r.length; i++) r[i] = out.get(i);
            return r;
        };
    }

    /** Appends the whole pages of this pages file that hold [from, to). */
    private static void pages(MemoryMap mem, long from, long to, List<Long> out) {
        long length = to - from;
        if (length <= 0 || length > MAX_RANGE) return;
        List<MemoryMap.Located> parts = new ArrayList<>();
        try {
            mem.locateHere(from, length, parts);
        } catch (RuntimeException e) {
            return; // not dumped here: the reader will not find it either, and says so then
        }
        for (MemoryMap.Located l : parts) {
            long start = l.fileOffset() - Math.floorMod(l.fileOffset(), MemoryMap.PAGE_SIZE);
            long end = l.fileOffset() + l.length();
            end += Math.floorMod(-end, MemoryMap.PAGE_SIZE);
            out.add(start);
            out.add(end - start);
        }
    }
}
