package dev.cr.engine.lxc;

import dev.cr.engine.criu.CriuBinary;
import dev.cr.engine.criu.CriuException;
import dev.cr.engine.criu.Failure;
import dev.cr.engine.stats.StatsFile;
import dev.cr.ffm.lxc.LxcContainer;
import dev.cr.ffm.lxc.lxccontainer_h;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The LXC containers of one lxcpath, checkpointed and restored as a whole through liblxc's migrate API (which runs
 * CRIU with the container's namespaces, mounts and cgroups), plus what LXD users know as stateful stop/start and
 * stateful snapshots.
 *
 * <p>Every operation opens the container through liblxc, does its calls and releases it; nothing native outlives a
 * call. liblxc runs the {@code criu} on PATH: {@link CriuForLxc} makes that the CRIU selected here (explicit path,
 * {@code $CR_CRIU}, the provisioned one, then PATH, as {@link CriuBinary} finds it).
 *
 * <p>Stateful stop writes the running state to {@code <lxcpath>/<name>/state}; start restores from it when present
 * and removes it afterwards. A stateful snapshot keeps the state in {@code <snapshot dir>/state} next to liblxc's
 * copy of the filesystem. The CRIU logs of those operations are kept in {@link #logDir}.
 */
public final class Containers {
    /** Where a stateful stop keeps the state, inside the container's directory (as LXD does). */
    public static final String STATE_DIR = "state";
    private static final String SNAPSHOT_NAME_PREFIX = "cr-snapshot: ";

    private final Path lxcpath;
    private final Path criu;

    private Containers(Path lxcpath, Path criu) {
        this.lxcpath = lxcpath;
        this.criu = criu;
    }

    /**
     * The containers of the system lxcpath ({@code lxc.lxcpath}, usually {@code /var/lib/lxc}).
     *
     * @return the containers there
     * @throws LxcException when liblxc cannot be loaded
     */
    public static Containers system() {
        return at(systemLxcpath());
    }

    /**
     * The containers of {@code lxcpath}. Nothing is opened yet: a missing directory holds no containers.
     *
     * @param lxcpath the directory holding one directory per container (made absolute)
     * @return the containers there
     */
    public static Containers at(Path lxcpath) {
        return new Containers(lxcpath.toAbsolutePath().normalize(), null);
    }

    /**
     * The same lxcpath, with liblxc running this CRIU executable instead of the one {@link CriuBinary} finds.
     *
     * @param criuExecutable the {@code criu} to run, or null to find one as {@link CriuBinary} does
     * @return a new instance; this one is unchanged
     */
    public Containers withCriu(Path criuExecutable) {
        return new Containers(lxcpath, criuExecutable);
    }

    /** {@return the lxcpath, absolute} */
    public Path lxcpath() {
        return lxcpath;
    }

    /**
     * {@return the version of the liblxc in use, for example {@code 5.0.2}}
     *
     * @throws LxcException when liblxc cannot be loaded
     */
    public static String liblxcVersion() {
        requireLibrary("reading the liblxc version");
        return NativeContainer.libraryVersion();
    }

    /**
     * {@return the system lxcpath liblxc is configured with ({@code /var/lib/lxc} when it names none)}
     *
     * @throws LxcException when liblxc cannot be loaded
     */
    public static Path systemLxcpath() {
        requireLibrary("reading the system lxcpath");
        String v = LxcContainer.globalConfigItem("lxc.lxcpath");
        return Path.of(v == null ? "/var/lib/lxc" : v);
    }

    /**
     * {@return the names of the containers in this lxcpath, sorted; empty when the directory does not exist}
     *
     * @throws LxcException when liblxc cannot be loaded
     */
    public List<String> list() {
        requireLibrary("listing containers");
        if (!Files.isDirectory(lxcpath)) return List.of();
        return NativeContainer.listAll(lxcpath).stream().sorted().toList();
    }

    /**
     * The container's state, init pid, saved state and snapshots.
     *
     * @param name the container's name
     * @return its information, or empty when no such container is defined
     * @throws LxcException when liblxc cannot be loaded or the name is not a valid one (blank, or holding '/')
     */
    public Optional<ContainerInfo> lookup(String name) {
        try (NativeContainer c = open("looking up " + name, name)) {
            if (!c.isDefined()) return Optional.empty();
            ContainerState state = c.state();
            int pid = state == ContainerState.STOPPED ? -1 : c.initPid();
            return Optional.of(new ContainerInfo(name, state, pid, directoryOf(name),
                    Files.isDirectory(stateDir(name)), snapshots(c)));
        }
    }

    /**
     * The container's state, as liblxc reports it now.
     *
     * @param name the container's name
     * @return its state
     * @throws LxcException when no such container is defined, or liblxc cannot be loaded
     */
    public ContainerState state(String name) {
        try (NativeContainer c = defined("reading the state of " + name, name)) {
            return c.state();
        }
    }

    /**
     * The host pid of the container's init.
     *
     * @param name the container's name
     * @return the pid, or -1 when it is not running
     * @throws LxcException when no such container is defined, or liblxc cannot be loaded
     */
    public int initPid(String name) {
        try (NativeContainer c = defined("reading the init pid of " + name, name)) {
            return c.initPid();
        }
    }

    /**
     * The container's directory, whether or not the container exists.
     *
     * @param name the container's name
     * @return {@code <lxcpath>/<name>}
     */
    public Path directoryOf(String name) {
        return lxcpath.resolve(name);
    }

    /**
     * Where the CRIU logs of stateful stops, starts and snapshots of {@code name} are kept:
     * {@code <lxcpath>/.cr-logs/<name>}, outside the container's directory, which a snapshot restore replaces.
     * (Checkpoints into a directory of the caller's keep their logs in that directory.)
     *
     * @param name the container's name
     * @return the directory, which may not exist yet
     */
    public Path logDir(String name) {
        return lxcpath.resolve(".cr-logs").resolve(name);
    }

    /**
     * Where a stateful stop of {@code name} keeps the running state.
     *
     * @param name the container's name
     * @return {@code <lxcpath>/<name>/state}, which exists only while a saved state waits for {@link #start}
     */
    public Path stateDir(String name) {
        return directoryOf(name).resolve(STATE_DIR);
    }

    /**
     * Which of the asked features CRIU supports on this machine, through {@code MIGRATE_FEATURE_CHECK} (liblxc runs
     * {@code criu check --feature ...} for each).
     *
     * @param wanted the features to check
     * @return those of {@code wanted} that CRIU supports here
     * @throws LxcException when no CRIU is found or liblxc cannot be loaded
     */
    public Set<Feature> featureCheck(Set<Feature> wanted) {
        String op = "feature check";
        if (wanted.isEmpty()) return Set.of();
        long bits = wanted.stream().mapToLong(f -> f.bit).reduce(0, (a, b) -> a | b);
        CriuForLxc.install(criuPath(op));
        // The migrate API wants a container object; the check itself does not look at it.
        try (NativeContainer c = open(op, "cr-feature-check")) {
            var out = c.migrate(new NativeContainer.Migrate(lxccontainer_h.MIGRATE_FEATURE_CHECK, null, false, false,
                    null, false, 0, bits));
            // On failure liblxc clears the bits of the features CRIU does not support.
            long supported = out.status() == 0 ? bits : out.unsupportedFeatures() & bits;
            EnumSet<Feature> result = EnumSet.noneOf(Feature.class);
            for (Feature f : wanted) if ((supported & f.bit) != 0) result.add(f);
            return result;
        }
    }

    /**
     * Checkpoints a running container ({@code MIGRATE_DUMP}); it keeps running unless {@code stopAfter} is set.
     * CRIU's log is kept in the image directory.
     *
     * @param name    the container's name
     * @param options where the images go, and how
     * @return what the call did, with CRIU's statistics
     * @throws LxcException when the container is not defined or not running, the directory already holds a
     *                      checkpoint, the parent is missing, or CRIU failed (then with the cause read from its log,
     *                      and the message says whether the container still runs)
     */
    public LxcMigrateCall checkpoint(String name, CheckpointOptions options) {
        return dump("checkpoint of container " + name, name, "dump", lxccontainer_h.MIGRATE_DUMP, options,
                options.directory(), null);
    }

    /** A step run while a container's tasks are frozen and dumped; throwing makes CRIU resume them. */
    @FunctionalInterface
    public interface FrozenStep {
        /**
         * Runs while the container's tasks are frozen and dumped.
         *
         * @throws Exception anything: CRIU then resumes the container, and the checkpoint fails with it as cause
         */
        void run() throws Exception;
    }

    /**
     * Checkpoints a running container and runs {@code whileFrozen} after its images are written, while its tasks
     * are still frozen (CRIU's post-dump stage, reached through an action script: {@link ActionGate}). Only when
     * the step returns does CRIU go on to stop the container (with {@code stopAfter}) or resume it; when the step
     * throws, CRIU resumes the container, and this throws an {@link LxcException} whose cause is the step's exception.
     * CRIU's log is kept in {@code logDir} (null: in the image directory).
     *
     * @param name        the container's name
     * @param options     where the images go, and how
     * @param logDir      where CRIU's log is kept, or null for the image directory
     * @param whileFrozen the step run at post-dump
     * @return what the call did, with CRIU's statistics
     * @throws LxcException as {@link #checkpoint(String, CheckpointOptions)}; also when the step threw (its exception
     *                      is the cause, and the message says whether the container still runs) or CRIU never
     *                      reached post-dump
     */
    public LxcMigrateCall checkpoint(String name, CheckpointOptions options, Path logDir, FrozenStep whileFrozen) {
        String op = "checkpoint of container " + name;
        ActionGate gate;
        try {
            gate = ActionGate.open(CriuForLxc.RUN_DIR, "post-dump", pid -> whileFrozen.run());
        } catch (IOException e) {
            throw new LxcException(op, "cannot write the post-dump script in " + CriuForLxc.RUN_DIR + ": " + e.getMessage(),
                    "run as root", e);
        }
        try (gate) {
            LxcMigrateCall r = dump(op, name, "dump", lxccontainer_h.MIGRATE_DUMP, options,
                    logDir == null ? options.directory() : logDir, gate.script());
            if (!gate.ran()) // CRIU never reached post-dump although it reported success: never kill on such a doubt
                throw new LxcException(op, "CRIU did not run the post-dump step", null);
            return r;
        } catch (LxcException e) {
            if (gate.failure() == null) throw e;
            throw new LxcException(op, gate.failure().getMessage() + " (the container is "
                    + (isRunningQuietly(name) ? "still running" : "not running") + ")", null, e.logPath().orElse(null),
                    e.logLines(), gate.failure());
        }
    }

    private boolean isRunningQuietly(String name) {
        try (NativeContainer c = open("state of " + name, name)) {
            return c.isRunning();
        } catch (RuntimeException e) {
            return false;
        }
    }

    /**
     * The value of a configuration item of a defined container.
     *
     * @param name the container's name
     * @param key  the item, as in the container's config file ({@code lxc.rootfs.path}, ...)
     * @return its value, or empty when unset
     * @throws LxcException when no such container is defined, or liblxc cannot be loaded
     */
    public Optional<String> configItem(String name, String key) {
        try (NativeContainer c = defined("reading " + key + " of " + name, name)) {
            return c.configItem(key);
        }
    }

    /**
     * Pre-dumps a running container's memory ({@code MIGRATE_PRE_DUMP}) so that the final checkpoint (with
     * {@code withParent} set to this directory) writes only what changed. Needs CRIU's dirty memory tracking: it is
     * checked first, so a kernel without it gets a clear error instead of a CRIU crash. The container always keeps
     * running ({@code stopAfter} is ignored).
     *
     * @param name    the container's name
     * @param options where the pre-dump goes, and its own parent, if any
     * @return what the call did, with CRIU's statistics
     * @throws LxcException when CRIU cannot track dirty memory here, or as
     *                      {@link #checkpoint(String, CheckpointOptions)}
     */
    public LxcMigrateCall preDump(String name, CheckpointOptions options) {
        String op = "pre-dump of container " + name;
        if (!featureCheck(EnumSet.of(Feature.MEM_TRACK)).contains(Feature.MEM_TRACK))
            throw new LxcException(op, "CRIU cannot track dirty memory on this machine (mem_dirty_track is not supported;"
                    + " usually the kernel is built without CONFIG_MEM_SOFT_DIRTY)",
                    "checkpoint without pre-dumps, or run on a kernel with soft-dirty tracking");
        return dump(op, name, "pre-dump", lxccontainer_h.MIGRATE_PRE_DUMP, options.stopAfter(false), options.directory(), null);
    }

    private LxcMigrateCall dump(String op, String name, String action, int command, CheckpointOptions o, Path keepLogIn,
                                 Path actionScript) {
        Path criuExe = criuPath(op);
        Path dir = o.directory().toAbsolutePath().normalize();
        if (Files.exists(dir.resolve("inventory.img")))
            throw new LxcException(op, dir + " already holds a checkpoint", "choose an empty directory, or remove that one first");
        String parent = null;
        if (o.parent() != null) {
            Path p = o.parent().toAbsolutePath().normalize();
            if (!Files.isDirectory(p)) throw new LxcException(op, "the parent pre-dump " + p + " does not exist", null);
            parent = dir.relativize(p).toString();
        }
        try (NativeContainer c = defined(op, name)) {
            if (!c.isRunning())
                throw new LxcException(op, "the container is " + c.state(), "start it first");
            createDirectories(op, dir);
            CriuForLxc.install(criuExe);
            Instant start = Instant.now();
            var out = c.migrate(new NativeContainer.Migrate(command, dir, o.stop(), o.verbose(), parent,
                    o.preservesInodes(), o.ghostLimit(), 0, actionScript));
            Duration took = Duration.between(start, Instant.now());
            Path log = LxcMigrateLog.keep(dir, action, start, keepLogIn == null ? dir : keepLogIn);
            if (out.status() != 0) {
                Failure why = Failure.explain(log, "liblxc's " + action + " failed (" + c.errorText() + ")");
                throw LxcException.explained(op, why, c.isRunning() ? "the container is still running"
                        : "the container is " + c.state());
            }
            return new LxcMigrateCall(action, name, dir, log, took, c.isRunning() ? c.initPid() : -1,
                    StatsFile.readDump(dir), Optional.empty());
        }
    }

    /**
     * Restores a stopped container from a checkpoint directory ({@code MIGRATE_RESTORE}); it runs detached. The
     * liblxc call runs on a thread with a descriptor table of its own ({@link RestoreThread}) so that the container's
     * monitor process, which liblxc forks from its caller, holds none of this JVM's file descriptors. CRIU's log is
     * kept in the image directory.
     *
     * @param name      the container's name
     * @param directory the checkpoint's image directory
     * @return what the call did, with the restored init's pid and CRIU's statistics
     * @throws LxcException when the container is not defined or already running, the directory holds no checkpoint,
     *                      or CRIU failed (the checkpoint is left untouched)
     */
    public LxcMigrateCall restore(String name, Path directory) {
        return restore("restore of container " + name, name, directory.toAbsolutePath().normalize(), null, null);
    }

    /**
     * As {@link #restore(String, Path)}, keeping CRIU's log in {@code logDir} (for image directories removed after).
     *
     * @param name      the container's name
     * @param directory the checkpoint's image directory
     * @param logDir    where CRIU's log is kept, or null for the image directory
     * @return what the call did
     * @throws LxcException as {@link #restore(String, Path)}
     */
    public LxcMigrateCall restore(String name, Path directory, Path logDir) {
        return restore("restore of container " + name, name, directory.toAbsolutePath().normalize(), logDir, null);
    }

    /** A step run when a container's tasks are restored but none runs yet; throwing makes CRIU kill them. */
    @FunctionalInterface
    public interface RestoredStep {
        /**
         * Runs when the container's tasks are restored, before any of them runs.
         *
         * @param initPid the restored init's pid on the host, or -1 when CRIU did not say
         * @throws Exception anything: CRIU then kills the restored tasks, and the restore fails with it as cause
         */
        void run(long initPid) throws Exception;
    }

    /**
     * As {@link #restore(String, Path, Path)}, running {@code beforeRunning} at CRIU's post-restore stage (through
     * an action script, {@link ActionGate}) with the init's host pid: the container runs only once it returns. When
     * it throws, CRIU kills the restored tasks and this throws an {@link LxcException} whose cause is that exception.
     *
     * @param name          the container's name
     * @param directory     the checkpoint's image directory
     * @param logDir        where CRIU's log is kept, or null for the image directory
     * @param beforeRunning the step run at post-restore
     * @return what the call did
     * @throws LxcException as {@link #restore(String, Path)}; also when the step threw
     */
    public LxcMigrateCall restore(String name, Path directory, Path logDir, RestoredStep beforeRunning) {
        String op = "restore of container " + name;
        ActionGate gate;
        try {
            gate = ActionGate.open(CriuForLxc.RUN_DIR, "post-restore", beforeRunning::run);
        } catch (IOException e) {
            throw new LxcException(op, "cannot write the post-restore script in " + CriuForLxc.RUN_DIR + ": " + e.getMessage(),
                    "run as root", e);
        }
        try (gate) {
            return restore(op, name, directory.toAbsolutePath().normalize(), logDir, gate.script());
        } catch (LxcException e) {
            if (gate.failure() == null) throw e;
            throw new LxcException(op, gate.failure().getMessage() + " (the restored container was killed)", null,
                    e.logPath().orElse(null), e.logLines(), gate.failure());
        }
    }

    private LxcMigrateCall restore(String op, String name, Path dir, Path keepLogIn, Path actionScript) {
        Path criuExe = criuPath(op);
        if (!Files.exists(dir.resolve("inventory.img")))
            throw new LxcException(op, dir + " holds no checkpoint (no inventory.img)", "give the directory a checkpoint wrote");
        try (NativeContainer c = defined(op, name)) {
            if (c.isRunning())
                throw new LxcException(op, "the container is already running (" + c.state() + ")",
                        "stop it first, or restore into another container");
            Instant start = Instant.now();
            // On a thread with a descriptor table of its own: the monitor liblxc forks for a restore keeps every
            // descriptor of the thread that forked it.
            var out = RestoreThread.run(lxcpath, name, dir, criuExe, actionScript);
            Duration took = Duration.between(start, Instant.now());
            Path log = LxcMigrateLog.keep(dir, "restore", start, keepLogIn == null ? dir : keepLogIn);
            if (!out.restored()) {
                Failure why = Failure.explain(log, "liblxc's restore failed (" + out.error() + ")");
                throw LxcException.explained(op, why, "the checkpoint in " + dir + " is untouched");
            }
            return new LxcMigrateCall("restore", name, dir, log, took, c.initPid(), Optional.empty(),
                    StatsFile.readRestore(dir));
        }
    }

    /**
     * Stateful stop: checkpoints the running container into its {@link #stateDir} and stops it. The next
     * {@link #start} restores it from there. CRIU's log is kept in {@link #logDir}.
     *
     * @param name the container's name
     * @return what the dump did
     * @throws LxcException when a saved state is already there, or as {@link #checkpoint(String, CheckpointOptions)}
     *                      (the partial state is removed; the container keeps running)
     */
    public LxcMigrateCall stopStateful(String name) {
        String op = "stateful stop of container " + name;
        Path state = stateDir(name);
        if (Files.exists(state))
            throw new LxcException(op, state + " already holds a saved state",
                    "start the container first (which restores that state), or remove it");
        try {
            return dump(op, name, "dump", lxccontainer_h.MIGRATE_DUMP, CheckpointOptions.to(state).stopAfter(true),
                    logDir(name), null);
        } catch (LxcException e) {
            deleteQuietly(state); // a failed dump leaves the container running: its partial images are worth nothing
            throw e;
        }
    }

    /**
     * Stops a running container without saving its state, and waits up to 30 seconds for it to stop.
     *
     * @param name the container's name
     * @return true when it was running, false when it was already stopped
     * @throws LxcException when no such container is defined or liblxc refuses to stop it
     */
    public boolean stop(String name) {
        String op = "stop of container " + name;
        try (NativeContainer c = defined(op, name)) {
            if (!c.isRunning()) return false;
            if (!c.stop()) throw new LxcException(op, "liblxc: " + c.errorText(), null);
            c.waitFor(ContainerState.STOPPED, 30);
            return true;
        }
    }

    /**
     * Starts the container: from its saved state when a stateful stop left one (the state is removed once the
     * restore succeeded; kept when it failed), otherwise a fresh boot, daemonized.
     *
     * @param name the container's name
     * @return the restore's result when it restored, empty after a fresh boot
     * @throws LxcException when no such container is defined, it already runs, or the restore or boot failed
     */
    public Optional<LxcMigrateCall> start(String name) {
        String op = "start of container " + name;
        Path state = stateDir(name);
        if (Files.exists(state.resolve("inventory.img"))) {
            LxcMigrateCall r = restore(op, name, state, logDir(name), null);
            deleteQuietly(state);
            return Optional.of(r);
        }
        try (NativeContainer c = defined(op, name)) {
            if (c.isRunning()) throw new LxcException(op, "the container is already running", null);
            c.wantDaemonize(true);
            if (!c.start()) throw new LxcException(op, "liblxc: " + c.errorText(),
                    "look at the container's log (lxc.log.file) or run lxc-start -F -n " + name + " -P " + lxcpath);
            return Optional.empty();
        }
    }

    /**
     * Takes a snapshot named {@code snapshotName} (liblxc names it {@code snapN}; the given name is kept in the
     * snapshot's comment). Stateless: the container must be stopped (liblxc copies the filesystem of stopped
     * containers only). Stateful: the running container is checkpointed and stopped, its filesystem copied, the
     * state stored with the copy, and the container restored from the same state, so it goes on running.
     *
     * @param name         the container's name
     * @param snapshotName the snapshot's name (letters, digits, '.', '_', '-'), or null for liblxc's {@code snapN}
     * @param stateful     true to keep the running state with the snapshot
     * @return the snapshot taken
     * @throws LxcException when the name is bad or taken, the container is in the wrong state for the kind of
     *                      snapshot, or liblxc or CRIU failed (a stateful snapshot that failed after the stop restarts
     *                      the container from its saved state)
     */
    public Snapshot snapshot(String name, String snapshotName, boolean stateful) {
        String op = (stateful ? "stateful " : "") + "snapshot of container " + name;
        if (snapshotName != null && !snapshotName.matches("[A-Za-z0-9._-]+"))
            throw new LxcException(op, "bad snapshot name '" + snapshotName + "'", "use letters, digits, '.', '_' and '-'");
        try (NativeContainer c = defined(op, name)) {
            if (snapshotName != null && snapshots(c).stream().anyMatch(s -> s.name().equals(snapshotName)))
                throw new LxcException(op, "the container already has a snapshot named " + snapshotName, "choose another name");
            if (stateful && !c.isRunning())
                throw new LxcException(op, "the container is not running, so it has no running state to keep",
                        "take a stateless snapshot, or start it first");
            if (!stateful && c.isRunning())
                throw new LxcException(op, "liblxc copies the filesystem of stopped containers only",
                        "stop it first, or take a stateful snapshot, which stops and restores it");
        }
        if (!stateful) return takeSnapshot(op, name, snapshotName, null);
        stopStateful(name);
        Snapshot snap;
        try {
            snap = takeSnapshot(op, name, snapshotName, stateDir(name));
        } catch (LxcException e) {
            try {
                start(name); // nothing lost: the container goes on from the state it was stopped with
            } catch (LxcException restartFailed) {
                e.addSuppressed(restartFailed); // its state stays in stateDir(name) for `cr lxc start`
            }
            throw e;
        }
        start(name);
        return snap;
    }

    private Snapshot takeSnapshot(String op, String name, String snapshotName, Path state) {
        Path comment = null;
        try (NativeContainer c = defined(op, name)) {
            if (snapshotName != null) {
                comment = Files.createTempFile("cr-snapshot", ".comment");
                Files.writeString(comment, SNAPSHOT_NAME_PREFIX + snapshotName + "\n");
            }
            int n = c.snapshot(comment);
            if (n < 0) throw new LxcException(op, "liblxc: " + c.errorText(), null);
            String lxcName = "snap" + n;
            Path dir = directoryOf(name).resolve("snaps").resolve(lxcName);
            if (state != null) {
                try {
                    copyTree(state, dir.resolve(STATE_DIR));
                } catch (IOException e) {
                    c.snapshotDestroy(lxcName);
                    throw new LxcException(op, "cannot store the state with the snapshot: " + e.getMessage(), null, e);
                }
            }
            return snapshots(c).stream().filter(s -> s.lxcName().equals(lxcName)).findFirst()
                    .orElseThrow(() -> new LxcException(op, "liblxc does not list the snapshot " + lxcName + " it took", null));
        } catch (IOException e) {
            throw new LxcException(op, "cannot write the snapshot comment: " + e.getMessage(), null, e);
        } finally {
            if (comment != null) deleteQuietly(comment);
        }
    }

    /**
     * The container's snapshots.
     *
     * @param name the container's name
     * @return its snapshots, oldest first
     * @throws LxcException when no such container is defined, or liblxc cannot be loaded
     */
    public List<Snapshot> snapshots(String name) {
        try (NativeContainer c = defined("listing the snapshots of " + name, name)) {
            return snapshots(c);
        }
    }

    private List<Snapshot> snapshots(NativeContainer c) {
        var out = new ArrayList<Snapshot>();
        for (var e : c.snapshots()) {
            Path dir = Path.of(e.lxcpath()).resolve(e.name());
            out.add(new Snapshot(givenName(e).orElse(e.name()), e.name(), e.timestamp(), dir,
                    Files.exists(dir.resolve(STATE_DIR).resolve("inventory.img"))));
        }
        out.sort(Comparator.comparing(Snapshot::timestamp, Comparator.nullsFirst(Comparator.naturalOrder()))
                .thenComparing(Snapshot::lxcName));
        return out;
    }

    private static Optional<String> givenName(NativeContainer.SnapshotEntry e) {
        if (e.commentPath() == null) return Optional.empty();
        try (Stream<String> lines = Files.lines(Path.of(e.commentPath()))) {
            return lines.filter(l -> l.startsWith(SNAPSHOT_NAME_PREFIX))
                    .map(l -> l.substring(SNAPSHOT_NAME_PREFIX.length()).trim()).findFirst();
        } catch (IOException | java.io.UncheckedIOException ex) {
            return Optional.empty();
        }
    }

    /**
     * Brings a snapshot back: the container is stopped if running, its filesystem replaced by the snapshot's, and
     * for a stateful snapshot restored from the state kept with it. A stateless snapshot of a container that was
     * running is started again. A saved state of a stateful stop is removed: it no longer fits the filesystem.
     *
     * @param name         the container's name
     * @param snapshotName the snapshot's given name or liblxc's name for it ({@code snapN})
     * @return the restore's result for a stateful snapshot, else empty
     * @throws LxcException when there is no such container or snapshot, or liblxc or CRIU failed
     */
    public Optional<LxcMigrateCall> restoreSnapshot(String name, String snapshotName) {
        String op = "restore of snapshot " + snapshotName + " of container " + name;
        Snapshot snap;
        boolean wasRunning;
        try (NativeContainer c = defined(op, name)) {
            snap = snapshots(c).stream().filter(s -> s.name().equals(snapshotName) || s.lxcName().equals(snapshotName))
                    .findFirst().orElseThrow(() -> new LxcException(op, "the container has no snapshot named " + snapshotName,
                            "the container's information lists its snapshots"));
            wasRunning = c.isRunning();
        }
        stop(name);
        deleteQuietly(stateDir(name)); // a saved state of the filesystem being replaced no longer fits it
        try (NativeContainer c = defined(op, name)) {
            if (!c.snapshotRestore(snap.lxcName(), name)) throw new LxcException(op, "liblxc: " + c.errorText(), null);
        }
        if (snap.stateful()) {
            try {
                copyTree(snap.directory().resolve(STATE_DIR), stateDir(name));
            } catch (IOException e) {
                throw new LxcException(op, "cannot copy the snapshot's state: " + e.getMessage(), null, e);
            }
            return start(name);
        }
        if (wasRunning) start(name);
        return Optional.empty();
    }

    /**
     * Stops (if running) and destroys a container with its snapshots.
     *
     * @param name the container's name
     * @return true when it was destroyed, false when it was not defined
     * @throws LxcException when liblxc fails to destroy it
     */
    public boolean destroy(String name) {
        String op = "destroy of container " + name;
        stopIfDefined(name);
        try (NativeContainer c = open(op, name)) {
            if (!c.isDefined()) return false;
            // destroy_with_snapshots fails (without a reason) on a container that has none: plain destroy then.
            boolean ok = c.snapshots().isEmpty() ? c.destroy() : c.destroyWithSnapshots();
            if (!ok) throw new LxcException(op, "liblxc: " + c.errorText(), null);
            return true;
        }
    }

    private void stopIfDefined(String name) {
        try (NativeContainer c = open("stop of container " + name, name)) {
            if (c.isDefined() && c.isRunning()) {
                c.stop();
                c.waitFor(ContainerState.STOPPED, 30);
            }
        }
    }

    private Path criuPath(String op) {
        try {
            return CriuBinary.locate(criu);
        } catch (CriuException e) {
            throw LxcException.of(op, e);
        }
    }

    private NativeContainer open(String op, String name) {
        requireLibrary(op);
        if (name == null || name.isBlank() || name.contains("/"))
            throw new LxcException(op, "bad container name '" + name + "'", null);
        return NativeContainer.open(name, lxcpath);
    }

    private NativeContainer defined(String op, String name) {
        NativeContainer c = open(op, name);
        if (!c.isDefined()) {
            c.close();
            throw new LxcException(op, "no container named " + name + " in " + lxcpath,
                    "lxc-ls -P " + lxcpath + " lists the containers there");
        }
        return c;
    }

    private static void requireLibrary(String op) {
        if (!lxccontainer_h.isAvailable())
            throw new LxcException(op, "liblxc.so.1 cannot be loaded", "install LXC: apt-get install lxc liblxc1");
    }

    private static void createDirectories(String op, Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new LxcException(op, "cannot create " + dir + ": " + e.getMessage(), null, e);
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) Files.createDirectories(target);
                else Files.copy(p, target, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
            }
        }
    }

    static void deleteQuietly(Path p) {
        if (!Files.exists(p)) return;
        try (Stream<Path> walk = Files.walk(p)) {
            walk.sorted(Comparator.reverseOrder()).forEach(x -> {
                try {
                    Files.deleteIfExists(x);
                } catch (IOException ignored) {
                    // best effort: what remains is reported by the caller's next check
                }
            });
        } catch (IOException ignored) {
            // nothing to remove
        }
    }
}
