package dev.cr.engine.image;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * What changed between two checkpoints (of the same tree at two times, or of two trees): processes that came
 * or went or changed, open files, sockets, memory sizes, and the memory itself compared page by page (pages
 * dumped in both at the same address whose bytes differ, pages dumped in only one). Processes are matched by pid.
 */
public final class CheckpointDiff {
    /**
     * One difference.
     *
     * @param area   "process", "file", "socket" or "memory"
     * @param pid    the process it is in, by its pid in the dumped tree's pid namespace
     * @param change "added", "removed" or "changed"
     * @param key    which one: a descriptor number, a field name, a memory address; empty for a whole process
     * @param before the value in the first checkpoint, in words; empty when added
     * @param after  the value in the second checkpoint, in words; empty when removed
     */
    public record Difference(String area, int pid, String change, String key, String before, String after) {}

    private CheckpointDiff() {}

    /**
     * The differences between two checkpoints, memory compared page by page: reads every dumped page of both.
     *
     * @param a the earlier (or reference) checkpoint
     * @param b the later (or compared) checkpoint
     * @return the differences, by pid then area; empty when the two hold the same processes, files, sockets and memory
     * @throws ImageException when an image of either checkpoint cannot be read
     */
    public static List<Difference> between(ImageDir a, ImageDir b) {
        return between(a, b, true);
    }

    /**
     * The differences between two checkpoints, with or without comparing the memory's bytes.
     *
     * @param a     the earlier (or reference) checkpoint
     * @param b     the later (or compared) checkpoint
     * @param pages whether to compare the memory's bytes page by page too (reads every dumped page of both);
     *              without it memory is compared by mapping sizes only
     * @return the differences, by pid then area; empty when none is found
     * @throws ImageException when an image of either checkpoint cannot be read
     */
    public static List<Difference> between(ImageDir a, ImageDir b, boolean pages) {
        List<Difference> out = new ArrayList<>();
        ProcessTree ta = a.processes(), tb = b.processes();
        TreeSet<Integer> pids = new TreeSet<>();
        ta.all().forEach(p -> pids.add(p.pid()));
        tb.all().forEach(p -> pids.add(p.pid()));
        for (int pid : pids) {
            var pa = ta.get(pid);
            var pb = tb.get(pid);
            if (pa.isEmpty()) {
                out.add(new Difference("process", pid, "added", "", "", describe(pb.get())));
                continue;
            }
            if (pb.isEmpty()) {
                out.add(new Difference("process", pid, "removed", "", describe(pa.get()), ""));
                continue;
            }
            compare(out, "process", pid, "comm", pa.get().comm(), pb.get().comm());
            compare(out, "process", pid, "state", pa.get().state(), pb.get().state());
            compare(out, "process", pid, "ppid", Integer.toString(pa.get().ppid()), Integer.toString(pb.get().ppid()));
            compare(out, "process", pid, "threads", Integer.toString(pa.get().threads().size()), Integer.toString(pb.get().threads().size()));
            compareMaps(out, "file", pid, files(a, pid), files(b, pid));
            compareMaps(out, "socket", pid, sockets(a, pid), sockets(b, pid));
            compareMaps(out, "memory", pid, memory(a, pid), memory(b, pid));
            if (pages) comparePages(out, pid, a, b);
        }
        return out;
    }

    private static String describe(ProcessTree.Process p) {
        return p.comm() + " (ppid " + p.ppid() + ", " + p.state() + ")";
    }

    private static void compare(List<Difference> out, String area, int pid, String key, String before, String after) {
        if (!Objects.equals(before, after)) out.add(new Difference(area, pid, "changed", key, before, after));
    }

    private static void compareMaps(List<Difference> out, String area, int pid, Map<String, String> a, Map<String, String> b) {
        for (var e : a.entrySet()) {
            String other = b.get(e.getKey());
            if (other == null) out.add(new Difference(area, pid, "removed", e.getKey(), e.getValue(), ""));
            else compare(out, area, pid, e.getKey(), e.getValue(), other);
        }
        for (var e : b.entrySet()) {
            if (!a.containsKey(e.getKey())) out.add(new Difference(area, pid, "added", e.getKey(), "", e.getValue()));
        }
    }

    private static Map<String, String> files(ImageDir dir, int pid) {
        Map<String, String> m = new LinkedHashMap<>();
        for (OpenFiles.OpenFile f : OpenFiles.of(dir, pid)) {
            if (!f.type().endsWith("SK")) m.put(f.fd(), f.description());
        }
        return m;
    }

    private static Map<String, String> sockets(ImageDir dir, int pid) {
        Map<String, String> m = new LinkedHashMap<>();
        for (Sockets.Socket s : Sockets.of(dir, pid)) {
            m.put(s.fd(), s.family() + " " + s.type() + " " + s.state() + " " + s.local() + " -> " + s.remote());
        }
        return m;
    }

    private static Map<String, String> memory(ImageDir dir, int pid) {
        Map<String, String> m = new LinkedHashMap<>();
        List<Mappings.Mapping> maps = Mappings.of(dir, pid);
        m.put("mappings", Integer.toString(maps.size()));
        m.put("virtual bytes", Long.toString(maps.stream().mapToLong(Mappings.Mapping::size).sum()));
        try (MemoryMap mem = dir.memory(pid)) {
            m.put("dumped pages", Long.toString(mem.presentPages() + mem.parentPages()));
        }
        return m;
    }

    /** Reads this much of both memories at a time. */
    private static final int CHUNK = 1 << 20;

    /**
     * Compares the dumped memory of one process in both checkpoints, page by page at the same virtual address.
     * One difference sums it up: how many pages differ, and how many are dumped in only one of them, with the
     * first addresses that differ.
     */
    private static void comparePages(List<Difference> out, int pid, ImageDir a, ImageDir b) {
        if (!a.has("pagemap-" + pid + ".img") || !b.has("pagemap-" + pid + ".img")) return;
        long differ = 0, onlyA, onlyB, same = 0;
        List<String> first = new ArrayList<>();
        try (MemoryMap ma = a.memory(pid); MemoryMap mb = b.memory(pid)) {
            List<long[]> ra = ranges(ma), rb = ranges(mb);
            long inA = ra.stream().mapToLong(r -> r[1] - r[0]).sum(), inB = rb.stream().mapToLong(r -> r[1] - r[0]).sum();
            long both = 0;
            byte[] x = new byte[CHUNK], y = new byte[CHUNK];
            int i = 0, k = 0;
            while (i < ra.size() && k < rb.size()) {
                long from = Math.max(ra.get(i)[0], rb.get(k)[0]), to = Math.min(ra.get(i)[1], rb.get(k)[1]);
                for (long at = from; at < to; at += CHUNK) {
                    int n = (int) Math.min(CHUNK, to - at);
                    ma.read(at, x, 0, n);
                    mb.read(at, y, 0, n);
                    for (int p = 0; p < n; p += MemoryMap.PAGE_SIZE) {
                        int end = Math.min(n, p + MemoryMap.PAGE_SIZE);
                        if (java.util.Arrays.mismatch(x, p, end, y, p, end) >= 0) {
                            differ++;
                            if (first.size() < 3) first.add("0x" + Long.toHexString(at + p));
                        } else {
                            same++;
                        }
                    }
                    both += n;
                }
                if (ra.get(i)[1] <= rb.get(k)[1]) i++; else k++;
            }
            onlyA = (inA - both) / MemoryMap.PAGE_SIZE;
            onlyB = (inB - both) / MemoryMap.PAGE_SIZE;
        }
        if (differ == 0 && onlyA == 0 && onlyB == 0) return;
        out.add(new Difference("memory", pid, "changed", "page contents", "",
                differ + " of " + (differ + same) + " pages dumped in both differ" + (first.isEmpty() ? "" : " (first at " + String.join(", ", first) + ")")
                        + (onlyA > 0 ? ", " + onlyA + " dumped only in the first" : "")
                        + (onlyB > 0 ? ", " + onlyB + " dumped only in the second" : "")));
    }

    /** The address ranges whose bytes the checkpoint holds (here or in a parent), in order, merged. */
    private static List<long[]> ranges(MemoryMap mem) {
        List<long[]> out = new ArrayList<>();
        for (MemoryMap.Located l : mem.locateAll()) {
            long from = l.address(), to = l.address() + l.length();
            if (!out.isEmpty() && out.getLast()[1] == from) out.getLast()[1] = to;
            else out.add(new long[] {from, to});
        }
        return out;
    }
}
