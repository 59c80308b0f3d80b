package dev.cr.ffm.lxc;

import dev.cr.ffm.libc.stdlib_h;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;

/**
 * One {@code struct lxc_container *}, from {@code lxc_container_new} to {@code lxc_container_put} ({@link #close()}),
 * with liblxc's calls on it in Java types: each method is one call through the struct's function table (its Javadoc
 * the C member), with the strings it passes in a confined arena scoped to that call. No address leaves this class;
 * failures come back as liblxc reports them (false, -1, null), and the engine explains them. Not shared between
 * threads.
 */
public final class LxcContainer implements AutoCloseable {
    private final MemorySegment c;

    private LxcContainer(MemorySegment c) {
        this.c = c;
    }

    /** True when liblxc.so.1 can be loaded on this machine. */
    public static boolean isAvailable() {
        return lxccontainer_h.isAvailable();
    }

    /** {@code struct lxc_container *lxc_container_new(const char *name, const char *configpath);} null when refused. */
    public static LxcContainer open(String name, String lxcpath) {
        MemorySegment ptr;
        try (Arena arena = Arena.ofConfined()) {
            ptr = lxccontainer_h.lxc_container_new(arena.allocateFrom(name), arena.allocateFrom(lxcpath));
        }
        if (ptr.equals(MemorySegment.NULL)) return null;
        return new LxcContainer(ptr.reinterpret(lxc_container.LAYOUT.byteSize()));
    }

    /**
     * {@code int list_all_containers(const char *lxcpath, char ***names, NULL);} the names of every container
     * (defined or active), or null when liblxc could not list them.
     */
    public static List<String> listAll(String lxcpath) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment namesOut = arena.allocate(ValueLayout.ADDRESS);
            int n = lxccontainer_h.list_all_containers(arena.allocateFrom(lxcpath), namesOut, MemorySegment.NULL);
            if (n < 0) return null;
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

    /** {@code const char *lxc_get_version(void);} */
    public static String libraryVersion() {
        return lxccontainer_h.lxc_get_version().getString(0);
    }

    /** {@code const char *lxc_get_global_config_item(const char *key);} null when unset. */
    public static String globalConfigItem(String key) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment v = lxccontainer_h.lxc_get_global_config_item(arena.allocateFrom(key));
            return v.equals(MemorySegment.NULL) ? null : v.getString(0);
        }
    }

    /** {@code bool (*is_defined)(struct lxc_container *c);} */
    public boolean isDefined() {
        return lxc_container.is_defined.invoke(lxc_container.is_defined(c), c);
    }

    /** {@code bool (*is_running)(struct lxc_container *c);} */
    public boolean isRunning() {
        return lxc_container.is_running.invoke(lxc_container.is_running(c), c);
    }

    /** {@code const char *(*state)(struct lxc_container *c);} the state's name ("RUNNING"), null when none. */
    public String state() {
        MemorySegment s = lxc_container.state.invoke(lxc_container.state(c), c);
        return string(s);
    }

    /** {@code pid_t (*init_pid)(struct lxc_container *c);} as seen from the host; -1 when not running. */
    public int initPid() {
        return lxc_container.init_pid.invoke(lxc_container.init_pid(c), c);
    }

    /** {@code bool (*want_daemonize)(struct lxc_container *c, bool state);} */
    public boolean wantDaemonize(boolean on) {
        return lxc_container.want_daemonize.invoke(lxc_container.want_daemonize(c), c, on);
    }

    /** {@code bool (*want_close_all_fds)(struct lxc_container *c, bool state);} */
    public boolean wantCloseAllFds(boolean on) {
        return lxc_container.want_close_all_fds.invoke(lxc_container.want_close_all_fds(c), c, on);
    }

    /** {@code bool (*start)(struct lxc_container *c, 0, NULL);} runs the configured init. */
    public boolean start() {
        return lxc_container.start.invoke(lxc_container.start(c), c, 0, MemorySegment.NULL);
    }

    /** {@code bool (*stop)(struct lxc_container *c);} */
    public boolean stop() {
        return lxc_container.stop.invoke(lxc_container.stop(c), c);
    }

    /** {@code bool (*wait)(struct lxc_container *c, const char *state, int timeout);} */
    public boolean waitFor(String state, int timeoutSeconds) {
        try (Arena arena = Arena.ofConfined()) {
            return lxc_container.wait.invoke(lxc_container.wait(c), c, arena.allocateFrom(state), timeoutSeconds);
        }
    }

    /** {@code bool (*destroy)(struct lxc_container *c);} */
    public boolean destroy() {
        return lxc_container.destroy.invoke(lxc_container.destroy(c), c);
    }

    /** {@code bool (*destroy_with_snapshots)(struct lxc_container *c);} */
    public boolean destroyWithSnapshots() {
        return lxc_container.destroy_with_snapshots.invoke(lxc_container.destroy_with_snapshots(c), c);
    }

    /** {@code bool (*set_config_item)(struct lxc_container *c, const char *key, const char *value);} */
    public boolean setConfigItem(String key, String value) {
        try (Arena arena = Arena.ofConfined()) {
            return lxc_container.set_config_item.invoke(lxc_container.set_config_item(c), c,
                    arena.allocateFrom(key), arena.allocateFrom(value));
        }
    }

    /**
     * {@code int (*get_config_item)(struct lxc_container *c, const char *key, char *retv, int inlen);} called once
     * for the length, once for the text; null when unset.
     */
    public String configItem(String key) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment k = arena.allocateFrom(key);
            var fp = lxc_container.get_config_item(c);
            int len = lxc_container.get_config_item.invoke(fp, c, k, MemorySegment.NULL, 0);
            if (len <= 0) return null;
            MemorySegment buf = arena.allocate(len + 1L);
            lxc_container.get_config_item.invoke(fp, c, k, buf, len + 1);
            return buf.getString(0);
        }
    }

    /** {@code char *(*config_file_name)(struct lxc_container *c);} (allocated by liblxc, freed here); null on failure. */
    public String configFileName() {
        MemorySegment s = lxc_container.config_file_name.invoke(lxc_container.config_file_name(c), c);
        if (s.equals(MemorySegment.NULL)) return null;
        try {
            return s.getString(0);
        } finally {
            stdlib_h.free(s);
        }
    }

    /** {@code char *config_path;} the lxcpath the container lives in. */
    public String configPath() {
        return lxc_container.config_path(c).getString(0);
    }

    /**
     * The fields of {@code struct migrate_opts} cr sets; {@code directory}, {@code predumpDir} and
     * {@code actionScript} may be null (NULL).
     */
    public record MigrateOptions(String directory, boolean stop, boolean verbose, String predumpDir,
                                 boolean preservesInodes, long ghostLimit, long featuresToCheck, String actionScript) {}

    /** What {@code migrate} returned, and {@code features_to_check} after it (a feature check clears supported bits). */
    public record MigrateResult(int status, long featuresToCheck) {}

    /** {@code int (*migrate)(struct lxc_container *c, unsigned int cmd, struct migrate_opts *opts, unsigned int size);} */
    public MigrateResult migrate(int command, MigrateOptions m) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment opts = migrate_opts.allocate(arena);
            if (m.directory() != null) migrate_opts.directory(opts, arena.allocateFrom(m.directory()));
            migrate_opts.stop(opts, m.stop());
            migrate_opts.verbose(opts, m.verbose());
            if (m.predumpDir() != null) migrate_opts.predump_dir(opts, arena.allocateFrom(m.predumpDir()));
            migrate_opts.preserves_inodes(opts, m.preservesInodes());
            migrate_opts.ghost_limit(opts, m.ghostLimit());
            migrate_opts.features_to_check(opts, m.featuresToCheck());
            if (m.actionScript() != null) migrate_opts.action_script(opts, arena.allocateFrom(m.actionScript()));
            int rc = lxc_container.migrate.invoke(lxc_container.migrate(c), c, command, opts,
                    (int) migrate_opts.LAYOUT.byteSize());
            return new MigrateResult(rc, migrate_opts.features_to_check(opts));
        }
    }

    /** {@code int (*snapshot)(struct lxc_container *c, const char *commentfile);} the snapshot's number, or -1. */
    public int snapshot(String commentFile) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment comment = commentFile == null ? MemorySegment.NULL : arena.allocateFrom(commentFile);
            return lxc_container.snapshot.invoke(lxc_container.snapshot(c), c, comment);
        }
    }

    /** One {@code struct lxc_snapshot}, copied out before liblxc's own is freed. */
    public record Snapshot(String name, String commentPath, String timestamp, String lxcpath) {}

    /**
     * {@code int (*snapshot_list)(struct lxc_container *c, struct lxc_snapshot **snapshots);} each entry copied and
     * freed (its {@code free} member, then the array); null when liblxc could not list them.
     */
    public List<Snapshot> snapshots() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(ValueLayout.ADDRESS);
            int n = lxc_container.snapshot_list.invoke(lxc_container.snapshot_list(c), c, out);
            if (n < 0) return null;
            if (n == 0) return List.of();
            long size = lxc_snapshot.LAYOUT.byteSize();
            MemorySegment array = out.get(ValueLayout.ADDRESS, 0).reinterpret(n * size);
            var list = new ArrayList<Snapshot>(n);
            for (int i = 0; i < n; i++) {
                MemorySegment s = array.asSlice(i * size, size);
                list.add(new Snapshot(string(lxc_snapshot.name(s)), string(lxc_snapshot.comment_pathname(s)),
                        string(lxc_snapshot.timestamp(s)), string(lxc_snapshot.lxcpath(s))));
                lxc_snapshot.free.invoke(lxc_snapshot.free(s), s);
            }
            stdlib_h.free(array);
            return list;
        }
    }

    /** {@code bool (*snapshot_restore)(struct lxc_container *c, const char *snapname, const char *newname);} */
    public boolean snapshotRestore(String snapshot, String newName) {
        try (Arena arena = Arena.ofConfined()) {
            return lxc_container.snapshot_restore.invoke(lxc_container.snapshot_restore(c), c,
                    arena.allocateFrom(snapshot), arena.allocateFrom(newName));
        }
    }

    /** {@code bool (*snapshot_destroy)(struct lxc_container *c, const char *snapname);} */
    public boolean snapshotDestroy(String snapshot) {
        try (Arena arena = Arena.ofConfined()) {
            return lxc_container.snapshot_destroy.invoke(lxc_container.snapshot_destroy(c), c, arena.allocateFrom(snapshot));
        }
    }

    /** {@code char *error_string;} liblxc's text for the last error on this container, or null. */
    public String errorString() {
        return string(lxc_container.error_string(c));
    }

    /** {@code int error_num;} */
    public int errorNum() {
        return lxc_container.error_num(c);
    }

    private static String string(MemorySegment s) {
        return s.equals(MemorySegment.NULL) ? null : s.getString(0);
    }

    /** {@code int lxc_container_put(struct lxc_container *c);} */
    @Override
    public void close() {
        lxccontainer_h.lxc_container_put(c);
    }
}
