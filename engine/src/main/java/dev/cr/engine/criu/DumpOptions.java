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
 * @param flags         the yes/no options that are on (each one CRIU accepts on dump)
 * @param logDir        where the log goes; {@code null}: the image directory. CRIU also writes {@code stats-dump}
 *                      there (it is copied next to the images), so concurrent dumps should not share a log directory
 * @param logLevel      CRIU's log level, 0..4 (4 is the verbose default)
 * @param ghostLimit    largest deleted-but-open file kept in the images, bytes; {@code null}: CRIU's default
 * @param parentImages  {@code --prev-images-dir}, relative to the image directory (like {@code ../1}), or {@code null}
 * @param pageServerPort {@code --port} of a page server; used only when {@code pageServerAddress} is set
 * @param timeoutSeconds {@code --timeout} for freezing; 0: CRIU's default
 */
public record DumpOptions(int pid, Path imagesDir, Path logDir, int logLevel, Set<CriuFlag> flags,
                          Long ghostLimit, List<String> external, Map<String, String> extMountMap,
                          List<String> skipMounts, List<String> enableFs, CgroupMode manageCgroupsMode,
                          String freezeCgroup, NetworkLock networkLock, Path parentImages,
                          String pageServerAddress, int pageServerPort, int timeoutSeconds,
                          List<NotifyListener> listeners) {
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

    /** Whether the yes/no option {@code flag} is on. */
    public boolean has(CriuFlag flag) { return flags.contains(flag); }

    public boolean leaveRunning() { return has(CriuFlag.LEAVE_RUNNING); }
    public boolean shellJob() { return has(CriuFlag.SHELL_JOB); }
    public boolean tcpEstablished() { return has(CriuFlag.TCP_ESTABLISHED); }
    public boolean tcpSkipInFlight() { return has(CriuFlag.TCP_SKIP_IN_FLIGHT); }
    public boolean tcpClose() { return has(CriuFlag.TCP_CLOSE); }
    public boolean extUnixSk() { return has(CriuFlag.EXT_UNIX_SK); }
    public boolean fileLocks() { return has(CriuFlag.FILE_LOCKS); }
    public boolean linkRemap() { return has(CriuFlag.LINK_REMAP); }
    public boolean evasiveDevices() { return has(CriuFlag.EVASIVE_DEVICES); }
    public boolean autoExtMnt() { return has(CriuFlag.AUTO_EXT_MNT); }
    public boolean extSharing() { return has(CriuFlag.EXT_SHARING); }
    public boolean extMasters() { return has(CriuFlag.EXT_MASTERS); }
    public boolean trackMem() { return has(CriuFlag.TRACK_MEM); }
    public boolean autoDedup() { return has(CriuFlag.AUTO_DEDUP); }
    public boolean orphanPtsMaster() { return has(CriuFlag.ORPHAN_PTS_MASTER); }
    public boolean weakSysctls() { return has(CriuFlag.WEAK_SYSCTLS); }

    /** Starts options for dumping the tree rooted at {@code pid} into {@code imagesDir}. */
    public static Builder builder(int pid, Path imagesDir) {
        return new Builder(pid, imagesDir);
    }

    /** A builder holding these options, to change some of them. */
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

        public Builder pid(int v) { pid = v; return this; }
        public Builder imagesDir(Path v) { imagesDir = v; return this; }
        public Builder logDir(Path v) { logDir = v; return this; }
        public Builder logLevel(int v) { logLevel = v; return this; }
        /** Turns the yes/no option {@code flag} on or off; it must be one CRIU accepts on dump. */
        public Builder set(CriuFlag flag, boolean on) {
            if (!flag.onDump()) throw new IllegalArgumentException("--" + flag.criuName() + " is a restore option; CRIU refuses it on dump");
            if (on) flags.add(flag); else flags.remove(flag);
            return this;
        }

        /** {@code --leave-running}: resume the tasks after the dump instead of killing them. */
        public Builder leaveRunning(boolean v) { return set(CriuFlag.LEAVE_RUNNING, v); }
        /** {@code --shell-job}: the tree is attached to a terminal (restore needs it too). */
        public Builder shellJob(boolean v) { return set(CriuFlag.SHELL_JOB, v); }
        /** {@code --tcp-established}: checkpoint established TCP connections. */
        public Builder tcpEstablished(boolean v) { return set(CriuFlag.TCP_ESTABLISHED, v); }
        public Builder tcpSkipInFlight(boolean v) { return set(CriuFlag.TCP_SKIP_IN_FLIGHT, v); }
        public Builder tcpClose(boolean v) { return set(CriuFlag.TCP_CLOSE, v); }
        /** {@code --ext-unix-sk}: allow unix sockets connected outside the tree. */
        public Builder extUnixSk(boolean v) { return set(CriuFlag.EXT_UNIX_SK, v); }
        /** {@code --file-locks}: dump file locks. */
        public Builder fileLocks(boolean v) { return set(CriuFlag.FILE_LOCKS, v); }
        /** {@code --link-remap}: allow linking deleted-but-open files back in place. */
        public Builder linkRemap(boolean v) { return set(CriuFlag.LINK_REMAP, v); }
        /** {@code --evasive-devices}: devices may be found by path if their number changed. */
        public Builder evasiveDevices(boolean v) { return set(CriuFlag.EVASIVE_DEVICES, v); }
        /** {@code --auto-ext-mnt}: mounts from outside the mount namespace become external. */
        public Builder autoExtMnt(boolean v) { return set(CriuFlag.AUTO_EXT_MNT, v); }
        public Builder extSharing(boolean v) { return set(CriuFlag.EXT_SHARING, v); }
        public Builder extMasters(boolean v) { return set(CriuFlag.EXT_MASTERS, v); }
        /** {@code --track-mem}: start memory change tracking (needs a kernel with soft-dirty). */
        public Builder trackMem(boolean v) { return set(CriuFlag.TRACK_MEM, v); }
        public Builder autoDedup(boolean v) { return set(CriuFlag.AUTO_DEDUP, v); }
        public Builder orphanPtsMaster(boolean v) { return set(CriuFlag.ORPHAN_PTS_MASTER, v); }
        public Builder weakSysctls(boolean v) { return set(CriuFlag.WEAK_SYSCTLS, v); }
        /** {@code --ghost-limit}: largest deleted file kept in the images, bytes. */
        public Builder ghostLimit(long bytes) { ghostLimit = bytes; return this; }
        /** {@code --external}: a resource outside the tree, like {@code mnt[/path]:key} or {@code dev[maj/min]:key}. */
        public Builder external(String v) { external.add(v); return this; }
        /** {@code --ext-mount-map KEY:VALUE}. */
        public Builder extMountMap(String key, String value) { extMountMap.put(key, value); return this; }
        public Builder skipMount(String v) { skipMounts.add(v); return this; }
        public Builder enableFs(String v) { enableFs.add(v); return this; }
        /** {@code --manage-cgroups=MODE}. */
        public Builder manageCgroupsMode(CgroupMode v) { manageCgroupsMode = v; return this; }
        public Builder freezeCgroup(String v) { freezeCgroup = v; return this; }
        /** {@code --network-lock}. */
        public Builder networkLock(NetworkLock v) { networkLock = v; return this; }
        /** {@code --prev-images-dir}, relative to the image directory. */
        public Builder parentImages(Path v) { parentImages = v; return this; }
        /** {@code --page-server --address A --port P}: send pages to a CRIU page server. */
        public Builder pageServer(String address, int port) { pageServerAddress = address; pageServerPort = port; return this; }
        public Builder timeoutSeconds(int v) { timeoutSeconds = v; return this; }
        /** Adds a listener for CRIU's notifications. */
        public Builder listener(NotifyListener l) { listeners.add(Objects.requireNonNull(l)); return this; }

        public DumpOptions build() {
            return new DumpOptions(pid, imagesDir, logDir, logLevel, flags, ghostLimit, external,
                    extMountMap, skipMounts, enableFs, manageCgroupsMode, freezeCgroup, networkLock, parentImages,
                    pageServerAddress, pageServerPort, timeoutSeconds, listeners);
        }
    }
}
