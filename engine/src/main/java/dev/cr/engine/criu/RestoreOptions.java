package dev.cr.engine.criu;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What to restore and how: an immutable value made with {@link #builder(Path)}; names follow CRIU's options.
 *
 * @param restoreSibling {@code --restore-sibling}: the restored root becomes a child of the calling process
 *                       (which must then reap it), instead of being handed to init
 * @param inheritFd      {@code --inherit-fd fd[N]:KEY}: this process's fd N stands in for the external resource KEY
 */
public record RestoreOptions(Path imagesDir, Path logDir, int logLevel, boolean restoreSibling,
                             boolean shellJob, boolean tcpEstablished, boolean tcpClose, boolean extUnixSk,
                             boolean fileLocks, boolean evasiveDevices, boolean autoDedup, boolean extSharing,
                             boolean extMasters, boolean mntnsCompatMode, boolean weakSysctls,
                             CgroupMode manageCgroupsMode, NetworkLock networkLock, String root,
                             Map<Integer, String> inheritFd, List<String> external, Map<String, String> extMountMap,
                             Map<String, String> vethPairs, List<NotifyListener> listeners) {
    public RestoreOptions {
        Objects.requireNonNull(imagesDir, "imagesDir");
        if (logLevel < 0 || logLevel > 4) throw new IllegalArgumentException("log level must be 0..4, got " + logLevel);
        inheritFd = Map.copyOf(inheritFd);
        external = List.copyOf(external);
        extMountMap = Map.copyOf(extMountMap);
        vethPairs = Map.copyOf(vethPairs);
        listeners = List.copyOf(listeners);
    }

    public static Builder builder(Path imagesDir) {
        return new Builder(imagesDir);
    }

    /** Builds {@link RestoreOptions}. */
    public static final class Builder {
        private final Path imagesDir;
        private Path logDir;
        private int logLevel = 4;
        private boolean restoreSibling, shellJob, tcpEstablished, tcpClose, extUnixSk, fileLocks, evasiveDevices,
                autoDedup, extSharing, extMasters, mntnsCompatMode, weakSysctls;
        private CgroupMode manageCgroupsMode;
        private NetworkLock networkLock;
        private String root;
        private final Map<Integer, String> inheritFd = new LinkedHashMap<>();
        private final List<String> external = new ArrayList<>();
        private final Map<String, String> extMountMap = new LinkedHashMap<>();
        private final Map<String, String> vethPairs = new LinkedHashMap<>();
        private final List<NotifyListener> listeners = new ArrayList<>();

        private Builder(Path imagesDir) { this.imagesDir = imagesDir; }

        public Builder logDir(Path v) { logDir = v; return this; }
        public Builder logLevel(int v) { logLevel = v; return this; }
        public Builder restoreSibling(boolean v) { restoreSibling = v; return this; }
        public Builder shellJob(boolean v) { shellJob = v; return this; }
        public Builder tcpEstablished(boolean v) { tcpEstablished = v; return this; }
        public Builder tcpClose(boolean v) { tcpClose = v; return this; }
        public Builder extUnixSk(boolean v) { extUnixSk = v; return this; }
        public Builder fileLocks(boolean v) { fileLocks = v; return this; }
        public Builder evasiveDevices(boolean v) { evasiveDevices = v; return this; }
        public Builder autoDedup(boolean v) { autoDedup = v; return this; }
        public Builder extSharing(boolean v) { extSharing = v; return this; }
        public Builder extMasters(boolean v) { extMasters = v; return this; }
        /** {@code --mntns-compat-mode}: the older mount engine (needed for some containers on this kernel). */
        public Builder mntnsCompatMode(boolean v) { mntnsCompatMode = v; return this; }
        public Builder weakSysctls(boolean v) { weakSysctls = v; return this; }
        public Builder manageCgroupsMode(CgroupMode v) { manageCgroupsMode = v; return this; }
        public Builder networkLock(NetworkLock v) { networkLock = v; return this; }
        /** {@code --root}: restore with this directory as the root file system. */
        public Builder root(String v) { root = v; return this; }
        /** {@code --inherit-fd fd[N]:KEY}. */
        public Builder inheritFd(int fd, String key) { inheritFd.put(fd, key); return this; }
        public Builder external(String v) { external.add(v); return this; }
        public Builder extMountMap(String key, String value) { extMountMap.put(key, value); return this; }
        /** {@code --veth-pair IN=OUT}. */
        public Builder vethPair(String inside, String outside) { vethPairs.put(inside, outside); return this; }
        public Builder listener(NotifyListener l) { listeners.add(Objects.requireNonNull(l)); return this; }

        public RestoreOptions build() {
            return new RestoreOptions(imagesDir, logDir, logLevel, restoreSibling, shellJob, tcpEstablished, tcpClose,
                    extUnixSk, fileLocks, evasiveDevices, autoDedup, extSharing, extMasters, mntnsCompatMode,
                    weakSysctls, manageCgroupsMode, networkLock, root, inheritFd, external, extMountMap, vethPairs,
                    listeners);
        }
    }
}
