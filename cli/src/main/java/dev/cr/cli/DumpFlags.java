package dev.cr.cli;

import dev.cr.engine.criu.CgroupMode;
import dev.cr.engine.criu.DumpOptions;
import dev.cr.engine.criu.NetworkLock;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The options of {@code cr dump} and {@code cr pre-dump}, named as CRIU names them. */
final class DumpFlags {
    @Option(names = {"-t", "--pid", "--tree"}, required = true, paramLabel = "PID", description = "Root of the process tree to dump.")
    int pid;

    @Option(names = {"-D", "--dir", "--images-dir"}, required = true, paramLabel = "DIR", description = "Directory for the images (created if missing; must not hold a dump).")
    Path dir;

    @Option(names = "--log-dir", paramLabel = "DIR", description = "Directory for CRIU's log (default: the image directory).")
    Path logDir;

    @Option(names = {"-v", "--log-level"}, paramLabel = "N", defaultValue = "4", description = "CRIU's log level 0..4 (default ${DEFAULT-VALUE}).")
    int logLevel;

    @Option(names = {"-R", "--leave-running"}, description = "Resume the tasks after the dump instead of killing them.")
    boolean leaveRunning;
    @Option(names = {"-j", "--shell-job"}, description = "The tree is attached to a terminal.")
    boolean shellJob;
    @Option(names = "--tcp-established", description = "Checkpoint established TCP connections.")
    boolean tcpEstablished;
    @Option(names = "--tcp-skip-in-flight", description = "Skip TCP connections still being set up.")
    boolean tcpSkipInFlight;
    @Option(names = "--tcp-close", description = "Close established TCP connections instead of dumping them.")
    boolean tcpClose;
    @Option(names = "--ext-unix-sk", description = "Allow unix sockets connected to processes outside the tree.")
    boolean extUnixSk;
    @Option(names = {"-l", "--file-locks"}, description = "Dump file locks.")
    boolean fileLocks;
    @Option(names = "--link-remap", description = "Allow linking deleted-but-open files back in place.")
    boolean linkRemap;
    @Option(names = "--evasive-devices", description = "Find devices by path if their number changed.")
    boolean evasiveDevices;
    @Option(names = "--auto-ext-mnt", description = "Mounts from outside the mount namespace become external.")
    boolean autoExtMnt;
    @Option(names = "--ext-sharing", description = "Allow external mounts with sharing.")
    boolean extSharing;
    @Option(names = "--ext-masters", description = "Allow external mounts with master peers.")
    boolean extMasters;
    @Option(names = "--track-mem", description = "Start memory change tracking (needs soft-dirty in the kernel).")
    boolean trackMem;
    @Option(names = "--auto-dedup", description = "Punch holes in parent images for pages now dumped again.")
    boolean autoDedup;
    @Option(names = "--weak-sysctls", description = "Skip sysctls the kernel does not have.")
    boolean weakSysctls;
    @Option(names = "--ghost-limit", paramLabel = "BYTES", description = "Largest deleted-but-open file kept in the images (suffixes K, M, G).")
    String ghostLimit;
    @Option(names = "--external", paramLabel = "RES", description = "External resource, like mnt[PATH]:KEY (repeatable).")
    List<String> external = new ArrayList<>();
    @Option(names = "--ext-mount-map", paramLabel = "KEY:VAL", description = "External mount mapping (repeatable).")
    List<String> extMountMap = new ArrayList<>();
    @Option(names = "--skip-mnt", paramLabel = "PATH", description = "Mount to leave out (repeatable).")
    List<String> skipMnt = new ArrayList<>();
    @Option(names = "--enable-fs", paramLabel = "FS", description = "File system type to dump as is (repeatable).")
    List<String> enableFs = new ArrayList<>();
    @Option(names = "--manage-cgroups", arity = "0..1", fallbackValue = "soft", paramLabel = "MODE",
            description = "Cgroup mode: ignore, none, props, soft, full, strict, default (no value: soft).")
    String manageCgroups;
    @Option(names = "--freeze-cgroup", paramLabel = "PATH", description = "Freeze the tasks through this cgroup.")
    String freezeCgroup;
    @Option(names = "--network-lock", paramLabel = "METHOD", description = "iptables or nftables.")
    String networkLock;
    @Option(names = "--prev-images-dir", paramLabel = "DIR", description = "Parent images, relative to the image directory (like ../1).")
    Path prevImagesDir;
    @Option(names = "--page-server", description = "Send pages to a page server at --address/--port.")
    boolean pageServer;
    @Option(names = "--address", paramLabel = "ADDR", description = "Page server address.")
    String address;
    @Option(names = "--port", paramLabel = "PORT", description = "Page server port.")
    int port;
    @Option(names = "--timeout", paramLabel = "SECONDS", description = "Give up freezing after this long.")
    int timeout;

    DumpOptions toOptions() {
        DumpOptions.Builder b = DumpOptions.builder(pid, dir).logDir(logDir).logLevel(logLevel)
                .leaveRunning(leaveRunning).shellJob(shellJob).tcpEstablished(tcpEstablished)
                .tcpSkipInFlight(tcpSkipInFlight).tcpClose(tcpClose).extUnixSk(extUnixSk).fileLocks(fileLocks)
                .linkRemap(linkRemap).evasiveDevices(evasiveDevices).autoExtMnt(autoExtMnt).extSharing(extSharing)
                .extMasters(extMasters).trackMem(trackMem).autoDedup(autoDedup).weakSysctls(weakSysctls)
                .freezeCgroup(freezeCgroup).parentImages(prevImagesDir).timeoutSeconds(timeout);
        if (ghostLimit != null) b.ghostLimit(Sizes.parse("--ghost-limit", ghostLimit));
        external.forEach(b::external);
        for (String kv : extMountMap) {
            int at = kv.indexOf(':');
            if (at <= 0) throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this),
                    "--ext-mount-map takes KEY:VALUE, got '" + kv + "'");
            b.extMountMap(kv.substring(0, at), kv.substring(at + 1));
        }
        skipMnt.forEach(b::skipMount);
        enableFs.forEach(b::enableFs);
        if (manageCgroups != null) b.manageCgroupsMode(Sizes.choice("--manage-cgroups", manageCgroups, CgroupMode::parse));
        if (networkLock != null) b.networkLock(Sizes.choice("--network-lock", networkLock, NetworkLock::parse));
        if (pageServer || address != null) {
            if (address == null || port <= 0)
                throw new IllegalArgumentException("--page-server needs --address and --port");
            b.pageServer(address, port);
        }
        return b.build();
    }
}
