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
 * @param imagesDir      the images to restore
 * @param logDir         where the log and {@code stats-restore} go; {@code null}: the images directory
 * @param logLevel       CRIU's log level, 0..4 (4 is the verbose default)
 * @param flags          the yes/no options that are on (each one CRIU accepts on restore)
 * @param restoreSibling {@code --restore-sibling}: the restored root becomes a child of the calling process
 *                       (which must then reap it), instead of being handed to init
 * @param inheritFd      {@code --inherit-fd fd[N]:KEY}: this process's fd N stands in for the external resource KEY
 * @param manageCgroupsMode {@code --manage-cgroups}; {@code null}: CRIU's default
 * @param networkLock    {@code --network-lock}; {@code null}: CRIU's default (iptables)
 * @param root           {@code --root}: the directory to use as the restored tree's root file system; {@code null}: /
 * @param external       {@code --external} resources the restore connects the tree to
 * @param extMountMap    {@code --ext-mount-map}: the key of an external mount to the path it is restored from
 * @param vethPairs      {@code --veth-pair}: a veth device inside the tree to the name of its peer outside
 * @param listeners      told of CRIU's notifications (setup-namespaces, post-restore...), in order, on the
 *                       thread that called the restore
 */
public record RestoreOptions(Path imagesDir, Path logDir, int logLevel, boolean restoreSibling, Set<CriuFlag> flags,
                             CgroupMode manageCgroupsMode, NetworkLock networkLock, String root,
                             Map<Integer, String> inheritFd, List<String> external, Map<String, String> extMountMap,
                             Map<String, String> vethPairs, List<NotifyListener> listeners) {
    /**
     * Checks and copies the options.
     *
     * @throws IllegalArgumentException when the log level is not 0..4
     * @throws NullPointerException     when {@code imagesDir} is null
     */
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

    /**
     * Whether a yes/no option is on.
     *
     * @param flag the option
     * @return true when it is on
     */
    public boolean has(CriuFlag flag) { return flags.contains(flag); }

    /** {@return whether {@code --shell-job} is on} When on: the tree was dumped as a shell job and is attached to the caller's terminal. */
    public boolean shellJob() { return has(CriuFlag.SHELL_JOB); }
    /** {@return whether {@code --tcp-established} is on} When on: restore the established TCP connections the images hold. */
    public boolean tcpEstablished() { return has(CriuFlag.TCP_ESTABLISHED); }
    /** {@return whether {@code --tcp-close} is on} When on: restore established connections closed. */
    public boolean tcpClose() { return has(CriuFlag.TCP_CLOSE); }
    /** {@return whether {@code --ext-unix-sk} is on} When on: allow unix sockets connected to a peer outside the tree. */
    public boolean extUnixSk() { return has(CriuFlag.EXT_UNIX_SK); }
    /** {@return whether {@code --file-locks} is on} When on: restore the file locks the images hold. */
    public boolean fileLocks() { return has(CriuFlag.FILE_LOCKS); }
    /** {@return whether {@code --evasive-devices} is on} When on: find a device by path when its number changed. */
    public boolean evasiveDevices() { return has(CriuFlag.EVASIVE_DEVICES); }
    /** {@return whether {@code --auto-dedup} is on} When on: free each page of the images once it is restored. */
    public boolean autoDedup() { return has(CriuFlag.AUTO_DEDUP); }
    /** {@return whether {@code --enable-external-sharing} is on} When on: allow mounts sharing a peer group outside the dump. */
    public boolean extSharing() { return has(CriuFlag.EXT_SHARING); }
    /** {@return whether {@code --enable-external-masters} is on} When on: allow slave mounts whose master is outside the dump. */
    public boolean extMasters() { return has(CriuFlag.EXT_MASTERS); }
    /** {@return whether {@code --mntns-compat-mode} is on} When on: the older mount engine. */
    public boolean mntnsCompatMode() { return has(CriuFlag.MNTNS_COMPAT_MODE); }
    /** {@return whether {@code --weak-sysctls} is on} When on: skip sysctls the kernel lacks instead of failing. */
    public boolean weakSysctls() { return has(CriuFlag.WEAK_SYSCTLS); }

    /**
     * Starts options for restoring the checkpoint in {@code imagesDir}.
     *
     * @param imagesDir the images to restore
     * @return a builder with CRIU's defaults: log level 4, the restored tree handed to init
     */
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

        /**
         * Where CRIU's log and {@code stats-restore} go.
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
         * {@code --restore-sibling}: the restored root becomes a child of this process, which must reap it.
         *
         * @param v true to keep it as a child
         * @return this builder
         */
        public Builder restoreSibling(boolean v) { restoreSibling = v; return this; }
        /**
         * Turns a yes/no option on or off.
         *
         * @param flag the option; it must be one CRIU accepts on restore
         * @param on   whether it is on
         * @return this builder
         * @throws IllegalArgumentException for an option CRIU refuses on restore
         */
        public Builder set(CriuFlag flag, boolean on) {
            if (!flag.onRestore()) throw new IllegalArgumentException("--" + flag.criuName() + " is a dump option; CRIU refuses it on restore");
            if (on) flags.add(flag); else flags.remove(flag);
            return this;
        }

        /**
         * {@code --shell-job}: the tree was dumped as a shell job.
         *
         * @param v true when the dump used it
         * @return this builder
         */
        public Builder shellJob(boolean v) { return set(CriuFlag.SHELL_JOB, v); }
        /**
         * {@code --tcp-established}: restore established TCP connections.
         *
         * @param v true when the dump used it
         * @return this builder
         */
        public Builder tcpEstablished(boolean v) { return set(CriuFlag.TCP_ESTABLISHED, v); }
        /**
         * {@code --tcp-close}: restore established TCP connections closed.
         *
         * @param v true to close them
         * @return this builder
         */
        public Builder tcpClose(boolean v) { return set(CriuFlag.TCP_CLOSE, v); }
        /**
         * {@code --ext-unix-sk}: allow unix sockets connected outside the tree.
         *
         * @param v true when the dump used it
         * @return this builder
         */
        public Builder extUnixSk(boolean v) { return set(CriuFlag.EXT_UNIX_SK, v); }
        /**
         * {@code --file-locks}: restore file locks.
         *
         * @param v true when the dump used it
         * @return this builder
         */
        public Builder fileLocks(boolean v) { return set(CriuFlag.FILE_LOCKS, v); }
        /**
         * {@code --evasive-devices}: find a device by path when its number changed.
         *
         * @param v true to allow it
         * @return this builder
         */
        public Builder evasiveDevices(boolean v) { return set(CriuFlag.EVASIVE_DEVICES, v); }
        /**
         * {@code --auto-dedup}: free each page of the images once it is restored.
         *
         * @param v true to free them
         * @return this builder
         */
        public Builder autoDedup(boolean v) { return set(CriuFlag.AUTO_DEDUP, v); }
        /**
         * {@code --enable-external-sharing}: allow mounts that share a peer group outside the dump.
         *
         * @param v true when the dump used it
         * @return this builder
         */
        public Builder extSharing(boolean v) { return set(CriuFlag.EXT_SHARING, v); }
        /**
         * {@code --enable-external-masters}: allow slave mounts whose master is outside the dump.
         *
         * @param v true when the dump used it
         * @return this builder
         */
        public Builder extMasters(boolean v) { return set(CriuFlag.EXT_MASTERS, v); }
        /**
         * {@code --mntns-compat-mode}: the older mount engine (needed for some containers on this kernel).
         *
         * @param v true for the older engine
         * @return this builder
         */
        public Builder mntnsCompatMode(boolean v) { return set(CriuFlag.MNTNS_COMPAT_MODE, v); }
        /**
         * {@code --weak-sysctls}: skip sysctls the kernel does not have instead of failing.
         *
         * @param v true to skip them
         * @return this builder
         */
        public Builder weakSysctls(boolean v) { return set(CriuFlag.WEAK_SYSCTLS, v); }
        /**
         * {@code --manage-cgroups=MODE}: how cgroups are restored.
         *
         * @param v the mode, or null for CRIU's default
         * @return this builder
         */
        public Builder manageCgroupsMode(CgroupMode v) { manageCgroupsMode = v; return this; }
        /**
         * {@code --network-lock}: must match the method the dump locked the network with.
         *
         * @param v the method, or null for CRIU's default (iptables)
         * @return this builder
         */
        public Builder networkLock(NetworkLock v) { networkLock = v; return this; }
        /**
         * {@code --root}: restore with this directory as the root file system.
         *
         * @param v the directory, or null for /
         * @return this builder
         */
        public Builder root(String v) { root = v; return this; }
        /**
         * {@code --inherit-fd fd[N]:KEY}.
         *
         * @param fd a descriptor open in this process, handed to the restored tree
         * @param key the external resource it stands for, as the dump named it
         * @return this builder
         */
        public Builder inheritFd(int fd, String key) { inheritFd.put(fd, key); return this; }
        /**
         * {@code --external}: connect the tree to a resource outside it.
         *
         * @param v the resource and its key; may be called several times
         * @return this builder
         */
        public Builder external(String v) { external.add(v); return this; }
        /**
         * {@code --ext-mount-map KEY:VALUE}.
         *
         * @param key the key the dump gave an external mount
         * @param value the path to mount there
         * @return this builder
         */
        public Builder extMountMap(String key, String value) { extMountMap.put(key, value); return this; }
        /**
         * {@code --veth-pair IN=OUT}.
         *
         * @param inside the device's name inside the tree
         * @param outside the name of its peer in this network namespace
         * @return this builder
         */
        public Builder vethPair(String inside, String outside) { vethPairs.put(inside, outside); return this; }
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
         * @throws IllegalArgumentException when the log level is out of range
         */
        public RestoreOptions build() {
            return new RestoreOptions(imagesDir, logDir, logLevel, restoreSibling, flags, manageCgroupsMode, networkLock, root, inheritFd, external, extMountMap, vethPairs,
                    listeners);
        }
    }
}
