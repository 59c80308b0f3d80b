package dev.cr.engine.image;

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
    /**
     * One dumped process. Pids are in the dumped tree's pid namespace.
     *
     * @param pid     its pid
     * @param ppid    its parent's pid; the parent may be outside the checkpoint (the tree's root)
     * @param pgid    its process group id
     * @param sid     its session id
     * @param threads the ids of its threads as pstree.img lists them (the main thread's id equals {@code pid})
     * @param state   CRIU's task state in words: alive, zombie, stopped
     * @param comm    its command name as the kernel keeps it (at most 15 characters)
     */
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
            String[] task = task(dir, e.getPid());
            byPid.put(e.getPid(), new Process(e.getPid(), e.getPpid(), e.getPgid(), e.getSid(),
                    List.copyOf(e.getThreadsList()), task[1], task[0]));
        }
        return new ProcessTree(byPid);
    }

    /** Wire numbers of core_entry.tc, task_core_entry.task_state and task_core_entry.comm. */
    private static final int TC = 3, TASK_STATE = 1, COMM = 6;

    /**
     * The name and state of a task, read from its core image without decoding the rest: registers, FPU state,
     * signal actions and timers are most of a core entry, and decoding them (and first building the descriptors of
     * the fourteen .proto files core_entry draws on) was most of the cost of showing a process tree.
     */
    static String[] task(ImageDir dir, int pid) {
        String name = "core-" + pid + ".img";
        byte[] payload;
        try (ImageFile image = dir.source().image(name)) {
            if (image.kind() != ImageKind.CORE) {
                throw new ImageException("read of " + name, dir.source().where(name), 0, "a core image",
                        "a " + image.kind() + " image", null);
            }
            payload = image.nextPayload();
        }
        if (payload == null) {
            throw new ImageException("read of " + name, dir.source().where(name), -1, "one core_entry entry", "no entry", null);
        }
        String comm = "", state = "unknown";
        try {
            com.google.protobuf.CodedInputStream in = com.google.protobuf.CodedInputStream.newInstance(payload);
            int tag;
            while ((tag = in.readTag()) != 0) {
                if (tag != (TC << 3 | 2)) {
                    in.skipField(tag);
                    continue;
                }
                int limit = in.pushLimit(in.readRawVarint32());
                if (state.equals("unknown")) state = state(0); // task_state is required: absent reads as 0
                int t;
                while ((t = in.readTag()) != 0) {
                    if (t == (TASK_STATE << 3)) state = state(in.readUInt32());
                    else if (t == (COMM << 3 | 2)) comm = in.readString();
                    else in.skipField(t);
                }
                in.popLimit(limit);
            }
        } catch (java.io.IOException e) {
            throw new ImageException("read of " + name, dir.source().where(name), 12, "a valid core_entry protobuf message",
                    "bytes that do not parse (" + e.getMessage() + ")", e);
        }
        return new String[] {comm, state};
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

    /**
     * All processes in pstree order (parents before children).
     *
     * @return an unmodifiable copy
     */
    public List<Process> all() { return List.copyOf(byPid.values()); }

    /**
     * One process by pid.
     *
     * @param pid its pid in the dumped tree's pid namespace
     * @return the process, or empty when the checkpoint does not hold it
     */
    public Optional<Process> get(int pid) { return Optional.ofNullable(byPid.get(pid)); }

    /**
     * Processes whose parent is not in the checkpoint (normally one: the dumped tree's root).
     *
     * @return the roots; in a damaged tree whose parents form a cycle, one member of each cycle too, so that a walk
     *         from the roots reaches every process once
     */
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

    /**
     * The children of a process.
     *
     * @param pid the parent's pid
     * @return its children in pstree order; empty for a leaf or a pid not in the checkpoint
     */
    public List<Process> children(int pid) { return children.getOrDefault(pid, Collections.emptyList()); }

    /** {@return the number of processes in the checkpoint (threads not counted)} */
    public int size() { return byPid.size(); }
}
