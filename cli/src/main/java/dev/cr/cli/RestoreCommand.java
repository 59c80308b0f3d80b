package dev.cr.cli;

import dev.cr.engine.json.JsonWriter;
import dev.cr.engine.criu.CgroupMode;
import dev.cr.engine.criu.Criu;
import dev.cr.engine.criu.NetworkLock;
import dev.cr.engine.criu.RestoreOptions;
import dev.cr.engine.criu.RestoreResult;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code cr restore}: bring a checkpointed process tree back. */
@Command(name = "restore", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Restore the process tree checkpointed in DIR (needs root).",
                "Without --detach, waits until the restored tree's root exits, like `criu restore`."})
final class RestoreCommand implements Callable<Integer> {
    private static final Pattern INHERIT = Pattern.compile("fd\\[(\\d+)]:(.+)");

    @Option(names = {"-D", "--dir", "--images-dir"}, paramLabel = "DIR", description = "The image directory "
            + "(with --from: where to pull to, a new directory; default a new one under /var/tmp/cr-pull).")
    Path dir;
    @Option(names = "--from", paramLabel = "REF", description = "Pull the checkpoint from a registry first (REGISTRY/REPO:TAG).")
    String from;
    @Mixin RegistryFlags registry;
    @Option(names = {"-d", "--detach"}, description = "Return once the tree runs; print its pid.")
    boolean detach;
    @Option(names = "--restore-sibling", description = "Restore the root as a child of cr rather than of CRIU.")
    boolean restoreSibling;
    @Option(names = "--inherit-fd", paramLabel = "fd[N]:KEY", description = "cr's fd N stands in for the external resource KEY (repeatable).")
    List<String> inheritFd = new ArrayList<>();
    @Option(names = "--log-dir", paramLabel = "DIR", description = "Directory for CRIU's log (default: the image directory).")
    Path logDir;
    @Option(names = {"-v", "--log-level"}, paramLabel = "N", defaultValue = "4", description = "CRIU's log level 0..4.")
    int logLevel;
    @Option(names = {"-j", "--shell-job"}, description = "The tree was dumped with --shell-job.")
    boolean shellJob;
    @Option(names = "--tcp-established", description = "Restore established TCP connections.")
    boolean tcpEstablished;
    @Option(names = "--tcp-close", description = "Restore TCP connections closed.")
    boolean tcpClose;
    @Option(names = "--ext-unix-sk", description = "Allow external unix sockets.")
    boolean extUnixSk;
    @Option(names = {"-l", "--file-locks"}, description = "Restore file locks.")
    boolean fileLocks;
    @Option(names = "--evasive-devices", description = "Find devices by path if their number changed.")
    boolean evasiveDevices;
    @Option(names = "--auto-dedup", description = "Punch holes in the images for pages restored.")
    boolean autoDedup;
    @Option(names = "--mntns-compat-mode", description = "Use the older mount engine.")
    boolean mntnsCompatMode;
    @Option(names = "--weak-sysctls", description = "Skip sysctls the kernel does not have.")
    boolean weakSysctls;
    @Option(names = "--manage-cgroups", arity = "0..1", fallbackValue = "soft", paramLabel = "MODE", description = "Cgroup mode.")
    String manageCgroups;
    @Option(names = "--network-lock", paramLabel = "METHOD", description = "iptables or nftables.")
    String networkLock;
    @Option(names = {"-r", "--root"}, paramLabel = "PATH", description = "Root file system to restore into.")
    String root;
    @Option(names = "--external", paramLabel = "RES", description = "External resource (repeatable).")
    List<String> external = new ArrayList<>();
    @Option(names = "--ext-mount-map", paramLabel = "KEY:VAL", description = "External mount mapping (repeatable).")
    List<String> extMountMap = new ArrayList<>();
    @Option(names = "--veth-pair", paramLabel = "IN=OUT", description = "Veth pair (repeatable).")
    List<String> vethPair = new ArrayList<>();
    @Mixin ResultFlags result;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    RestoreOptions options() {
        RestoreOptions.Builder b = RestoreOptions.builder(dir).logDir(logDir).logLevel(logLevel)
                .restoreSibling(restoreSibling).shellJob(shellJob).tcpEstablished(tcpEstablished).tcpClose(tcpClose)
                .extUnixSk(extUnixSk).fileLocks(fileLocks).evasiveDevices(evasiveDevices).autoDedup(autoDedup)
                .mntnsCompatMode(mntnsCompatMode).weakSysctls(weakSysctls).root(root);
        for (String s : inheritFd) {
            Matcher m = INHERIT.matcher(s);
            if (!m.matches()) throw new IllegalArgumentException("--inherit-fd takes fd[N]:KEY, got '" + s + "'");
            b.inheritFd(Integer.parseInt(m.group(1)), m.group(2));
        }
        for (String kv : extMountMap) {
            int at = kv.indexOf(':');
            if (at <= 0) throw new IllegalArgumentException("--ext-mount-map takes KEY:VALUE, got '" + kv + "'");
            b.extMountMap(kv.substring(0, at), kv.substring(at + 1));
        }
        for (String p : vethPair) {
            int at = p.indexOf('=');
            if (at <= 0) throw new IllegalArgumentException("--veth-pair takes IN=OUT, got '" + p + "'");
            b.vethPair(p.substring(0, at), p.substring(at + 1));
        }
        external.forEach(b::external);
        if (manageCgroups != null) b.manageCgroupsMode(Cli.choice("--manage-cgroups", manageCgroups, CgroupMode::parse));
        if (networkLock != null) b.networkLock(Cli.choice("--network-lock", networkLock, NetworkLock::parse));
        return b.build();
    }

    @Override
    public Integer call() throws InterruptedException {
        Cli.requireRoot("cr restore");
        if (from != null) dir = PullForRestore.pull(spec, from, dir, registry);
        else if (dir == null) throw new CommandLine.ParameterException(spec.commandLine(), "give the image directory (--dir) or a registry reference (--from)");
        RestoreOptions options = Cli.usage(spec, this::options);
        RestoreResult r = Criu.at(result.criu).restore(options);
        PrintWriter out = spec.commandLine().getOut();
        if (result.json) {
            out.print(JsonWriter.INDENTED.document(Report.json(r)));
        } else {
            out.printf("restored %s as pid %d in %s%n", dir, r.pid(), Report.seconds(r.elapsed()));
            if (result.stats) r.stats().ifPresent(s -> StatsView.print(out, s));
            out.println("log: " + r.logPath());
        }
        out.flush();
        if (!detach) {
            var handle = ProcessHandle.of(r.pid());
            if (handle.isPresent()) {
                handle.get().onExit().join();
                if (!result.json) out.println("pid " + r.pid() + " exited");
            }
        }
        out.flush();
        return 0;
    }
}
