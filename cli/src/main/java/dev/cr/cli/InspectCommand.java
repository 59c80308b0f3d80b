package dev.cr.cli;

import com.google.protobuf.Descriptors;
import com.google.protobuf.Message;
import dev.cr.engine.archive.PodmanCheckpoint;
import dev.cr.engine.image.CommandLines;
import dev.cr.engine.image.ImageDir;
import dev.cr.engine.image.Mappings;
import dev.cr.engine.image.OpenFiles;
import dev.cr.engine.image.ProcessSummary;
import dev.cr.engine.image.ProcessTree;
import dev.cr.engine.image.Rss;
import dev.cr.engine.image.Sockets;
import dev.cr.proto.MntProto.mnt_entry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
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
        description = {"Show what a CRIU checkpoint directory holds: the process tree (pid, pgid, sid, state, "
                + "command line, open files, sockets, memory), and with options open files, sockets, mounts, "
                + "memory mappings, dumped pages per mapping and CRIU's statistics.",
                "Reads the image files only: works without root and without CRIU."})
public final class InspectCommand implements Runnable {
    @Spec CommandSpec spec;

    @Parameters(paramLabel = "DIR|ARCHIVE|REF", description = "the checkpoint (CRIU images) directory, or a Podman/CRI-O "
            + "checkpoint archive (only its checkpoint/ part and side files are extracted, to a temporary directory), "
            + "or a checkpoint image in a registry (REGISTRY/REPO:TAG: its manifest only, no page is fetched)")
    Path dir;

    @Option(names = "--ps", description = "the process tree only: pid, pgid, sid, state, command line "
            + "(without options: the tree with open files, sockets and memory sizes)") boolean ps;
    @Option(names = "--env", description = "with the process tree: each process's environment, read from its memory") boolean env;
    @Option(names = "--files", description = "open files of each process") boolean files;
    @Option(names = "--sockets", description = "sockets of each process") boolean sockets;
    @Option(names = "--mounts", description = "mounts of the dumped mount namespaces") boolean mounts;
    @Option(names = "--mem", description = "memory mappings of each process: range, protection, backing file") boolean mem;
    @Option(names = "--rss", description = "dumped pages of each mapping (in this checkpoint, in its parents)") boolean rss;
    @Option(names = "--stats", description = "CRIU's dump and restore statistics") boolean stats;
    @Option(names = "--all", description = "every view above, environments included") boolean all;
    @Option(names = "--json", description = "JSON for programs instead of tables") boolean json;

    // A registry reference instead of DIR|ARCHIVE (cr inspect REGISTRY/REPO:TAG): see InspectReference.
    @picocli.CommandLine.Mixin RegistryFlags registry;

    private boolean summary;
    private final java.util.Set<Integer> shown = new java.util.HashSet<>();

    @Override
    public void run() {
        if (all) ps = env = files = sockets = mounts = mem = rss = stats = true;
        // The summary columns (files, sockets, sizes) cost reading more images: shown unless --ps asks for the bare tree.
        summary = !ps || all;
        if (env || !(files || sockets || mounts || mem || rss || stats)) ps = true;
        if (!java.nio.file.Files.exists(dir) && dev.cr.engine.registry.Reference.looksLikeReference(dir.toString())) {
            InspectReference.show(RegistryFlags.reference(spec, dir.toString()), registry, json, spec.commandLine().getOut(),
                    spec.commandLine().getErr());
            return;
        }
        if (java.nio.file.Files.isRegularFile(dir)) {
            try (PodmanCheckpoint archive = PodmanCheckpoint.open(dir)) {
                show(ImageDir.open(archive.imagesDir()));
            }
        } else {
            show(ImageDir.open(dir));
        }
    }

    private void show(ImageDir images) {
        PrintWriter out = spec.commandLine().getOut();
        if (json) out.print(Json.write(toJson(images)));
        else text(images, out);
        out.flush();
    }

    // ---- text

    private void text(ImageDir images, PrintWriter out) {
        ProcessTree tree = images.processes();
        out.printf("%s: %d process%s%s%n", dir, tree.size(), tree.size() == 1 ? "" : "es",
                images.parent().map(p -> ", parent " + p.path()).orElse(""));
        if (ps) {
            out.println();
            if (summary) {
                out.printf("%-8s %7s %7s %-8s %5s %5s %9s %9s  %s%n", "PID", "PGID", "SID", "STATE", "FILES", "SOCKS",
                        "VIRTUAL", "DUMPED", "COMMAND");
            } else {
                out.printf("%-8s %7s %7s %-8s  %s%n", "PID", "PGID", "SID", "STATE", "COMMAND");
            }
            for (ProcessTree.Process root : tree.roots()) {
                if (shown.add(root.pid())) psRow(images, tree, root, "", out);
            }
        }
        for (ProcessTree.Process p : tree.all()) {
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
                for (Mappings.Mapping m : Mappings.of(images, p.pid())) {
                    out.printf("    %016x-%016x %s%s %9s  %s%s%n", m.start(), m.end(), m.protection(), m.shared() ? "s" : "p",
                            size(m.size()), m.backing(), m.pgoff() != 0 && !m.backing().isEmpty() ? " + 0x" + Long.toHexString(m.pgoff()) : "");
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
            List<mnt_entry> list = new ArrayList<>(images.mounts());
            list.sort(java.util.Comparator.comparingInt(mnt_entry::getMntId));
            out.println();
            out.println("mounts:" + (list.isEmpty() ? " none (the tree shared its parent's mount namespace)" : ""));
            if (!list.isEmpty()) out.printf("  %5s %6s  %-28s %-12s %-16s %s%n", "ID", "PARENT", "MOUNTPOINT", "TYPE", "SOURCE", "OPTIONS");
            for (mnt_entry m : list) {
                out.printf("  %5d %6d  %-28s %-12s %-16s %s%n", m.getMntId(), m.getParentMntId(), m.getMountpoint(), fstype(m),
                        m.getSource(), m.getOptions());
            }
        }
        if (stats) {
            out.println();
            for (String name : List.of("stats-dump", "stats-restore")) {
                Optional<? extends Message> s = images.stats(name);
                out.println(name + ":" + (s.isEmpty() ? " not in the directory" : ""));
                s.ifPresent(m -> flat("", fields(m), out));
            }
        }
    }

    private void psRow(ImageDir images, ProcessTree tree, ProcessTree.Process p, String indent, PrintWriter out) {
        if (summary) {
            ProcessSummary s = ProcessSummary.of(images, p);
            out.printf("%-8s %7d %7d %-8s %5d %5d %9s %9s  %s%n", indent + p.pid(), p.pgid(), p.sid(), p.state(), s.openFiles(),
                    s.sockets(), size(s.virtualBytes()), size(s.dumpedBytes()), command(p, s.arguments()));
        } else {
            out.printf("%-8s %7d %7d %-8s  %s%n", indent + p.pid(), p.pgid(), p.sid(), p.state(),
                    command(p, CommandLines.arguments(images, p.pid())));
        }
        if (env) {
            for (String e : CommandLines.environment(images, p.pid())) out.println("           env " + e);
        }
        for (ProcessTree.Process c : tree.children(p.pid())) {
            if (shown.add(c.pid())) psRow(images, tree, c, indent + " ", out); // a damaged pstree may loop
        }
    }

    /** The command line, or the kernel's name for the task in brackets when its arguments are not readable. */
    private static String command(ProcessTree.Process p, List<String> arguments) {
        return arguments.isEmpty() ? "[" + p.comm() + "]" : String.join(" ", arguments);
    }

    static String size(long bytes) {
        if (bytes < 1024) return bytes + "B";
        String units = "KMGTPE";
        double v = bytes;
        int u = -1;
        while (v >= 1024 && u < units.length() - 1) { v /= 1024; u++; }
        return String.format(v >= 100 ? "%.0f%ci" : "%.1f%ci", v, units.charAt(u));
    }

    private static String fstype(mnt_entry m) {
        if (m.hasFsname() && !m.getFsname().isEmpty()) return m.getFsname();
        var type = dev.cr.proto.MntProto.fstype.forNumber(m.getFstype());
        return type == null ? "fstype " + m.getFstype() : type.name().toLowerCase();
    }

    /** A message's set fields by proto name (statistics are flat messages of numbers). */
    private static Map<String, Object> fields(Message m) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<Descriptors.FieldDescriptor, Object> e : m.getAllFields().entrySet()) {
            out.put(e.getKey().getName(), e.getValue() instanceof Message sub ? fields(sub) : e.getValue());
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static void flat(String prefix, Map<String, Object> fields, PrintWriter out) {
        fields.forEach((k, v) -> {
            if (v instanceof Map<?, ?> sub) flat(prefix + k + ".", (Map<String, Object>) sub, out);
            else out.printf("  %-32s %s%n", prefix + k, v);
        });
    }

    // ---- JSON

    private Map<String, Object> toJson(ImageDir images) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("dir", dir.toString());
        root.put("parent", images.parent().map(p -> (Object) p.path().toString()).orElse(null));
        List<Object> processes = new ArrayList<>();
        for (ProcessTree.Process p : images.processes().all()) {
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
                j.put("files", OpenFiles.of(images, p.pid()).stream().map(f -> (Object) Map.of(
                        "fd", f.fd(), "type", f.type(), "id", f.fileId(), "description", f.description())).toList());
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
            root.put("mounts", images.mounts().stream().map(m -> {
                Map<String, Object> x = new LinkedHashMap<>();
                x.put("mnt_id", m.getMntId()); x.put("parent_mnt_id", m.getParentMntId()); x.put("mountpoint", m.getMountpoint());
                x.put("fstype", fstype(m)); x.put("source", m.getSource()); x.put("root", m.getRoot()); x.put("options", m.getOptions());
                return (Object) x;
            }).toList());
        }
        if (stats) {
            Map<String, Object> st = new LinkedHashMap<>();
            images.stats("stats-dump").ifPresent(m -> st.put("dump", fields(m)));
            images.stats("stats-restore").ifPresent(m -> st.put("restore", fields(m)));
            root.put("stats", st);
        }
        return root;
    }
}
