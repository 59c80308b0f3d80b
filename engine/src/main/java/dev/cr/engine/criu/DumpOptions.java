package dev.cr.engine.criu;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What to dump and how: an immutable value made with {@link #builder(int, Path)}. The names follow CRIU's
 * command-line options ({@code leaveRunning} is {@code --leave-running}, and so on).
 *
 * @param logDir        where the log goes; {@code null}: the image directory. CRIU also writes {@code stats-dump}
 *                      there (it is copied next to the images), so concurrent dumps should not share a log directory
 * @param logLevel      CRIU's log level, 0..4 (4 is the verbose default)
 * @param ghostLimit    largest deleted-but-open file kept in the images, bytes; {@code null}: CRIU's default
 * @param parentImages  {@code --prev-images-dir}, relative to the image directory (like {@code ../1}), or {@code null}
 * @param pageServerPort {@code --port} of a page server; used only when {@code pageServerAddress} is set
 * @param timeoutSeconds {@code --timeout} for freezing; 0: CRIU's default
 */
public record DumpOptions(int pid, Path imagesDir, Path logDir, int logLevel,
                          boolean leaveRunning, boolean shellJob, boolean tcpEstablished, boolean tcpSkipInFlight,
                          boolean tcpClose, boolean extUnixSk, boolean fileLocks, boolean linkRemap,
                          boolean evasiveDevices, boolean autoExtMnt, boolean extSharing, boolean extMasters,
                          boolean trackMem, boolean autoDedup, boolean orphanPtsMaster, boolean weakSysctls,
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
        external = List.copyOf(external);
        extMountMap = Map.copyOf(extMountMap);
        skipMounts = List.copyOf(skipMounts);
        enableFs = List.copyOf(enableFs);
        listeners = List.copyOf(listeners);
    }

    /** Starts options for dumping the tree rooted at {@code pid} into {@code imagesDir}. */
    public static Builder builder(int pid, Path imagesDir) {
        return new Builder(pid, imagesDir);
    }

    /** {@return A builder holding these options, to change some of them} */
    public Builder toBuilder() {
        Builder b = new Builder(pid, imagesDir);
        b.logDir = logDir; b.logLevel = logLevel; b.leaveRunning = leaveRunning; b.shellJob = shellJob;
        b.tcpEstablished = tcpEstablished; b.tcpSkipInFlight = tcpSkipInFlight; b.tcpClose = tcpClose;
        b.extUnixSk = extUnixSk; b.fileLocks = fileLocks; b.linkRemap = linkRemap; b.evasiveDevices = evasiveDevices;
        b.autoExtMnt = autoExtMnt; b.extSharing = extSharing; b.extMasters = extMasters; b.trackMem = trackMem;
        b.autoDedup = autoDedup; b.orphanPtsMaster = orphanPtsMaster; b.weakSysctls = weakSysctls;
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
        private boolean leaveRunning, shellJob, tcpEstablished, tcpSkipInFlight, tcpClose, extUnixSk, fileLocks,
                linkRemap, evasiveDevices, autoExtMnt, extSharing, extMasters, trackMem, autoDedup, orphanPtsMaster,
                weakSysctls;
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
        /** {@code --leave-running}: resume the tasks after the dump instead of killing them. */
        public Builder leaveRunning(boolean v) { leaveRunning = v; return this; }
        /** {@code --shell-job}: the tree is attached to a terminal (restore needs it too). */
        public Builder shellJob(boolean v) { shellJob = v; return this; }
        /** {@code --tcp-established}: checkpoint established TCP connections. */
        public Builder tcpEstablished(boolean v) { tcpEstablished = v; return this; }
        public Builder tcpSkipInFlight(boolean v) { tcpSkipInFlight = v; return this; }
        public Builder tcpClose(boolean v) { tcpClose = v; return this; }
        /** {@code --ext-unix-sk}: allow unix sockets connected outside the tree. */
        public Builder extUnixSk(boolean v) { extUnixSk = v; return this; }
        /** {@code --file-locks}: dump file locks. */
        public Builder fileLocks(boolean v) { fileLocks = v; return this; }
        /** {@code --link-remap}: allow linking deleted-but-open files back in place. */
        public Builder linkRemap(boolean v) { linkRemap = v; return this; }
        /** {@code --evasive-devices}: devices may be found by path if their number changed. */
        public Builder evasiveDevices(boolean v) { evasiveDevices = v; return this; }
        /** {@code --auto-ext-mnt}: mounts from outside the mount namespace become external. */
        public Builder autoExtMnt(boolean v) { autoExtMnt = v; return this; }
        public Builder extSharing(boolean v) { extSharing = v; return this; }
        public Builder extMasters(boolean v) { extMasters = v; return this; }
        /** {@code --track-mem}: start memory change tracking (needs a kernel with soft-dirty). */
        public Builder trackMem(boolean v) { trackMem = v; return this; }
        public Builder autoDedup(boolean v) { autoDedup = v; return this; }
        public Builder orphanPtsMaster(boolean v) { orphanPtsMaster = v; return this; }
        public Builder weakSysctls(boolean v) { weakSysctls = v; return this; }
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
            return new DumpOptions(pid, imagesDir, logDir, logLevel, leaveRunning, shellJob, tcpEstablished,
                    tcpSkipInFlight, tcpClose, extUnixSk, fileLocks, linkRemap, evasiveDevices, autoExtMnt,
                    extSharing, extMasters, trackMem, autoDedup, orphanPtsMaster, weakSysctls, ghostLimit, external,
                    extMountMap, skipMounts, enableFs, manageCgroupsMode, freezeCgroup, networkLock, parentImages,
                    pageServerAddress, pageServerPort, timeoutSeconds, listeners);
        }
    }
}
