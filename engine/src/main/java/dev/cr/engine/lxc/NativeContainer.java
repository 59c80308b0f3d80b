package dev.cr.engine.lxc;

import dev.cr.ffm.lxc.LxcContainer;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * One liblxc container held for the length of an engine operation, over the binding's {@link LxcContainer}
 * (released on {@link #close()}): the engine's view of it, in its own types, with liblxc's failures turned into
 * {@link LxcException}s. Not shared between threads.
 */
final class NativeContainer implements AutoCloseable {
    private final LxcContainer c;
    private final String name;

    private NativeContainer(LxcContainer c, String name) {
        this.c = c;
        this.name = name;
    }

    /** {@code lxc_container_new(name, lxcpath)}; fails when liblxc cannot be loaded or refuses the name. */
    static NativeContainer open(String name, Path lxcpath) {
        if (!LxcContainer.isAvailable())
            throw new LxcException("opening container " + name, "liblxc.so.1 cannot be loaded",
                    "install it: apt-get install liblxc1 lxc");
        LxcContainer c = LxcContainer.open(name, lxcpath.toString());
        if (c == null)
            throw new LxcException("opening container " + name, "liblxc could not set up a container named '" + name
                    + "' in " + lxcpath, "check the name and that " + lxcpath + " is readable");
        return new NativeContainer(c, name);
    }

    /** The names of every container (defined or active) in an lxcpath, from {@code list_all_containers}. */
    static List<String> listAll(Path lxcpath) {
        List<String> names = LxcContainer.listAll(lxcpath.toString());
        if (names == null) throw new LxcException("listing containers in " + lxcpath, "liblxc could not list them", null);
        return names;
    }

    /** {@code lxc_get_version()} */
    static String libraryVersion() {
        return LxcContainer.libraryVersion();
    }

    String name() {
        return name;
    }

    boolean isDefined() {
        return c.isDefined();
    }

    boolean isRunning() {
        return c.isRunning();
    }

    ContainerState state() {
        String s = c.state();
        return ContainerState.parse(s == null ? "STOPPED" : s);
    }

    /** The init pid as seen from the host, or -1 when the container is not running. */
    int initPid() {
        return c.initPid();
    }

    boolean wantDaemonize(boolean on) {
        return c.wantDaemonize(on);
    }

    /** Whether the monitor process liblxc forks closes the file descriptors it inherits from this process. */
    boolean wantCloseAllFds(boolean on) {
        return c.wantCloseAllFds(on);
    }

    /** {@code start(c, 0, NULL)}: runs the configured init (lxc.init.cmd or /sbin/init). */
    boolean start() {
        return c.start();
    }

    boolean stop() {
        return c.stop();
    }

    /** Waits up to {@code timeoutSeconds} for the container to reach {@code state}. */
    boolean waitFor(ContainerState state, int timeoutSeconds) {
        return c.waitFor(state.name(), timeoutSeconds);
    }

    boolean destroy() {
        return c.destroy();
    }

    boolean destroyWithSnapshots() {
        return c.destroyWithSnapshots();
    }

    boolean setConfigItem(String key, String value) {
        return c.setConfigItem(key, value);
    }

    /** A configuration item as the container's config file has it, or empty when unset. */
    Optional<String> configItem(String key) {
        return Optional.ofNullable(c.configItem(key));
    }

    /** {@code config_file_name}: the path of the container's config file. */
    Path configFile() {
        String s = c.configFileName();
        if (s == null) throw new LxcException("reading the config path of " + name, errorText(), null);
        return Path.of(s);
    }

    /** {@code config_path}: the lxcpath the container lives in. */
    Path lxcpath() {
        return Path.of(c.configPath());
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
        var r = c.migrate(m.command(), new LxcContainer.MigrateOptions(
                m.directory() == null ? null : m.directory().toString(), m.stop(), m.verbose(), m.predumpDir(),
                m.preservesInodes(), m.ghostLimit(), m.featuresToCheck(),
                m.actionScript() == null ? null : m.actionScript().toString()));
        return new MigrateOutcome(r.status(), r.featuresToCheck());
    }

    /** {@code snapshot(c, commentfile)}: returns the snapshot's number N (named {@code snapN}) or -1. */
    int snapshot(Path commentFile) {
        return c.snapshot(commentFile == null ? null : commentFile.toString());
    }

    /** One entry of {@code snapshot_list}. */
    record SnapshotEntry(String name, String commentPath, String timestamp, String lxcpath) {}

    List<SnapshotEntry> snapshots() {
        List<LxcContainer.Snapshot> list = c.snapshots();
        if (list == null) throw new LxcException("listing the snapshots of " + name, errorText(), null);
        return list.stream().map(s -> new SnapshotEntry(s.name(), s.commentPath(), s.timestamp(), s.lxcpath())).toList();
    }

    boolean snapshotRestore(String snapshot, String newName) {
        return c.snapshotRestore(snapshot, newName);
    }

    boolean snapshotDestroy(String snapshot) {
        return c.snapshotDestroy(snapshot);
    }

    /** liblxc's text for the last error on this container, or a generic one when it left none. */
    String errorText() {
        String text = c.errorString();
        int num = c.errorNum();
        if (text == null || text.isBlank()) return num != 0 ? "liblxc error " + num : "liblxc reported a failure without a reason";
        return text;
    }

    @Override
    public void close() {
        c.close();
    }
}
