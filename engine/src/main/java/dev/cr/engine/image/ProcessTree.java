package dev.cr.engine.image;

import dev.cr.proto.CoreProto.core_entry;
import dev.cr.proto.PstreeProto.pstree_entry;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The processes of a checkpoint (pstree.img with each task's core image) as a tree. Pids are the ones CRIU
 * recorded: inside the dumped tree's own pid namespace when it has one.
 */
public final class ProcessTree {
    /** One dumped process. {@code state} is CRIU's task state in words: alive, zombie, stopped. */
    public record Process(int pid, int ppid, int pgid, int sid, List<Integer> threads, String state, String comm) {}

    private final Map<Integer, Process> byPid;
    private final Map<Integer, List<Process>> children;

    private ProcessTree(Map<Integer, Process> byPid) {
        this.byPid = byPid;
        this.children = new LinkedHashMap<>();
        for (Process p : byPid.values()) {
            if (p.ppid() != p.pid() && byPid.containsKey(p.ppid())) children.computeIfAbsent(p.ppid(), k -> new ArrayList<>()).add(p);
        }
    }

    static ProcessTree of(ImageDir dir, List<pstree_entry> entries) {
        Map<Integer, Process> byPid = new LinkedHashMap<>();
        for (pstree_entry e : entries) {
            core_entry core = dir.core(e.getPid());
            String comm = core.hasTc() ? core.getTc().getComm() : "";
            String state = core.hasTc() ? state(core.getTc().getTaskState()) : "unknown";
            byPid.put(e.getPid(), new Process(e.getPid(), e.getPpid(), e.getPgid(), e.getSid(),
                    List.copyOf(e.getThreadsList()), state, comm));
        }
        return new ProcessTree(byPid);
    }

    /** CRIU's task states (TASK_ALIVE, TASK_DEAD, TASK_STOPPED...) in words. */
    static String state(int taskState) {
        return switch (taskState) {
            case 1 -> "alive";
            case 2 -> "dead";
            case 3 -> "zombie";
            case 6 -> "stopped";
            default -> "state " + taskState;
        };
    }

    /** All processes in pstree order (parents before children). */
    public List<Process> all() { return List.copyOf(byPid.values()); }

    public Optional<Process> get(int pid) { return Optional.ofNullable(byPid.get(pid)); }

    /** Processes whose parent is not in the checkpoint (normally one: the dumped tree's root). */
    public List<Process> roots() {
        List<Process> roots = new ArrayList<>(byPid.values().stream()
                .filter(p -> p.ppid() == p.pid() || !byPid.containsKey(p.ppid())).toList());
        // A damaged pstree can make parents a cycle: then no member is a root, so the first member of each
        // cycle is one, and a walk from the roots still reaches every process once.
        java.util.Set<Integer> reached = new java.util.HashSet<>();
        java.util.ArrayDeque<Process> todo = new java.util.ArrayDeque<>(roots);
        while (true) {
            while (!todo.isEmpty()) {
                Process p = todo.pop();
                if (reached.add(p.pid())) todo.addAll(children(p.pid()));
            }
            Process unreached = byPid.values().stream().filter(p -> !reached.contains(p.pid())).findFirst().orElse(null);
            if (unreached == null) return roots;
            roots.add(unreached);
            todo.add(unreached);
        }
    }

    public List<Process> children(int pid) { return children.getOrDefault(pid, Collections.emptyList()); }

    public int size() { return byPid.size(); }
}
