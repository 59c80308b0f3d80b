package dev.cr.engine.criu;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What to dump and how: an immutable value made with {@link #builder(int, Path)}. The names follow CRIU's
 * command-line options ({@code leaveRunning} is {@code --leave-running}, and so on). CRIU's yes/no options are the
 * {@link CriuFlag}s in {@code flags}, each described once there; the named accessors and builder setters of the
 * common ones are shorthands for {@link #has(CriuFlag)} and {@link Builder#set(CriuFlag, boolean)}.
 *
 * @param pid           the root of the tree to dump, in the caller's pid namespace; its children and threads come with it
 * @param imagesDir     where the images go; the directory must exist
 * @param flags         the yes/no options that are on (each one CRIU accepts on dump)
 * @param logDir        where the log goes; {@code null}: the image directory. CRIU also writes {@code stats-dump}
 *                      there (it is copied next to the images), so concurrent dumps should not share a log directory
 * @param logLevel      CRIU's log level, 0..4 (4 is the verbose default)
 * @param ghostLimit    largest deleted-but-open file kept in the images, bytes; {@code null}: CRIU's default
 * @param parentImages  {@code --prev-images-dir}, relative to the image directory (like {@code ../1}), or {@code null}
 * @param pageServerPort {@code --port} of a page server; used only when {@code pageServerAddress} is set
 * @param timeoutSeconds {@code --timeout} for freezing; 0: CRIU's default
 * @param external      {@code --external} resources outside the tree ({@code mnt[/path]:key}, {@code dev[maj/min]:key}...)
 * @param extMountMap   {@code --ext-mount-map}: mount point inside the tree to the key naming it at restore
 * @param skipMounts    {@code --skip-mnt}: mount points left out of the dump
 * @param enableFs      {@code --enable-fs}: file system types CRIU may dump though it does not know them
 * @param manageCgroupsMode {@code --manage-cgroups}; {@code null}: CRIU's default
 * @param freezeCgroup  {@code --freeze-cgroup}: a freezer cgroup to freeze the tree with; {@code null}: ptrace
 * @param networkLock   {@code --network-lock}; {@code null}: CRIU's default (iptables)
 * @param pageServerAddress {@code --page-server --address}: send the pages to a CRIU page server there instead of
 *                      writing them; {@code null}: pages go to the images directory
 * @param listeners     told of CRIU's notifications (pre-dump, post-dump, network lock...), in order, on the thread
 *                      that called the dump
 */
public record DumpOptions(int pid, Path imagesDir, Path logDir, int logLevel, Set<CriuFlag> flags,
                          Long ghostLimit, List<String> external, Map<String, String> extMountMap,
                          List<String> skipMounts, List<String> enableFs, CgroupMode manageCgroupsMode,
                          String freezeCgroup, NetworkLock networkLock, Path parentImages,
                          String pageServerAddress, int pageServerPort, int timeoutSeconds,
                          List<NotifyListener> listeners) {
    /**
     * Checks and copies the options.
     *
     * @throws IllegalArgumentException when {@code pid} is not positive, the log level is not 0..4, the ghost
     *         limit is negative or the port is not 0..65535
     * @throws NullPointerException     when {@code imagesDir} is null
     */
    public DumpOptions {
        if (pid <= 0) throw new IllegalArgumentException("pid must be positive, got " + pid);
        Objects.requireNonNull(imagesDir, "imagesDir");
        if (logLevel < 0 || logLevel > 4) throw new IllegalArgumentException("log level must be 0..4, got " + logLevel);
        if (ghostLimit != null && ghostLimit < 0) throw new IllegalArgumentException("ghost limit must not be negative");
        if (pageServerPort < 0 || pageServerPort > 65535) throw new IllegalArgumentException("bad port " + pageServerPort);
        for (CriuFlag f : flags) {
            if (!f.onDump()) throw new IllegalArgumentException("--" + f.criuName() + " is a restore option; CRIU refuses it on dump");
        }
        flags = flags.isEmpty() ? Set.of() : java.util.Collections.unmodifiableSet(EnumSet.copyOf(flags));
        external = List.copyOf(external);
        extMountMap = Map.copyOf(extMountMap);
        skipMounts = List.copyOf(skipMounts);
        enableFs = List.copyOf(enableFs);
        listeners = List.copyOf(listeners);
    }

    /**
     * Whether a yes/no option is on.
     *
     * @param flag the option
     * @return true when it is on
     */
    public boolean has(CriuFlag flag) { return flags.contains(flag); }

    /** {@return whether {@code --leave-running} is on} When on: resume the tasks after the dump instead of killing them. */
    public boolean leaveRunning() { return has(CriuFlag.LEAVE_RUNNING); }
    /** {@return whether {@code --shell-job} is on} When on: the tree is attached to the caller's terminal or session. */
    public boolean shellJob() { return has(CriuFlag.SHELL_JOB); }
    /** {@return whether {@code --tcp-established} is on} When on: checkpoint established TCP connections (they are frozen with the network locked, and restored in place). */
    public boolean tcpEstablished() { return has(CriuFlag.TCP_ESTABLISHED); }
    /** {@return whether {@code --skip-in-flight} is on} When on: leave out connections still being opened instead of failing. */
    public boolean tcpSkipInFlight() { return has(CriuFlag.TCP_SKIP_IN_FLIGHT); }
    /** {@return whether {@code --tcp-close} is on} When on: dump established connections as closed. */
    public boolean tcpClose() { return has(CriuFlag.TCP_CLOSE); }
    /** {@return whether {@code --ext-unix-sk} is on} When on: allow unix sockets connected to a peer outside the tree. */
    public boolean extUnixSk() { return has(CriuFlag.EXT_UNIX_SK); }
    /** {@return whether {@code --file-locks} is on} When on: dump the file locks the tree holds. */
    public boolean fileLocks() { return has(CriuFlag.FILE_LOCKS); }
    /** {@return whether {@code --link-remap} is on} When on: keep deleted-but-open files by linking them back in place. */
    public boolean linkRemap() { return has(CriuFlag.LINK_REMAP); }
    /** {@return whether {@code --evasive-devices} is on} When on: find a device by path when its number changed. */
    public boolean evasiveDevices() { return has(CriuFlag.EVASIVE_DEVICES); }
    /** {@return whether {@code --auto-ext-mnt} is on} When on: mounts from outside the tree's mount namespace become external. */
    public boolean autoExtMnt() { return has(CriuFlag.AUTO_EXT_MNT); }
    /** {@return whether {@code --enable-external-sharing} is on} When on: allow mounts sharing a peer group outside the dump. */
    public boolean extSharing() { return has(CriuFlag.EXT_SHARING); }
    /** {@return whether {@code --enable-external-masters} is on} When on: allow slave mounts whose master is outside the dump. */
    public boolean extMasters() { return has(CriuFlag.EXT_MASTERS); }
    /** {@return whether {@code --track-mem} is on} When on: start soft-dirty memory tracking, so a later dump writes only changes. */
    public boolean trackMem() { return has(CriuFlag.TRACK_MEM); }
    /** {@return whether {@code --auto-dedup} is on} When on: free the pages of the parent images that this dump rewrites. */
    public boolean autoDedup() { return has(CriuFlag.AUTO_DEDUP); }
    /** {@return whether {@code --orphan-pts-master} is on} When on: allow a terminal whose master side is outside the tree. */
    public boolean orphanPtsMaster() { return has(CriuFlag.ORPHAN_PTS_MASTER); }
    /** {@return whether {@code --weak-sysctls} is on} When on: skip sysctls the kernel lacks instead of failing. */
    public boolean weakSysctls() { return has(CriuFlag.WEAK_SYSCTLS); }

    /**
     * Starts options for dumping the tree rooted at {@code pid} into {@code imagesDir}.
     *
     * @param pid       the root of the tree to dump
     * @param imagesDir where the images go
     * @return a builder with CRIU's defaults: kill the tree after the dump, log level 4, no page server
     */
    public static Builder builder(int pid, Path imagesDir) {
        return new Builder(pid, imagesDir);
    }

    /** {@return A builder holding these options, to change some of them} */
    public Builder toBuilder() {
        Builder b = new Builder(pid, imagesDir);
        b.logDir = logDir; b.logLevel = logLevel; b.flags.addAll(flags);
        b.ghostLimit = ghostLimit; b.external.addAll(external); b.extMountMap.putAll(extMountMap);
        b.skipMounts.addAll(skipMounts); b.enableFs.addAll(enableFs); b.manageCgroupsMode = manageCgroupsMode;
        b.freezeCgroup = freezeCgroup; b.networkLock = networkLock; b.parentImages = parentImages;
        b.pageServerAddress = pageServerAddress; b.pageServerPort = pageServerPort; b.timeoutSeconds = timeoutSeconds;
        b.listeners.addAll(listeners);
        return b;
    }

    /** Builds {@link DumpOptions}; every setter is named like CRIU's option. */
    public static final class Builder {
        private int pid;
        private Path imagesDir;
        private Path logDir;
        private int logLevel = 4;
        private final Set<CriuFlag> flags = EnumSet.noneOf(CriuFlag.class);
        private Long ghostLimit;
        private final List<String> external = new ArrayList<>();
        private final Map<String, String> extMountMap = new LinkedHashMap<>();
        private final List<String> skipMounts = new ArrayList<>();
        private final List<String> enableFs = new ArrayList<>();
        private CgroupMode manageCgroupsMode;
        private String freezeCgroup;
        private NetworkLock networkLock;
        private Path parentImages;
        private String pageServerAddress;
        private int pageServerPort;
        private int timeoutSeconds;
        private final List<NotifyListener> listeners = new ArrayList<>();

        private Builder(int pid, Path imagesDir) { this.pid = pid; this.imagesDir = imagesDir; }

        /**
         * The root of the tree to dump, in the caller's pid namespace.
         *
         * @param v the pid, positive
         * @return this builder
         */
        public Builder pid(int v) { pid = v; return this; }
        /**
         * Where the images go; the directory must exist.
         *
         * @param v the directory
         * @return this builder
         */
        public Builder imagesDir(Path v) { imagesDir = v; return this; }
        /**
         * Where CRIU's log and {@code stats-dump} go.
         *
         * @param v the directory, or null for the images directory
         * @return this builder
         */
        public Builder logDir(Path v) { logDir = v; return this; }
        /**
         * CRIU's log level: 0 (errors only) to 4 (debug, the default).
         *
         * @param v the level, 0..4
         * @return this builder
         */
        public Builder logLevel(int v) { logLevel = v; return this; }
        /**
         * Turns a yes/no option on or off.
         *
         * @param flag the option; it must be one CRIU accepts on dump
         * @param on   whether it is on
         * @return this builder
         * @throws IllegalArgumentException for an option CRIU refuses on dump
         */
        public Builder set(CriuFlag flag, boolean on) {
            if (!flag.onDump()) throw new IllegalArgumentException("--" + flag.criuName() + " is a restore option; CRIU refuses it on dump");
            if (on) flags.add(flag); else flags.remove(flag);
            return this;
        }

        /**
         * {@code --leave-running}: resume the tasks after the dump instead of killing them.
         *
         * @param v true to leave the tree running
         * @return this builder
         */
        public Builder leaveRunning(boolean v) { return set(CriuFlag.LEAVE_RUNNING, v); }
        /**
         * {@code --shell-job}: the tree is attached to a terminal (restore needs it too).
         *
         * @param v true for a tree attached to a terminal
         * @return this builder
         */
        public Builder shellJob(boolean v) { return set(CriuFlag.SHELL_JOB, v); }
        /**
         * {@code --tcp-established}: checkpoint established TCP connections.
         *
         * @param v true to dump established connections
         * @return this builder
         */
        public Builder tcpEstablished(boolean v) { return set(CriuFlag.TCP_ESTABLISHED, v); }
        /**
         * {@code --skip-in-flight}: leave out TCP connections still being opened instead of failing.
         *
         * @param v true to skip them
         * @return this builder
         */
        public Builder tcpSkipInFlight(boolean v) { return set(CriuFlag.TCP_SKIP_IN_FLIGHT, v); }
        /**
         * {@code --tcp-close}: dump established TCP connections as closed; the restored program sees them reset.
         *
         * @param v true to close them
         * @return this builder
         */
        public Builder tcpClose(boolean v) { return set(CriuFlag.TCP_CLOSE, v); }
        /**
         * {@code --ext-unix-sk}: allow unix sockets connected outside the tree.
         *
         * @param v true to allow them
         * @return this builder
         */
        public Builder extUnixSk(boolean v) { return set(CriuFlag.EXT_UNIX_SK, v); }
        /**
         * {@code --file-locks}: dump file locks.
         *
         * @param v true to dump them; without it a tree holding a lock fails to dump
         * @return this builder
         */
        public Builder fileLocks(boolean v) { return set(CriuFlag.FILE_LOCKS, v); }
        /**
         * {@code --link-remap}: allow linking deleted-but-open files back in place.
         *
         * @param v true to allow it
         * @return this builder
         */
        public Builder linkRemap(boolean v) { return set(CriuFlag.LINK_REMAP, v); }
        /**
         * {@code --evasive-devices}: devices may be found by path if their number changed.
         *
         * @param v true to allow it
         * @return this builder
         */
        public Builder evasiveDevices(boolean v) { return set(CriuFlag.EVASIVE_DEVICES, v); }
        /**
         * {@code --auto-ext-mnt}: mounts from outside the mount namespace become external.
         *
         * @param v true to allow it
         * @return this builder
         */
        public Builder autoExtMnt(boolean v) { return set(CriuFlag.AUTO_EXT_MNT, v); }
        /**
         * {@code --enable-external-sharing}: allow mounts that share a peer group with mounts outside the dump.
         *
         * @param v true to allow them
         * @return this builder
         */
        public Builder extSharing(boolean v) { return set(CriuFlag.EXT_SHARING, v); }
        /**
         * {@code --enable-external-masters}: allow slave mounts whose master is outside the dump.
         *
         * @param v true to allow them
         * @return this builder
         */
        public Builder extMasters(boolean v) { return set(CriuFlag.EXT_MASTERS, v); }
        /**
         * {@code --track-mem}: start memory change tracking (needs a kernel with soft-dirty).
         *
         * @param v true to start tracking; check {@link Features#memoryTracking()} first
         * @return this builder
         */
        public Builder trackMem(boolean v) { return set(CriuFlag.TRACK_MEM, v); }
        /**
         * {@code --auto-dedup}: free (punch out) the pages of the parent images that this dump writes again, so a
         * pre-dump chain takes less space.
         *
         * @param v true to deduplicate
         * @return this builder
         */
        public Builder autoDedup(boolean v) { return set(CriuFlag.AUTO_DEDUP, v); }
        /**
         * {@code --orphan-pts-master}: allow a terminal whose master side is held outside the tree.
         *
         * @param v true to allow it
         * @return this builder
         */
        public Builder orphanPtsMaster(boolean v) { return set(CriuFlag.ORPHAN_PTS_MASTER, v); }
        /**
         * {@code --weak-sysctls}: skip sysctls the kernel does not have instead of failing.
         *
         * @param v true to skip them
         * @return this builder
         */
        public Builder weakSysctls(boolean v) { return set(CriuFlag.WEAK_SYSCTLS, v); }
        /**
         * {@code --ghost-limit}: largest deleted file kept in the images, bytes.
         *
         * @param bytes the limit in bytes; larger deleted files fail the dump
         * @return this builder
         */
        public Builder ghostLimit(long bytes) { ghostLimit = bytes; return this; }
        /**
         * {@code --external}: a resource outside the tree, like {@code mnt[/path]:key} or {@code dev[maj/min]:key}.
         *
         * @param v the resource and its key; may be called several times
         * @return this builder
         */
        public Builder external(String v) { external.add(v); return this; }
        /**
         * {@code --ext-mount-map KEY:VALUE}.
         *
         * @param key the mount point inside the tree
         * @param value the key that names it at restore
         * @return this builder
         */
        public Builder extMountMap(String key, String value) { extMountMap.put(key, value); return this; }
        /**
         * {@code --skip-mnt}: leave a mount out of the dump.
         *
         * @param v the mount point, as the tree sees it; may be called several times
         * @return this builder
         */
        public Builder skipMount(String v) { skipMounts.add(v); return this; }
        /**
         * {@code --enable-fs}: a file system type CRIU may dump though it does not know it.
         *
         * @param v the type's name ("fuse"), or "all"; may be called several times
         * @return this builder
         */
        public Builder enableFs(String v) { enableFs.add(v); return this; }
        /**
         * {@code --manage-cgroups=MODE}.
         *
         * @param v the mode, or null for CRIU's default
         * @return this builder
         */
        public Builder manageCgroupsMode(CgroupMode v) { manageCgroupsMode = v; return this; }
        /**
         * {@code --freeze-cgroup}: freeze the tree with this freezer cgroup instead of stopping each task with ptrace.
         *
         * @param v the cgroup's path, or null
         * @return this builder
         */
        public Builder freezeCgroup(String v) { freezeCgroup = v; return this; }
        /**
         * {@code --network-lock}.
         *
         * @param v the method, or null for CRIU's default (iptables)
         * @return this builder
         */
        public Builder networkLock(NetworkLock v) { networkLock = v; return this; }
        /**
         * {@code --prev-images-dir}, relative to the image directory.
         *
         * @param v the parent images, like {@code ../1}; null for a dump without parent
         * @return this builder
         */
        public Builder parentImages(Path v) { parentImages = v; return this; }
        /**
         * {@code --page-server --address A --port P}: send pages to a CRIU page server.
         *
         * @param address the page server's host or address
         * @param port its TCP port
         * @return this builder
         */
        public Builder pageServer(String address, int port) { pageServerAddress = address; pageServerPort = port; return this; }
        /**
         * {@code --timeout}: how long CRIU waits for the tasks to freeze.
         *
         * @param v seconds; 0 for CRIU's default (10 s)
         * @return this builder
         */
        public Builder timeoutSeconds(int v) { timeoutSeconds = v; return this; }
        /**
         * Adds a listener for CRIU's notifications.
         *
         * @param l the listener, not null; listeners are called in the order added
         * @return this builder
         */
        public Builder listener(NotifyListener l) { listeners.add(Objects.requireNonNull(l)); return this; }

        /**
         * Makes the options; the builder may be used again.
         *
         * @return the options
         * @throws IllegalArgumentException when a value is out of range (see the record's constructor)
         */
        public DumpOptions build() {
            return new DumpOptions(pid, imagesDir, logDir, logLevel, flags, ghostLimit, external,
                    extMountMap, skipMounts, enableFs, manageCgroupsMode, freezeCgroup, networkLock, parentImages,
                    pageServerAddress, pageServerPort, timeoutSeconds, listeners);
        }
    }
}
