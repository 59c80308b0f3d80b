package dev.cr.cli;

import dev.cr.engine.json.JsonWriter;
import dev.cr.engine.lxc.CheckpointOptions;
import dev.cr.engine.lxc.ContainerInfo;
import dev.cr.engine.lxc.Containers;
import dev.cr.engine.lxc.Feature;
import dev.cr.engine.lxc.LxcException;
import dev.cr.engine.lxc.LxcMigrateCall;
import dev.cr.engine.lxc.Snapshot;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;

/** {@code cr lxc ...}: LXC containers checkpointed and restored whole through liblxc. */
@Command(name = "lxc", mixinStandardHelpOptions = true,
        description = "Checkpoint, restore, stateful stop/start and stateful snapshots of LXC containers (liblxc + CRIU).",
        subcommands = {
                LxcCommand.Check.class,
                LxcCommand.Checkpoint.class,
                LxcCommand.PreDump.class,
                LxcCommand.Restore.class,
                LxcCommand.Stop.class,
                LxcCommand.Start.class,
                LxcCommand.SnapshotCommand.class,
                LxcCommand.Info.class,
        })
final class LxcCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Options every {@code cr lxc} subcommand takes. */
    static final class Common {
        @Option(names = {"-P", "--lxcpath"}, paramLabel = "DIR", description = "The lxcpath (default: the system one, lxc.lxcpath).")
        Path lxcpath;

        @Option(names = "--criu", paramLabel = "PATH", description = "The CRIU liblxc runs (default: $CR_CRIU, the provisioned one, PATH).")
        Path criu;

        @Option(names = "--json", description = "Print one JSON object (with CRIU's statistics).")
        boolean json;

        @Option(names = "--stats", description = "Print CRIU's statistics (times, pages) after a checkpoint or restore.")
        boolean stats;

        Containers containers() {
            Containers c = lxcpath != null ? Containers.at(lxcpath) : Containers.system();
            return criu != null ? c.withCriu(criu) : c;
        }
    }

    /** Base of the subcommands: the common options, the output, and the JSON/text switch. */
    abstract static class Sub implements Callable<Integer> {
        @Mixin
        Common common;

        @Spec
        CommandSpec spec;

        PrintWriter out() {
            return spec.commandLine().getOut();
        }

        void print(Map<String, Object> doc, String text) {
            out().println(common.json ? JsonWriter.INDENTED.write(doc) : text);
            out().flush();
        }

        static Map<String, Object> result(LxcMigrateCall r) {
            var m = new LinkedHashMap<String, Object>();
            m.put("operation", r.operation());
            m.put("container", r.container());
            m.put("directory", r.directory().toString());
            m.put("log", r.logPath() == null ? null : r.logPath().toString());
            m.put("duration_ms", r.duration().toMillis());
            m.put("init_pid", r.initPid());
            r.dumpStats().ifPresent(s -> m.put("stats", StatsView.json(s)));
            r.restoreStats().ifPresent(s -> m.put("stats", StatsView.json(s)));
            return m;
        }

        /** The result in a few lines, with CRIU's statistics when --stats is given. */
        String text(LxcMigrateCall r) {
            var t = new StringBuilder("%s of %s done in %d ms%s%nimages: %s%nlog: %s".formatted(r.operation(), r.container(),
                    r.duration().toMillis(), r.initPid() > 0 ? " (init pid " + r.initPid() + ")" : "",
                    r.directory() + (Files.isDirectory(r.directory()) ? "" : " (removed after the restore)"), r.logPath()));
            if (common.stats) {
                StringWriter lines = new StringWriter();
                PrintWriter w = new PrintWriter(lines);
                r.dumpStats().ifPresent(s -> StatsView.print(w, s));
                r.restoreStats().ifPresent(s -> StatsView.print(w, s));
                w.flush();
                if (r.dumpStats().isEmpty() && r.restoreStats().isEmpty()) t.append("%nno CRIU statistics were written".formatted());
                else t.append(System.lineSeparator()).append(lines.toString().stripTrailing());
            }
            return t.toString();
        }
    }

    @Command(name = "check", mixinStandardHelpOptions = true,
            description = "Show liblxc's version, the lxcpath, and which CRIU features liblxc finds (needs root).")
    static final class Check extends Sub {
        @Override
        public Integer call() {
            Cli.requireRoot("cr lxc check");
            Containers c = common.containers();
            Set<Feature> have = c.featureCheck(EnumSet.allOf(Feature.class));
            var doc = new LinkedHashMap<String, Object>();
            doc.put("liblxc_version", Containers.liblxcVersion());
            doc.put("lxcpath", c.lxcpath().toString());
            var features = new LinkedHashMap<String, Object>();
            for (Feature f : Feature.values()) features.put(f.name().toLowerCase(), have.contains(f));
            doc.put("features", features);
            var text = new StringBuilder("liblxc   " + doc.get("liblxc_version") + "\nlxcpath  " + c.lxcpath());
            for (Feature f : Feature.values())
                text.append("\n%-10s %s".formatted(f.name().toLowerCase(), have.contains(f) ? "yes" : "no"));
            print(doc, text.toString());
            return 0;
        }
    }

    @Command(name = "checkpoint", mixinStandardHelpOptions = true,
            description = "Checkpoint a running container into DIR; it keeps running unless --stop is given.")
    static final class Checkpoint extends Sub {
        @Parameters(index = "0", paramLabel = "NAME") String name;
        @Parameters(index = "1", paramLabel = "DIR", description = "where the images go (must not hold a checkpoint)") Path dir;
        @Option(names = {"-s", "--stop"}, description = "Stop the container after the checkpoint.") boolean stop;
        @Option(names = "--parent", paramLabel = "DIR", description = "A pre-dump this checkpoint builds on.") Path parent;
        @Option(names = "--preserves-inodes", description = "The rootfs keeps its inode numbers where it is restored.") boolean preservesInodes;
        @Option(names = "--ghost-limit", paramLabel = "BYTES", description = "Largest deleted-but-open file kept in the images.") long ghostLimit;

        @Override
        public Integer call() {
            Cli.requireRoot("cr lxc checkpoint");
            LxcMigrateCall r = common.containers().checkpoint(name, CheckpointOptions.to(dir).stopAfter(stop)
                    .withParent(parent).preservesInodes(preservesInodes).ghostLimit(ghostLimit));
            print(result(r), text(r));
            return 0;
        }
    }

    @Command(name = "pre-dump", mixinStandardHelpOptions = true,
            description = "Pre-dump a running container's memory into DIR (needs CRIU's dirty memory tracking).")
    static final class PreDump extends Sub {
        @Parameters(index = "0", paramLabel = "NAME") String name;
        @Parameters(index = "1", paramLabel = "DIR") Path dir;
        @Option(names = "--parent", paramLabel = "DIR", description = "The previous pre-dump.") Path parent;

        @Override
        public Integer call() {
            Cli.requireRoot("cr lxc pre-dump");
            LxcMigrateCall r = common.containers().preDump(name, CheckpointOptions.to(dir).withParent(parent));
            print(result(r), text(r));
            return 0;
        }
    }

    @Command(name = "restore", mixinStandardHelpOptions = true,
            description = {"Restore a stopped container from a checkpoint directory, or bring back one of its snapshots.",
                    "FROM is a directory when it contains a '/' or names an existing directory, else a snapshot name."})
    static final class Restore extends Sub {
        @Parameters(index = "0", paramLabel = "NAME") String name;
        @Parameters(index = "1", paramLabel = "FROM", description = "checkpoint directory or snapshot name") String from;

        @Override
        public Integer call() {
            Cli.requireRoot("cr lxc restore");
            Containers c = common.containers();
            if (from.contains("/") || Files.isDirectory(Path.of(from))) {
                LxcMigrateCall r = c.restore(name, Path.of(from));
                print(result(r), text(r));
                return 0;
            }
            Optional<LxcMigrateCall> r = c.restoreSnapshot(name, from);
            var doc = new LinkedHashMap<String, Object>();
            doc.put("container", name);
            doc.put("snapshot", from);
            doc.put("stateful", r.isPresent());
            r.ifPresent(x -> doc.put("restore", result(x)));
            print(doc, "snapshot " + from + " of " + name + " restored" + r.map(x -> " with its running state\n" + text(x)).orElse(""));
            return 0;
        }
    }

    @Command(name = "stop", mixinStandardHelpOptions = true,
            description = "Stop a container; with --stateful its running state is kept and the next start restores it.")
    static final class Stop extends Sub {
        @Parameters(index = "0", paramLabel = "NAME") String name;
        @Option(names = "--stateful", description = "Checkpoint into the container's directory before stopping.") boolean stateful;

        @Override
        public Integer call() {
            Cli.requireRoot("cr lxc stop");
            Containers c = common.containers();
            if (stateful) {
                LxcMigrateCall r = c.stopStateful(name);
                print(result(r), name + " stopped; its state is in " + r.directory() + " (cr lxc start " + name
                        + " restores it)\n" + text(r));
                return 0;
            }
            boolean was = c.stop(name);
            var doc = new LinkedHashMap<String, Object>();
            doc.put("container", name);
            doc.put("was_running", was);
            print(doc, was ? name + " stopped" : name + " was not running");
            return 0;
        }
    }

    @Command(name = "start", mixinStandardHelpOptions = true,
            description = "Start a container: restored from the state a stateful stop kept, else a fresh boot.")
    static final class Start extends Sub {
        @Parameters(index = "0", paramLabel = "NAME") String name;

        @Override
        public Integer call() {
            Cli.requireRoot("cr lxc start");
            Optional<LxcMigrateCall> r = common.containers().start(name);
            var doc = new LinkedHashMap<String, Object>();
            doc.put("container", name);
            doc.put("restored", r.isPresent());
            r.ifPresent(x -> doc.put("restore", result(x)));
            print(doc, r.map(x -> name + " restored from its saved state\n" + text(x)).orElse(name + " started"));
            return 0;
        }
    }

    @Command(name = "snapshot", mixinStandardHelpOptions = true,
            description = "Take a snapshot; --stateful keeps the running state with it (the container is briefly stopped).")
    static final class SnapshotCommand extends Sub {
        @Parameters(index = "0", paramLabel = "NAME") String name;
        @Parameters(index = "1", paramLabel = "SNAP", arity = "0..1", description = "the snapshot's name (default: liblxc's snapN)") String snap;
        @Option(names = "--stateful", description = "Keep the running state with the snapshot.") boolean stateful;

        @Override
        public Integer call() {
            Cli.requireRoot("cr lxc snapshot");
            Snapshot s = common.containers().snapshot(name, snap, stateful);
            print(snapshot(s), "snapshot " + s.name() + " of " + name + " " + s.kind() + " in " + s.directory());
            return 0;
        }
    }

    static Map<String, Object> snapshot(Snapshot s) {
        var m = new LinkedHashMap<String, Object>();
        m.put("name", s.name());
        m.put("lxc_name", s.lxcName());
        m.put("timestamp", s.timestamp());
        m.put("stateful", s.stateful());
        m.put("directory", s.directory().toString());
        return m;
    }

    @Command(name = "info", mixinStandardHelpOptions = true,
            description = "Show a container's state, init pid and snapshots (stateful)/(stateless); without NAME, list the containers.")
    static final class Info extends Sub {
        @Parameters(index = "0", paramLabel = "NAME", arity = "0..1") String name;

        @Override
        public Integer call() {
            Containers c = common.containers();
            if (name == null) {
                List<String> names = c.list();
                var doc = new LinkedHashMap<String, Object>();
                doc.put("lxcpath", c.lxcpath().toString());
                doc.put("containers", names);
                print(doc, names.isEmpty() ? "no containers in " + c.lxcpath() : String.join("\n", names));
                return 0;
            }
            ContainerInfo i = c.lookup(name).orElseThrow(() -> new LxcException("info of " + name,
                    "no container named " + name + " in " + c.lxcpath(), "list them with: cr lxc info -P " + c.lxcpath()));
            var doc = new LinkedHashMap<String, Object>();
            doc.put("name", i.name());
            doc.put("state", i.state().name());
            doc.put("init_pid", i.initPid());
            doc.put("directory", i.directory().toString());
            doc.put("saved_state", i.hasSavedState());
            var snaps = new ArrayList<Object>();
            i.snapshots().forEach(s -> snaps.add(snapshot(s)));
            doc.put("snapshots", snaps);
            var text = new StringBuilder();
            text.append("Name:      ").append(i.name()).append('\n');
            text.append("State:     ").append(i.state()).append(i.hasSavedState() ? " (state saved: cr lxc start restores it)" : "").append('\n');
            if (i.initPid() > 0) text.append("Init pid:  ").append(i.initPid()).append('\n');
            text.append("Directory: ").append(i.directory()).append('\n');
            text.append("Snapshots:");
            if (i.snapshots().isEmpty()) text.append(" none");
            for (Snapshot s : i.snapshots())
                text.append("\n  ").append(s.name()).append(s.name().equals(s.lxcName()) ? "" : " [" + s.lxcName() + "]")
                        .append(" (taken at ").append(s.timestamp()).append(") ").append(s.kind());
            print(doc, text.toString());
            return 0;
        }
    }
}
