package dev.cr.cli;

import dev.cr.engine.criu.CgroupMode;
import dev.cr.engine.criu.DumpOptions;
import dev.cr.engine.criu.NetworkLock;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;

/**
 * The options of a CRIU dump that {@code cr dump}, {@code cr pre-dump} and {@code cr migrate} share (named as CRIU
 * names them): a mixin of {@link DumpFlags}, and an option section of {@code cr migrate}. In a migration the ones
 * CRIU also needs on restore ({@code --tcp-established}, {@code --shell-job}, {@code --ext-unix-sk},
 * {@code --file-locks}, {@code --ext-masters}, {@code --manage-cgroups}, ...) are handed to the target, which restores
 * with them. Where the images go, the page server and the parent images are a migration's to choose, so those are
 * only in {@link DumpFlags}.
 */
final class CriuDumpFlags {
    @Option(names = {"-j", "--shell-job"}, description = "The tree is attached to a terminal.")
    boolean shellJob;
    @Option(names = "--tcp-established", description = "Checkpoint established TCP connections (a migration restores them on the target).")
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
    @Option(names = "--weak-sysctls", description = "Skip sysctls the kernel does not have.")
    boolean weakSysctls;
    @Option(names = "--ghost-limit", paramLabel = "BYTES", description = "Largest deleted-but-open file kept in the images (suffixes K, M, G).")
    String ghostLimit;
    @Option(names = "--external", paramLabel = "RES", description = "External resource, like mnt[PATH]:KEY (repeatable; a migration gives it to the dump only).")
    List<String> external = new ArrayList<>();
    @Option(names = "--skip-mnt", paramLabel = "PATH", description = "Mount to leave out (repeatable).")
    List<String> skipMnt = new ArrayList<>();
    @Option(names = "--enable-fs", paramLabel = "FS", description = "File system type to dump as is (repeatable).")
    List<String> enableFs = new ArrayList<>();
    @Option(names = "--manage-cgroups", arity = "0..1", fallbackValue = "soft", paramLabel = "MODE",
            description = "Cgroup mode: ignore, none, props, soft, full, strict, default (no value: soft); a migration's target restores with it too.")
    String manageCgroups;
    @Option(names = "--freeze-cgroup", paramLabel = "PATH", description = "Freeze the tasks through this cgroup.")
    String freezeCgroup;
    @Option(names = "--network-lock", paramLabel = "METHOD", description = "iptables or nftables.")
    String networkLock;
    @Option(names = "--timeout", paramLabel = "SECONDS", description = "Give up freezing after this long.")
    int timeout;

    /** Whether any option was given (a container's dump, made by liblxc, takes none of them). */
    boolean any() {
        return shellJob || tcpEstablished || tcpSkipInFlight || tcpClose || extUnixSk || fileLocks || linkRemap
                || evasiveDevices || autoExtMnt || extSharing || extMasters || weakSysctls || ghostLimit != null
                || !external.isEmpty() || !skipMnt.isEmpty() || !enableFs.isEmpty() || manageCgroups != null
                || freezeCgroup != null || networkLock != null || timeout > 0;
    }

    /**
     * Applies the options to a dump's builder. A bad value is an IllegalArgumentException naming the option (a usage
     * error through {@link Cli#usage}); a migration applies them once before anything moves, so a mistake fails first.
     */
    DumpOptions.Builder apply(DumpOptions.Builder b) {
        b.shellJob(shellJob).tcpEstablished(tcpEstablished).tcpSkipInFlight(tcpSkipInFlight).tcpClose(tcpClose)
                .extUnixSk(extUnixSk).fileLocks(fileLocks).linkRemap(linkRemap).evasiveDevices(evasiveDevices)
                .autoExtMnt(autoExtMnt).extSharing(extSharing).extMasters(extMasters).weakSysctls(weakSysctls)
                .freezeCgroup(freezeCgroup).timeoutSeconds(timeout);
        if (ghostLimit != null) b.ghostLimit(Sizes.parse("--ghost-limit", ghostLimit));
        external.forEach(b::external);
        skipMnt.forEach(b::skipMount);
        enableFs.forEach(b::enableFs);
        if (manageCgroups != null) b.manageCgroupsMode(Cli.choice("--manage-cgroups", manageCgroups, CgroupMode::parse));
        if (networkLock != null) b.networkLock(Cli.choice("--network-lock", networkLock, NetworkLock::parse));
        return b;
    }
}
