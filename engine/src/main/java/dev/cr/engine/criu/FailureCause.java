package dev.cr.engine.criu;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The common reasons a dump, pre-dump or restore fails, each with the sentence that fixes it.
 * Causes found in CRIU's log carry the patterns that recognise them; the others are found before CRIU runs.
 */
public enum FailureCause {
    /** The tree has a controlling terminal CRIU cannot dump alone: needs {@code --shell-job}. */
    CONTROLLING_TERMINAL("the process is attached to a terminal (it has a controlling tty CRIU cannot dump alone)",
            "dump and restore it with shellJob(true), or start it detached from the terminal (setsid, no tty)",
            "tty: Found slave peer index \\d+ without correspond master peer",
            "Found dangling tty with sid",
            "Consider using --shell-job",
            "A session leader of .* is outside of its pid namespace"),
    /** The tree holds an established TCP connection: needs {@code --tcp-established} or {@code --tcp-close}. */
    TCP_ESTABLISHED("the process holds an established TCP connection",
            "checkpoint it with tcpEstablished(true), on restore too; or drop it with tcpClose(true)",
            "Connected TCP socket, consider using --tcp-established"),
    /** A unix socket's peer is outside the tree: needs {@code --ext-unix-sk}. */
    EXTERNAL_UNIX_SOCKET("the process holds a unix socket connected to a process outside the dumped tree",
            "dump it with extUnixSk(true), or dump the peer process along with it",
            "External socket is used\\. Consider using --ext-unix-sk"),
    /** A process of another user, and root lacks CAP_SYS_RESOURCE to read its resource limits. */
    OTHER_USER_NEEDS_CAP_SYS_RESOURCE("the tree has processes of another user (a service's workers, a database "
            + "running as its own user), and root here lacks CAP_SYS_RESOURCE, without which CRIU cannot read their "
            + "resource limits",
            "dump it on a machine where root has CAP_SYS_RESOURCE (a VM, or a host or container that grants it; "
            + "Capabilities.ofThisProcess().missing() lists what root lacks here), or run the whole tree as root",
            "Can't get rlimit \\d+: Operation not permitted"),
    /** A pid-namespace init of another user whose /proc is not its namespace's. */
    OTHER_USER_PID_NAMESPACE_INIT("the root of the tree is a process of another user that is the init of its own pid "
            + "namespace, and the /proc it sees is not its namespace's: CRIU's parasite, which runs as that user, "
            + "refuses to dump it then",
            "start the service in cr's pid namespace (without unshare --pid), or as root, or give its namespace a /proc "
            + "of its own (unshare --pid --fork --mount-proc)",
            "can't dump unprivileged task whose /proc doesn't belong to it"),
    /** The tree has a mount namespace of its own bound to mounts outside it. */
    OTHER_MOUNT_NAMESPACE("the tree runs in a mount namespace of its own whose mounts are bound to ones outside it "
            + "(`ip netns exec` makes one per call): CRIU would have to dump that namespace",
            "start the workload with `nsenter --net=/run/netns/NS CMD` (the network namespace only) so that it shares "
            + "cr's mounts; CRIU's own hint for external mounts is extMasters(true)",
            "has unreachable sharing"),
    /** A descriptor was opened in another mount namespace than the tree's. */
    FILE_OUTSIDE_MOUNT_NAMESPACE("the tree holds a file opened in another mount namespace (a descriptor inherited "
            + "before it entered its own, as `ip netns exec CMD </dev/null` does), which CRIU cannot find in the tree's",
            "open the task's files after it entered its namespace (redirect inside it: "
            + "`ip netns exec NS sh -c 'exec CMD </dev/null'`), or use `nsenter --net=/run/netns/NS CMD`",
            "Can't lookup mount=\\d+ for fd=\\d+"),
    /** A JVM's hsperfdata file the images map was deleted by a JVM started after the dump. */
    JVM_PERF_DATA_MISSING("a JVM's performance-data file (/tmp/hsperfdata_USER/PID) that the images map is gone: "
            + "every JVM that starts deletes those of pids it finds dead, so one started after the dump removed it",
            "dump with cr, which keeps a copy in the image directory and puts it back before the restore; for images "
            + "made otherwise, start the dumped JVM with -XX:-UsePerfData, or put a file of the dumped size (32 KiB by "
            + "default) back at that path",
            "Can't open file \\S*hsperfdata_[^/ ]+/\\d+ on restore"),
    /** A file the tree had open or mapped is gone at restore. */
    FILE_MISSING_AT_RESTORE("a file the dumped processes had open or mapped is missing on this machine",
            "put the file back at the path the log shows (the same size as at the dump), or restore on a machine that has it",
            "Can't open file .* on restore: No such file or directory"),
    /** A process of the tree has a user namespace of its own, nested inside the tree's. */
    NESTED_USER_NAMESPACE("a process of the tree runs in a user namespace of its own inside the tree's (a nested "
            + "user namespace), which CRIU cannot checkpoint",
            "end that process (or start it without a user namespace of its own: no unshare -U) and checkpoint again",
            "Can't dump nested user namespace"),
    /** CRIU's newer mount engine could not move a mount into place on this kernel. */
    MOUNT_ENGINE_V2_REFUSED("CRIU's newer mount engine (mnt-v2) could not move a mount into place on this kernel",
            "restore with mntnsCompatMode(true) (CRIU's older mount engine); containers get it from cr's criu launcher "
            + "for liblxc, unless another criu comes first on PATH",
            "Failed to move_mount"),
    /** iptables-restore or nft is missing or failed, so the network could not be locked. */
    NETWORK_LOCK_TOOL_MISSING("CRIU could not lock the network: iptables-restore (or nft) is missing or failed",
            "install iptables (apt-get install iptables), or lock with nftables: networkLock(NFTABLES)",
            "iptables(-restore)?: not found",
            "Iptables configuration failed",
            "nft(ables)?: not found"),
    /** The kernel has no soft-dirty tracking, which pre-dumps and memory tracking need. */
    MEMORY_TRACKING_UNAVAILABLE("the kernel has no memory change tracking (soft-dirty), which pre-dump and trackMem(true) need",
            "make a single dump instead, or use a kernel built with CONFIG_MEM_SOFT_DIRTY=y",
            "BUG at criu/mem\\.c",
            "Dirty tracking is OFF",
            "Memory tracking is not supported"),
    /** Another CRIU's temporary /proc mount point is in the way (two dumps of pid-namespace inits at once). */
    PROC_MOUNTPOINT_TAKEN("CRIU's parasite could not make its temporary /proc mount point because it exists: another CRIU "
            + "was dumping a pid-namespace init of this mount namespace at the same moment (or left the directory behind)",
            "retry when the other dump is done: dump such trees one at a time, or give each its own /proc (unshare --mount-proc)",
            "parasite\\.c:\\d+\\): Can't create a directory \\(-17\\)"),
    /** The workload's working directory is not writable, so CRIU's parasite cannot mount /proc there. */
    PROC_MOUNTPOINT_READ_ONLY("the workload is a pid-namespace init whose working directory is read-only, or not "
            + "writable by the task's user: to dump it, CRIU's parasite (running as that user) makes a temporary /proc "
            + "mount point in the task's working directory",
            "start the workload in a working directory its user can write (cd to one before it starts)",
            "parasite\\.c:\\d+\\): Can't create a directory \\(-30\\)",
            "parasite\\.c:\\d+\\): Can't create a directory \\(-13\\)"),
    /** A pid the images hold is taken on this machine (often a zombie of the dumped tree not yet reaped). */
    PID_IN_USE("a process id stored in the images is already in use on this machine",
            "end or reap the process that holds the pid, or dump the workload inside its own pid namespace",
            "Can't fork for \\d+: File exists"),
    /** The images directory already holds a dump; found before CRIU runs. */
    IMAGES_DIR_NOT_EMPTY("the image directory already holds a dump",
            "choose an empty directory, or remove the old images first"),
    /** The parent images a dump builds on (a pre-dump's) do not exist. */
    PARENT_IMAGES_MISSING("the parent images (the pre-dump this dump builds on) do not exist",
            "give the path of an existing pre-dump, relative to the image directory (like ../1)",
            "Invalid parent image directory provided",
            "Can't open parent"),
    /** The process to dump does not exist, or ended while CRIU was seizing it. */
    PROCESS_NOT_FOUND("the process to dump does not exist (or ended while CRIU was seizing it)",
            "check the pid (ps -p PID)",
            "Can't stop task \\d+: No such process",
            "Unable to detach from \\d+: No such process",
            "Can't seize \\d+"),
    /** The caller is not root; found before CRIU runs. */
    NOT_ROOT("this needs root: CRIU acts on other processes and namespaces",
            "run it as root, for example with sudo"),
    /** No CRIU executable was found; found before CRIU runs. */
    CRIU_MISSING("no CRIU executable was found",
            "run scripts/provision as root, or point CR_CRIU at a CRIU >= 4.2 executable"),
    /** The CRIU found is older than {@link CriuVersion#MINIMUM}. */
    CRIU_TOO_OLD("the CRIU in use is older than 4.2",
            "run scripts/provision (it installs CRIU 4.2 in a private root), or point CR_CRIU at CRIU >= 4.2"),
    /** {@code criu check} fails on this kernel. */
    CRIU_UNUSABLE("CRIU cannot run on this kernel",
            "use CRIU >= 4.2 (run scripts/provision), which knows this kernel; `criu check` shows the details"),
    /** libcriu.so.2 cannot be loaded. */
    LIBCRIU_MISSING("libcriu.so.2 is not installed",
            "install it (apt-get install criu, which also brings criu.h), or run scripts/provision");

    private final String summary;
    private final String fix;
    private final List<Pattern> patterns;

    FailureCause(String summary, String fix, String... patterns) {
        this.summary = summary;
        this.fix = fix;
        this.patterns = java.util.Arrays.stream(patterns).map(Pattern::compile).toList();
    }

    /** {@return the cause in one sentence} */
    public String summary() { return summary; }

    /** {@return the fix in one sentence} */
    public String fix() { return fix; }

    /** Whether this log line shows this cause. */
    boolean matches(String line) {
        for (Pattern p : patterns) if (p.matcher(line).find()) return true;
        return false;
    }
}
