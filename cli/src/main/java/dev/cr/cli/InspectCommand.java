package dev.cr.cli;

import dev.cr.engine.json.JsonWriter;
import dev.cr.engine.archive.ArchivedCheckpoint;
import dev.cr.engine.archive.ContainerMetadata;
import dev.cr.engine.image.CommandLines;
import dev.cr.engine.image.ImageDir;
import dev.cr.engine.image.Mappings;
import dev.cr.engine.image.Mounts;
import dev.cr.engine.image.OpenFiles;
import dev.cr.engine.image.PageCapture;
import dev.cr.engine.image.ProcessSummary;
import dev.cr.engine.image.ProcessTree;
import dev.cr.engine.image.Rss;
import dev.cr.engine.image.Sockets;
import dev.cr.engine.image.Statistics;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@code cr inspect DIR}: what a checkpoint holds, as a process tree and tables, or JSON. */
@Command(name = "inspect", mixinStandardHelpOptions = true,
        description = {"Show what a CRIU checkpoint holds: the process tree (pid, pgid, sid, state, command line, "
                + "open files, sockets, memory), and with options open files, sockets, mounts, memory mappings, "
                + "dumped pages per mapping, CRIU's statistics and a container engine's metadata.",
                "Reads a checkpoint directory, or an archive in place (cr pack, Podman, CRI-O, containerd; tar, "
                + "zstd, gzip or xz): nothing is extracted. Works without root and without CRIU.",
                "checkpointctl's flag names are accepted too: --ps-tree, --ps-tree-cmd, --ps-tree-env, --format."})
public final class InspectCommand implements Runnable {
    @Spec CommandSpec spec;

    @Parameters(paramLabel = "DIR|ARCHIVE|REF", description = "the checkpoint (CRIU images) directory, or an archive of "
            + "one: made by cr pack, or a Podman/CRI-O/containerd checkpoint archive (read in place, nothing extracted), "
            + "or a checkpoint image in a registry (REGISTRY/REPO:TAG: its manifest only, no page is fetched)")
    Path dir;

    @Option(names = {"--ps", "--ps-tree"}, description = "the process tree only: pid, pgid, sid, state, command line "
            + "(without options: the tree with open files, sockets and memory sizes)") boolean ps;
    @Option(names = "--ps-tree-cmd", description = "the same as --ps (the command line is always the full one, read "
            + "from the process's memory)") boolean psCmd;
    @Option(names = {"--env", "--ps-tree-env"}, description = "with the process tree: each process's environment, read from its memory") boolean env;
    @Option(names = {"-p", "--pid"}, paramLabel = "PID", description = "only this process and its descendants") Integer pid;
    @Option(names = "--files", description = "open files of each process") boolean files;
    @Option(names = "--sockets", description = "sockets of each process") boolean sockets;
    @Option(names = "--mounts", description = "mounts of the dumped mount namespaces") boolean mounts;
    @Option(names = "--mem", description = "memory mappings of each process: range, protection, backing file") boolean mem;
    @Option(names = "--rss", description = "dumped pages of each mapping (in this checkpoint, in its parents)") boolean rss;
    @Option(names = "--stats", description = "CRIU's dump and restore statistics") boolean stats;
    @Option(names = "--metadata", description = "a container archive's metadata (config.dump, spec.dump): id, name, "
            + "image, engine, times, sizes") boolean metadata;
    @Option(names = "--all", description = "every view above, environments included") boolean all;
    @Option(names = "--json", description = "JSON for programs instead of tables (the same as --format json)") boolean json;
    @Option(names = "--format", paramLabel = "tree|json", description = "tree (the default: tables and the process tree) or json") String format;

    // A registry reference instead of DIR|ARCHIVE (cr inspect REGISTRY/REPO:TAG): see InspectReference.
    @picocli.CommandLine.Mixin RegistryFlags registry;

    private boolean summary;
    private ArchivedCheckpoint archive;
    private final java.util.Set<Integer> shown = new java.util.HashSet<>();

    @Override
    public void run() {
        if (format != null) {
            switch (format) {
                case "json" -> json = true;
                case "tree" -> { }
                default -> throw new ParameterException(spec.commandLine(), "--format " + format + ": give tree or json");
            }
        }
        if (all) ps = env = files = sockets = mounts = mem = rss = stats = metadata = true;
        if (psCmd) ps = true;
        // The summary columns (files, sockets, sizes) cost reading more images: shown unless --ps asks for the bare tree.
        summary = !ps || all;
        if (env || !(files || sockets || mounts || mem || rss || stats || metadata)) ps = true;
        if (!java.nio.file.Files.exists(dir) && dev.cr.engine.registry.Reference.looksLikeReference(dir.toString())) {
            InspectReference.show(RegistryFlags.reference(spec, dir.toString()), registry, json, spec.commandLine().getOut(),
                    spec.commandLine().getErr());
            return;
        }
        if (java.nio.file.Files.isRegularFile(dir)) {
            // A compressed archive is read once: the pages the tree's command lines need are kept on the way.
            PageCapture capture = ps ? CommandLines.capture(env) : PageCapture.NONE;
            try (ArchivedCheckpoint a = ArchivedCheckpoint.open(dir, capture)) {
                archive = a;
                show(a.imageDir());
            }
        } else {
            show(ImageDir.open(dir));
        }
    }

    /** The processes the views show: all, or with --pid that process and its descendants, parents first. */
    private List<ProcessTree.Process> selected(ProcessTree tree) {
        if (pid == null) return tree.all();
        ProcessTree.Process top = tree.get(pid).orElseThrow(() -> new ParameterException(spec.commandLine(),
                "no process " + pid + " in " + dir + "; its pids are " + tree.all().stream().map(p -> p.pid()).toList()));
        List<ProcessTree.Process> out = new ArrayList<>();
        java.util.Set<Integer> seen = new java.util.HashSet<>();
        java.util.ArrayDeque<ProcessTree.Process> todo = new java.util.ArrayDeque<>(List.of(top));
        while (!todo.isEmpty()) {
            ProcessTree.Process p = todo.removeFirst();
            if (!seen.add(p.pid())) continue;
            out.add(p);
            todo.addAll(tree.children(p.pid()));
        }
        return out;
    }

    private void show(ImageDir images) {
        PrintWriter out = spec.commandLine().getOut();
        if (json) out.print(JsonWriter.INDENTED.document(toJson(images)));
        else text(images, out);
        out.flush();
    }

    // ---- text

    private void text(ImageDir images, PrintWriter out) {
        ProcessTree tree = images.processes();
        out.printf("%s: %d process%s%s%n", dir, tree.size(), tree.size() == 1 ? "" : "es",
                images.parent().map(p -> ", parent " + p.where()).orElse(""));
        if (metadata) metadataText(images, out);
        if (ps) {
            out.println();
            List<String[]> rows = new ArrayList<>();
            List<ProcessTree.Process> tops = pid == null ? tree.roots() : List.of(selected(tree).getFirst());
            for (ProcessTree.Process root : tops) {
                if (shown.add(root.pid())) psRows(images, tree, root, "", "", rows);
            }
            int width = Math.max(8, rows.stream().filter(r -> r.length > 1).mapToInt(r -> r[0].length()).max().orElse(0));
            if (summary) {
                out.printf("%-" + width + "s %7s %7s %-8s %5s %5s %9s %9s  %s%n", "PID", "PGID", "SID", "STATE", "FILES", "SOCKS",
                        "VIRTUAL", "DUMPED", "COMMAND");
            } else {
                out.printf("%-" + width + "s %7s %7s %-8s  %s%n", "PID", "PGID", "SID", "STATE", "COMMAND");
            }
            for (String[] r : rows) {
                if (r.length == 1) out.println(" ".repeat(width) + r[0].substring(r[0].indexOf('\0') + 1));
                else if (summary) out.printf("%-" + width + "s %7s %7s %-8s %5s %5s %9s %9s  %s%n", (Object[]) r);
                else out.printf("%-" + width + "s %7s %7s %-8s  %s%n", (Object[]) r);
            }
        }
        for (ProcessTree.Process p : selected(tree)) {
            boolean header = files || sockets || mem || rss;
            if (header) out.printf("%nprocess %d (%s)%n", p.pid(), p.comm());
            if (files) {
                out.println("  open files:");
                for (OpenFiles.OpenFile f : OpenFiles.of(images, p.pid())) {
                    out.printf("    %5s  %-8s %s%n", f.fd(), f.type(), f.description());
                }
            }
            if (sockets) {
                List<Sockets.Socket> list = Sockets.of(images, p.pid());
                out.println("  sockets:" + (list.isEmpty() ? " none" : ""));
                for (Sockets.Socket s : list) {
                    out.printf("    %5s  %-6s %-9s %-5s %-12s %s -> %s%n", s.fd(), s.family(), s.type(), s.protocol(),
                            s.state(), s.local(), s.remote());
                }
            }
            if (mem) {
                out.println("  mappings:  exe " + Mappings.executable(images, p.pid()));
                // One line per mapping, tens of thousands for some processes: written by hand, not with printf,
                // whose format parsing cost more than reading the mappings.
                StringBuilder line = new StringBuilder(128);
                for (Mappings.Mapping m : Mappings.of(images, p.pid())) {
                    line.setLength(0);
                    line.append("    ");
                    hex16(line, m.start());
                    line.append('-');
                    hex16(line, m.end());
                    line.append(' ').append(m.protection()).append(m.shared() ? 's' : 'p').append(' ');
                    String sz = Sizes.human(m.size());
                    line.repeat(' ', Math.max(0, 9 - sz.length())).append(sz).append("  ").append(m.backing());
                    if (m.pgoff() != 0 && !m.backing().isEmpty()) line.append(" + 0x").append(Long.toHexString(m.pgoff()));
                    out.println(line);
                }
            }
            if (rss) {
                out.printf("  dumped pages:%n    %-16s %8s %8s %8s %8s  %s%n", "START", "PAGES", "DUMPED", "PARENT", "LAZY", "BACKING");
                for (Rss.MappingRss r : Rss.of(images, p.pid())) {
                    out.printf("    %016x %8d %8d %8d %8d  %s%n", r.mapping().start(), r.mapping().size() / 4096, r.presentPages(),
                            r.parentPages(), r.lazyPages(), r.mapping().backing());
                }
            }
        }
        if (mounts) {
            List<Mounts.Mount> list = new ArrayList<>(Mounts.of(images));
            list.sort(java.util.Comparator.comparingInt(Mounts.Mount::id));
            out.println();
            out.println("mounts:" + (list.isEmpty() ? " none (the tree shared its parent's mount namespace)" : ""));
            if (!list.isEmpty()) out.printf("  %5s %6s  %-28s %-12s %-16s %s%n", "ID", "PARENT", "MOUNTPOINT", "TYPE", "SOURCE", "OPTIONS");
            for (Mounts.Mount m : list) {
                out.printf("  %5d %6d  %-28s %-12s %-16s %s%n", m.id(), m.parentId(), m.mountpoint(), m.fstype(),
                        m.source(), m.options());
            }
        }
        if (stats) {
            out.println();
            for (String name : List.of(Statistics.DUMP, Statistics.RESTORE)) {
                StatsView.print(out, name, Statistics.of(images, name));
            }
        }
    }

    /**
     * Appends the rows of {@code p} and its descendants, the tree drawn in the PID column the way checkpointctl's
     * --ps-tree draws it ({@code lead} is what the process's own line starts with, {@code rest} what its children's
     * lines continue). Environment lines are single cells.
     */
    private void psRows(ImageDir images, ProcessTree tree, ProcessTree.Process p, String lead, String rest, List<String[]> rows) {
        String id = lead + p.pid();
        if (summary) {
            ProcessSummary s = ProcessSummary.of(images, p);
            rows.add(new String[] {id, Integer.toString(p.pgid()), Integer.toString(p.sid()), p.state(),
                    Integer.toString(s.openFiles()), Integer.toString(s.sockets()), Sizes.human(s.virtualBytes()), Sizes.human(s.dumpedBytes()),
                    command(p, s.arguments())});
        } else {
            rows.add(new String[] {id, Integer.toString(p.pgid()), Integer.toString(p.sid()), p.state(),
                    command(p, CommandLines.arguments(images, p.pid()))});
        }
        if (env) {
            for (String e : CommandLines.environment(images, p.pid())) rows.add(new String[] {"\0   env " + e});
        }
        List<ProcessTree.Process> children = new ArrayList<>();
        for (ProcessTree.Process c : tree.children(p.pid())) if (shown.add(c.pid())) children.add(c); // a damaged pstree may loop
        for (int i = 0; i < children.size(); i++) {
            boolean last = i == children.size() - 1;
            psRows(images, tree, children.get(i), rest + (last ? "└─ " : "├─ "), rest + (last ? "   " : "│  "), rows);
        }
    }

    private void metadataText(ImageDir images, PrintWriter out) {
        out.println();
        if (archive == null) {
            out.println("metadata: none (" + dir + " is a directory; config.dump and spec.dump come with a container engine's archive)");
            return;
        }
        Optional<ContainerMetadata> m = ContainerMetadata.of(archive);
        out.printf("archive: %s, %s%n", archive.layout() == ArchivedCheckpoint.Layout.CONTAINER ? "a container checkpoint"
                : "made by cr pack", archive.compression().name().toLowerCase());
        m.ifPresent(c -> {
            out.println("container:");
            for (String[] f : new String[][] {{"engine", c.engine()}, {"id", c.id()}, {"name", c.name()}, {"image", c.image()},
                    {"runtime", c.runtime()}, {"created", c.created()}, {"checkpointed", c.checkpointed()}, {"command", c.command()}}) {
                if (!f[1].isEmpty()) out.printf("  %-13s %s%n", f[0], f[1]);
            }
        });
        long[] sizes = sizes(images);
        out.printf("  %-13s %s (memory pages %s)%n", "checkpoint", Sizes.human(sizes[0]), Sizes.human(sizes[1]));
        archive.sideSize("rootfs-diff.tar").ifPresent(b -> out.printf("  %-13s %s%n", "root fs diff", Sizes.human(b)));
    }

    /** Bytes of every file of the checkpoint, and of its pages files. */
    private static long[] sizes(ImageDir images) {
        long total = 0, pages = 0;
        for (String n : images.source().names()) {
            long b = images.source().size(n);
            total += b;
            if (n.startsWith("pages-")) pages += b;
        }
        return new long[] {total, pages};
    }

    /** The command line, or the kernel's name for the task in brackets when its arguments are not readable. */
    private static String command(ProcessTree.Process p, List<String> arguments) {
        return arguments.isEmpty() ? "[" + p.comm() + "]" : String.join(" ", arguments);
    }

    /** {@code v} as 16 lower-case hex digits, as %016x writes it. */
    static void hex16(StringBuilder sb, long v) {
        for (int shift = 60; shift >= 0; shift -= 4) sb.append(Character.forDigit((int) (v >>> shift) & 0xf, 16));
    }

    // ---- JSON

    private Map<String, Object> toJson(ImageDir images) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("dir", dir.toString());
        root.put("parent", images.parent().map(p -> (Object) p.where()).orElse(null));
        if (metadata) root.put("metadata", metadataJson(images));
        List<Object> processes = new ArrayList<>();
        for (ProcessTree.Process p : selected(images.processes())) {
            Map<String, Object> j = new LinkedHashMap<>();
            j.put("pid", p.pid());
            j.put("ppid", p.ppid());
            j.put("pgid", p.pgid());
            j.put("sid", p.sid());
            j.put("state", p.state());
            j.put("comm", p.comm());
            j.put("threads", p.threads());
            if (ps && !summary) {
                j.put("cmdline", CommandLines.arguments(images, p.pid()));
                if (env) j.put("environ", CommandLines.environment(images, p.pid()));
            } else if (ps) {
                ProcessSummary s = ProcessSummary.of(images, p);
                j.put("exe", s.executable());
                j.put("cmdline", s.arguments());
                if (env) j.put("environ", CommandLines.environment(images, p.pid()));
                j.put("open_files", s.openFiles());
                j.put("sockets", s.sockets());
                j.put("virtual_bytes", s.virtualBytes());
                j.put("dumped_bytes", s.dumpedBytes());
            }
            if (files) {
                // In a fixed order (Map.of's order changes from run to run): the JSON must be diffable.
                j.put("files", OpenFiles.of(images, p.pid()).stream().map(f -> {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("fd", f.fd()); m.put("type", f.type()); m.put("id", f.fileId()); m.put("description", f.description());
                    return (Object) m;
                }).toList());
            }
            if (sockets) {
                j.put("socket_list", Sockets.of(images, p.pid()).stream().map(s -> {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("fd", s.fd()); m.put("family", s.family()); m.put("type", s.type()); m.put("protocol", s.protocol());
                    m.put("state", s.state()); m.put("local", s.local()); m.put("remote", s.remote()); m.put("inode", s.inode());
                    return (Object) m;
                }).toList());
            }
            if (mem) {
                j.put("mappings", Mappings.of(images, p.pid()).stream().map(m -> {
                    Map<String, Object> x = new LinkedHashMap<>();
                    x.put("start", "0x" + Long.toHexString(m.start())); x.put("end", "0x" + Long.toHexString(m.end()));
                    x.put("prot", m.protection()); x.put("shared", m.shared()); x.put("backing", m.backing()); x.put("pgoff", m.pgoff());
                    return (Object) x;
                }).toList());
            }
            if (rss) {
                j.put("rss", Rss.of(images, p.pid()).stream().map(r -> {
                    Map<String, Object> x = new LinkedHashMap<>();
                    x.put("start", "0x" + Long.toHexString(r.mapping().start())); x.put("pages", r.mapping().size() / 4096);
                    x.put("dumped", r.presentPages()); x.put("parent", r.parentPages()); x.put("lazy", r.lazyPages());
                    x.put("backing", r.mapping().backing());
                    return (Object) x;
                }).toList());
            }
            processes.add(j);
        }
        root.put("processes", processes);
        if (mounts) {
            root.put("mounts", Mounts.of(images).stream().map(m -> {
                Map<String, Object> x = new LinkedHashMap<>();
                x.put("mnt_id", m.id()); x.put("parent_mnt_id", m.parentId()); x.put("mountpoint", m.mountpoint());
                x.put("fstype", m.fstype()); x.put("source", m.source()); x.put("root", m.root()); x.put("options", m.options());
                return (Object) x;
            }).toList());
        }
        if (stats) {
            Map<String, Object> st = new LinkedHashMap<>();
            Statistics.of(images, Statistics.DUMP).ifPresent(c -> st.put("dump", StatsView.json(c)));
            Statistics.of(images, Statistics.RESTORE).ifPresent(c -> st.put("restore", StatsView.json(c)));
            root.put("stats", st);
        }
        return root;
    }

    private Map<String, Object> metadataJson(ImageDir images) {
        Map<String, Object> m = new LinkedHashMap<>();
        long[] sizes = sizes(images);
        m.put("checkpoint_bytes", sizes[0]);
        m.put("pages_bytes", sizes[1]);
        if (archive == null) return m;
        m.put("layout", archive.layout() == ArchivedCheckpoint.Layout.CONTAINER ? "container" : "cr-pack");
        m.put("compression", archive.compression().name().toLowerCase());
        archive.sideSize("rootfs-diff.tar").ifPresent(b -> m.put("rootfs_diff_bytes", b));
        ContainerMetadata.of(archive).ifPresent(c -> {
            m.put("engine", c.engine()); m.put("id", c.id()); m.put("name", c.name()); m.put("image", c.image());
            m.put("runtime", c.runtime()); m.put("created", c.created()); m.put("checkpointed", c.checkpointed());
            m.put("command", c.command());
        });
        return m;
    }
}
