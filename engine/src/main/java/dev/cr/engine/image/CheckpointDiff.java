package dev.cr.engine.image;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * What changed between two checkpoints (of the same tree at two times, or of two trees): processes that came
 * or went or changed, open files, sockets, and memory sizes. Processes are matched by pid.
 */
public final class CheckpointDiff {
    /**
     * One difference. {@code area} is "process", "file", "socket" or "memory"; {@code change} is "added",
     * "removed" or "changed"; {@code key} says which one (a descriptor, a field); before/after are in words
     * (empty for added/removed).
     */
    public record Difference(String area, int pid, String change, String key, String before, String after) {}

    private CheckpointDiff() {}

    public static List<Difference> between(ImageDir a, ImageDir b) {
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
}
