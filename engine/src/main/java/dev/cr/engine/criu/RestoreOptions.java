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
 * What to restore and how: an immutable value made with {@link #builder(Path)}; names follow CRIU's options.
 * CRIU's yes/no options are the {@link CriuFlag}s in {@code flags}, each described once there; the named accessors
 * and builder setters of the common ones are shorthands for {@link #has(CriuFlag)} and
 * {@link Builder#set(CriuFlag, boolean)}.
 *
 * @param flags          the yes/no options that are on (each one CRIU accepts on restore)
 * @param restoreSibling {@code --restore-sibling}: the restored root becomes a child of the calling process
 *                       (which must then reap it), instead of being handed to init
 * @param inheritFd      {@code --inherit-fd fd[N]:KEY}: this process's fd N stands in for the external resource KEY
 */
public record RestoreOptions(Path imagesDir, Path logDir, int logLevel, boolean restoreSibling, Set<CriuFlag> flags,
                             CgroupMode manageCgroupsMode, NetworkLock networkLock, String root,
                             Map<Integer, String> inheritFd, List<String> external, Map<String, String> extMountMap,
                             Map<String, String> vethPairs, List<NotifyListener> listeners) {
    public RestoreOptions {
        Objects.requireNonNull(imagesDir, "imagesDir");
        if (logLevel < 0 || logLevel > 4) throw new IllegalArgumentException("log level must be 0..4, got " + logLevel);
        for (CriuFlag f : flags) {
            if (!f.onRestore()) throw new IllegalArgumentException("--" + f.criuName() + " is a dump option; CRIU refuses it on restore");
        }
        flags = flags.isEmpty() ? Set.of() : java.util.Collections.unmodifiableSet(EnumSet.copyOf(flags));
        inheritFd = Map.copyOf(inheritFd);
        external = List.copyOf(external);
        extMountMap = Map.copyOf(extMountMap);
        vethPairs = Map.copyOf(vethPairs);
        listeners = List.copyOf(listeners);
    }

    /** Whether the yes/no option {@code flag} is on. */
    public boolean has(CriuFlag flag) { return flags.contains(flag); }

    public boolean shellJob() { return has(CriuFlag.SHELL_JOB); }
    public boolean tcpEstablished() { return has(CriuFlag.TCP_ESTABLISHED); }
    public boolean tcpClose() { return has(CriuFlag.TCP_CLOSE); }
    public boolean extUnixSk() { return has(CriuFlag.EXT_UNIX_SK); }
    public boolean fileLocks() { return has(CriuFlag.FILE_LOCKS); }
    public boolean evasiveDevices() { return has(CriuFlag.EVASIVE_DEVICES); }
    public boolean autoDedup() { return has(CriuFlag.AUTO_DEDUP); }
    public boolean extSharing() { return has(CriuFlag.EXT_SHARING); }
    public boolean extMasters() { return has(CriuFlag.EXT_MASTERS); }
    public boolean mntnsCompatMode() { return has(CriuFlag.MNTNS_COMPAT_MODE); }
    public boolean weakSysctls() { return has(CriuFlag.WEAK_SYSCTLS); }

    public static Builder builder(Path imagesDir) {
        return new Builder(imagesDir);
    }

    /** Builds {@link RestoreOptions}. */
    public static final class Builder {
        private final Path imagesDir;
        private Path logDir;
        private int logLevel = 4;
        private boolean restoreSibling;
        private final Set<CriuFlag> flags = EnumSet.noneOf(CriuFlag.class);
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
        /** Turns the yes/no option {@code flag} on or off; it must be one CRIU accepts on restore. */
        public Builder set(CriuFlag flag, boolean on) {
            if (!flag.onRestore()) throw new IllegalArgumentException("--" + flag.criuName() + " is a dump option; CRIU refuses it on restore");
            if (on) flags.add(flag); else flags.remove(flag);
            return this;
        }

        public Builder shellJob(boolean v) { return set(CriuFlag.SHELL_JOB, v); }
        public Builder tcpEstablished(boolean v) { return set(CriuFlag.TCP_ESTABLISHED, v); }
        public Builder tcpClose(boolean v) { return set(CriuFlag.TCP_CLOSE, v); }
        public Builder extUnixSk(boolean v) { return set(CriuFlag.EXT_UNIX_SK, v); }
        public Builder fileLocks(boolean v) { return set(CriuFlag.FILE_LOCKS, v); }
        public Builder evasiveDevices(boolean v) { return set(CriuFlag.EVASIVE_DEVICES, v); }
        public Builder autoDedup(boolean v) { return set(CriuFlag.AUTO_DEDUP, v); }
        public Builder extSharing(boolean v) { return set(CriuFlag.EXT_SHARING, v); }
        public Builder extMasters(boolean v) { return set(CriuFlag.EXT_MASTERS, v); }
        /** {@code --mntns-compat-mode}: the older mount engine (needed for some containers on this kernel). */
        public Builder mntnsCompatMode(boolean v) { return set(CriuFlag.MNTNS_COMPAT_MODE, v); }
        public Builder weakSysctls(boolean v) { return set(CriuFlag.WEAK_SYSCTLS, v); }
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
            return new RestoreOptions(imagesDir, logDir, logLevel, restoreSibling, flags, manageCgroupsMode, networkLock, root, inheritFd, external, extMountMap, vethPairs,
                    listeners);
        }
    }
}
