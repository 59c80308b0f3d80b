package dev.cr.engine.migrate.source;

import dev.cr.engine.migrate.MigrationException;

import dev.cr.engine.CrException;
import dev.cr.engine.lxc.CheckpointOptions;
import dev.cr.engine.lxc.ContainerInfo;
import dev.cr.engine.lxc.ContainerState;
import dev.cr.engine.lxc.Containers;
import dev.cr.engine.lxc.Feature;
import dev.cr.engine.lxc.LxcMigrateCall;
import dev.cr.engine.stats.DumpStats;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;

/**
 * The source side of a container migration, through liblxc's migrate API: the final dump stops the container
 * only after the migration's frozen step returned (CRIU's post-dump stage, see
 * {@link Containers#checkpoint(String, CheckpointOptions, Path, Containers.FrozenStep)}); the container's
 * directory travels with it; once the target reports it running, the source container is destroyed (its
 * directory removed), as after LXD's {@code lxc move}.
 */
public final class LxcCheckpointer implements Checkpointer {
    private final Containers containers;
    private final String name;
    private final Path logDir;
    private Boolean tracking;

    private LxcCheckpointer(Containers containers, String name, Path logDir) {
        this.containers = containers;
        this.name = name;
        this.logDir = logDir;
    }

    /**
     * Checks, before anything is frozen or sent, that the container can move: it exists, runs, and keeps its root
     * filesystem as a plain directory inside its own directory (the {@code dir} backend; btrfs, zfs, lvm, overlay,
     * loop and the like are refused, as is a rootfs elsewhere).
     *
     * @param containers the lxcpath the container is in
     * @param name       the container's name
     * @param logDir     where CRIU's logs of the migration are kept
     * @return the checkpointer, one per migration
     * @throws MigrationException when the container does not exist, does not run, or its rootfs is not a directory
     *                            inside its own directory
     */
    public static LxcCheckpointer of(Containers containers, String name, Path logDir) {
        String op = "migration of container " + name;
        ContainerInfo info;
        try {
            info = containers.lookup(name).orElseThrow(() -> new MigrationException(op,
                    "no container named " + name + " in " + containers.lxcpath(),
                    "lxc-ls -P " + containers.lxcpath() + " lists the containers there"));
        } catch (MigrationException e) {
            throw e;
        } catch (CrException e) {
            throw new MigrationException(op, e.cause(), e.fix().orElse(null), e);
        }
        if (info.state() != ContainerState.RUNNING)
            throw new MigrationException(op, "the container is " + info.state() + "; only a running container migrates live",
                    "start it first, or copy a stopped container's directory by other means");
        String rootfs = containers.configItem(name, "lxc.rootfs.path").orElse("");
        Path dir = containers.directoryOf(name);
        Path path = rootfsDirectory(rootfs);
        if (path == null)
            throw new MigrationException(op, "its root filesystem '" + rootfs + "' is not a plain directory (the dir backend);"
                    + " cr moves only that kind", "convert the container to a directory rootfs (lxc-copy -B dir) first");
        if (!path.normalize().startsWith(dir) || !Files.isDirectory(path))
            throw new MigrationException(op, "its root filesystem " + path + " is not inside the container's directory " + dir,
                    "move the rootfs into " + dir + " and point lxc.rootfs.path at it");
        return new LxcCheckpointer(containers, name, logDir);
    }

    /**
     * The directory of a {@code dir:} (or prefix-less) rootfs path.
     *
     * @param rootfs the value of {@code lxc.rootfs.path}
     * @return the directory, or null for any other backend ({@code btrfs:}, {@code overlay:}, a relative path, ...)
     */
    public static Path rootfsDirectory(String rootfs) {
        if (rootfs.startsWith("dir:")) rootfs = rootfs.substring(4);
        if (!rootfs.startsWith("/")) return null; // "btrfs:...", "overlay:...", "loop:...", "" ...
        return Path.of(rootfs);
    }

    @Override
    public boolean memoryTracking() {
        if (tracking == null) tracking = containers.featureCheck(EnumSet.of(Feature.MEM_TRACK)).contains(Feature.MEM_TRACK);
        return tracking;
    }

    @Override
    public boolean preDumpAgain() {
        return false; // one pre-dump, then the final dump: liblxc gives no statistics the policy could use
    }

    @Override
    public DumpFacts preDump(long pid, Path dir, Path parent) {
        CheckpointOptions o = CheckpointOptions.to(dir);
        if (parent != null) o = o.withParent(parent);
        return facts(containers.preDump(name, o));
    }

    @Override
    public DumpFacts dump(long pid, Path dir, Path parent, FrozenStep whileFrozen) {
        CheckpointOptions o = CheckpointOptions.to(dir).stopAfter(true);
        if (parent != null) o = o.withParent(parent);
        return facts(containers.checkpoint(name, o, logDir, whileFrozen::run));
    }

    @Override
    public Path directoryTree() {
        return containers.directoryOf(name);
    }

    @Override
    public String restoreAction() {
        return "restore container " + name + " of " + containers.lxcpath() + " from them";
    }

    @Override
    public java.util.Optional<String> moved() {
        try {
            // CRIU killed the tasks; the container's monitor needs a moment to notice and clean up, and liblxc
            // refuses to destroy a container that is not STOPPED yet.
            long deadline = System.nanoTime() + 15_000_000_000L;
            while (containers.state(name) != ContainerState.STOPPED && System.nanoTime() < deadline) Thread.sleep(50);
            boolean destroyed = false;
            for (int attempt = 0; !destroyed; attempt++) {
                try {
                    destroyed = containers.destroy(name);
                    if (!destroyed) return java.util.Optional.of("the source container was already gone");
                } catch (CrException e) {
                    if (attempt >= 20) throw e;
                    Thread.sleep(100);
                }
            }
            if (java.nio.file.Files.exists(containers.directoryOf(name)))
                return java.util.Optional.of("liblxc left " + containers.directoryOf(name) + " behind");
            return java.util.Optional.empty();
        } catch (CrException e) {
            return java.util.Optional.of("the source container is stopped but could not be removed: " + e.cause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return java.util.Optional.of("interrupted while removing the stopped source container");
        }
    }

    private static DumpFacts facts(LxcMigrateCall r) {
        long pages = r.dumpStats().map(DumpStats::pagesWritten).orElse(-1L);
        long frozen = r.dumpStats().map(s -> s.frozenTime().toMillis()).orElse(-1L);
        long freezing = r.dumpStats().map(s -> s.freezingTime().toMillis()).orElse(-1L);
        return new DumpFacts(pages, frozen, freezing, r.logPath());
    }
}
