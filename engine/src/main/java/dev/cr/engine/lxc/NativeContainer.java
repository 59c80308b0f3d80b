package dev.cr.engine.lxc;

import dev.cr.ffm.lxc.lxc_container;
import dev.cr.ffm.lxc.lxc_snapshot;
import dev.cr.ffm.lxc.lxccontainer_h;
import dev.cr.ffm.lxc.migrate_opts;
import dev.cr.ffm.libc.stdlib_h;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One {@code struct lxc_container *} held for the length of an engine operation: created by
 * {@code lxc_container_new}, released by {@code lxc_container_put} on {@link #close()}. Each method is one liblxc
 * call; the strings it passes live in a confined arena scoped to that call. Not shared between threads.
 */
final class NativeContainer implements AutoCloseable {
    private final MemorySegment c;
    private final String name;

    private NativeContainer(MemorySegment c, String name) {
        this.c = c;
        this.name = name;
    }

    /** {@code lxc_container_new(name, lxcpath)}; fails when liblxc cannot be loaded or refuses the name. */
    static NativeContainer open(String name, Path lxcpath) {
        if (!lxccontainer_h.isAvailable())
            throw new LxcException("opening container " + name, "liblxc.so.1 cannot be loaded",
                    "install it: apt-get install liblxc1 lxc");
        MemorySegment ptr;
        try (Arena arena = Arena.ofConfined()) {
            ptr = lxccontainer_h.lxc_container_new(arena.allocateFrom(name), arena.allocateFrom(lxcpath.toString()));
        }
        if (ptr.equals(MemorySegment.NULL))
            throw new LxcException("opening container " + name, "liblxc could not set up a container named '" + name
                    + "' in " + lxcpath, "check the name and that " + lxcpath + " is readable");
        return new NativeContainer(ptr.reinterpret(lxc_container.LAYOUT.byteSize()), name);
    }

    /** The names of every container (defined or active) in an lxcpath, from {@code list_all_containers}. */
    static List<String> listAll(Path lxcpath) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment namesOut = arena.allocate(ValueLayout.ADDRESS);
            int n = lxccontainer_h.list_all_containers(arena.allocateFrom(lxcpath.toString()), namesOut, MemorySegment.NULL);
            if (n < 0) throw new LxcException("listing containers in " + lxcpath, "liblxc could not list them", null);
            MemorySegment names = namesOut.get(ValueLayout.ADDRESS, 0).reinterpret((long) n * ValueLayout.ADDRESS.byteSize());
            var out = new ArrayList<String>(n);
            for (int i = 0; i < n; i++) {
                MemorySegment s = names.getAtIndex(ValueLayout.ADDRESS, i);
                out.add(s.reinterpret(Long.MAX_VALUE).getString(0));
                stdlib_h.free(s);
            }
            if (n > 0) stdlib_h.free(names);
            return out;
        }
    }

    /** {@code lxc_get_version()} */
    static String libraryVersion() {
        return lxccontainer_h.lxc_get_version().getString(0);
    }

    String name() {
        return name;
    }

    boolean isDefined() {
        return lxc_container.is_defined.invoke(lxc_container.is_defined(c), c);
    }

    boolean isRunning() {
        return lxc_container.is_running.invoke(lxc_container.is_running(c), c);
    }

    ContainerState state() {
        MemorySegment s = lxc_container.state.invoke(lxc_container.state(c), c);
        return ContainerState.parse(s.equals(MemorySegment.NULL) ? "STOPPED" : s.getString(0));
    }

    /** The init pid as seen from the host, or -1 when the container is not running. */
    int initPid() {
        return lxc_container.init_pid.invoke(lxc_container.init_pid(c), c);
    }

    boolean wantDaemonize(boolean on) {
        return lxc_container.want_daemonize.invoke(lxc_container.want_daemonize(c), c, on);
    }

    /** Whether the monitor process liblxc forks closes the file descriptors it inherits from this process. */
    boolean wantCloseAllFds(boolean on) {
        return lxc_container.want_close_all_fds.invoke(lxc_container.want_close_all_fds(c), c, on);
    }

    /** {@code start(c, 0, NULL)}: runs the configured init (lxc.init.cmd or /sbin/init). */
    boolean start() {
        return lxc_container.start.invoke(lxc_container.start(c), c, 0, MemorySegment.NULL);
    }

    boolean stop() {
        return lxc_container.stop.invoke(lxc_container.stop(c), c);
    }

    /** Waits up to {@code timeoutSeconds} for the container to reach {@code state}. */
    boolean waitFor(ContainerState state, int timeoutSeconds) {
        try (Arena arena = Arena.ofConfined()) {
            return lxc_container.wait.invoke(lxc_container.wait(c), c, arena.allocateFrom(state.name()), timeoutSeconds);
        }
    }

    boolean destroy() {
        return lxc_container.destroy.invoke(lxc_container.destroy(c), c);
    }

    boolean destroyWithSnapshots() {
        return lxc_container.destroy_with_snapshots.invoke(lxc_container.destroy_with_snapshots(c), c);
    }

    boolean setConfigItem(String key, String value) {
        try (Arena arena = Arena.ofConfined()) {
            return lxc_container.set_config_item.invoke(lxc_container.set_config_item(c), c,
                    arena.allocateFrom(key), arena.allocateFrom(value));
        }
    }

    /** A configuration item as the container's config file has it, or empty when unset. */
    Optional<String> configItem(String key) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment k = arena.allocateFrom(key);
            var fp = lxc_container.get_config_item(c);
            int len = lxc_container.get_config_item.invoke(fp, c, k, MemorySegment.NULL, 0);
            if (len <= 0) return Optional.empty();
            MemorySegment buf = arena.allocate(len + 1L);
            lxc_container.get_config_item.invoke(fp, c, k, buf, len + 1);
            return Optional.of(buf.getString(0));
        }
    }

    /** {@code config_file_name}: the path of the container's config file (liblxc allocates it; freed here). */
    Path configFile() {
        MemorySegment s = lxc_container.config_file_name.invoke(lxc_container.config_file_name(c), c);
        if (s.equals(MemorySegment.NULL)) throw new LxcException("reading the config path of " + name, errorText(), null);
        try {
            return Path.of(s.getString(0));
        } finally {
            stdlib_h.free(s);
        }
    }

    /** {@code config_path}: the lxcpath the container lives in. */
    Path lxcpath() {
        MemorySegment s = lxc_container.config_path(c);
        return Path.of(s.getString(0));
    }

    /** The migrate options of one call; {@code predumpDir} is relative to {@code directory}, as liblxc wants it. */
    record Migrate(int command, Path directory, boolean stop, boolean verbose, String predumpDir,
                   boolean preservesInodes, long ghostLimit, long featuresToCheck, Path actionScript) {
        Migrate(int command, Path directory, boolean stop, boolean verbose, String predumpDir,
                boolean preservesInodes, long ghostLimit, long featuresToCheck) {
            this(command, directory, stop, verbose, predumpDir, preservesInodes, ghostLimit, featuresToCheck, null);
        }
    }

    /** What {@code migrate} returned, and for a feature check the bits that are not supported. */
    record MigrateOutcome(int status, long unsupportedFeatures) {}

    MigrateOutcome migrate(Migrate m) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment opts = migrate_opts.allocate(arena);
            if (m.directory() != null) migrate_opts.directory(opts, arena.allocateFrom(m.directory().toString()));
            migrate_opts.stop(opts, m.stop());
            migrate_opts.verbose(opts, m.verbose());
            if (m.predumpDir() != null) migrate_opts.predump_dir(opts, arena.allocateFrom(m.predumpDir()));
            migrate_opts.preserves_inodes(opts, m.preservesInodes());
            migrate_opts.ghost_limit(opts, m.ghostLimit());
            migrate_opts.features_to_check(opts, m.featuresToCheck());
            if (m.actionScript() != null) migrate_opts.action_script(opts, arena.allocateFrom(m.actionScript().toString()));
            int rc = lxc_container.migrate.invoke(lxc_container.migrate(c), c, m.command(), opts,
                    (int) migrate_opts.LAYOUT.byteSize());
            return new MigrateOutcome(rc, migrate_opts.features_to_check(opts));
        }
    }

    /** {@code snapshot(c, commentfile)}: returns the snapshot's number N (named {@code snapN}) or -1. */
    int snapshot(Path commentFile) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment comment = commentFile == null ? MemorySegment.NULL : arena.allocateFrom(commentFile.toString());
            return lxc_container.snapshot.invoke(lxc_container.snapshot(c), c, comment);
        }
    }

    /** One entry of {@code snapshot_list}. */
    record SnapshotEntry(String name, String commentPath, String timestamp, String lxcpath) {}

    List<SnapshotEntry> snapshots() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(ValueLayout.ADDRESS);
            int n = lxc_container.snapshot_list.invoke(lxc_container.snapshot_list(c), c, out);
            if (n < 0) throw new LxcException("listing the snapshots of " + name, errorText(), null);
            if (n == 0) return List.of();
            long size = lxc_snapshot.LAYOUT.byteSize();
            MemorySegment array = out.get(ValueLayout.ADDRESS, 0).reinterpret(n * size);
            var list = new ArrayList<SnapshotEntry>(n);
            for (int i = 0; i < n; i++) {
                MemorySegment s = array.asSlice(i * size, size);
                list.add(new SnapshotEntry(string(lxc_snapshot.name(s)), string(lxc_snapshot.comment_pathname(s)),
                        string(lxc_snapshot.timestamp(s)), string(lxc_snapshot.lxcpath(s))));
                lxc_snapshot.free.invoke(lxc_snapshot.free(s), s);
            }
            stdlib_h.free(array);
            return list;
        }
    }

    boolean snapshotRestore(String snapshot, String newName) {
        try (Arena arena = Arena.ofConfined()) {
            return lxc_container.snapshot_restore.invoke(lxc_container.snapshot_restore(c), c,
                    arena.allocateFrom(snapshot), arena.allocateFrom(newName));
        }
    }

    boolean snapshotDestroy(String snapshot) {
        try (Arena arena = Arena.ofConfined()) {
            return lxc_container.snapshot_destroy.invoke(lxc_container.snapshot_destroy(c), c, arena.allocateFrom(snapshot));
        }
    }

    /** liblxc's text for the last error on this container, or a generic one when it left none. */
    String errorText() {
        MemorySegment s = lxc_container.error_string(c);
        int num = lxc_container.error_num(c);
        String text = s.equals(MemorySegment.NULL) ? "" : s.getString(0);
        if (text.isBlank()) return num != 0 ? "liblxc error " + num : "liblxc reported a failure without a reason";
        return text;
    }

    private static String string(MemorySegment s) {
        return s.equals(MemorySegment.NULL) ? null : s.getString(0);
    }

    @Override
    public void close() {
        lxccontainer_h.lxc_container_put(c);
    }
}
