package dev.cr.engine.criu;

import dev.cr.engine.stats.DumpStats;
import dev.cr.engine.stats.StatsFile;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The entry point for checkpointing and restoring processes with CRIU through libcriu: {@link #version()},
 * {@link #check()}, {@link #features()}, {@link #dump}, {@link #preDump}, {@link #dump(DumpOptions, PreDumpPolicy)}
 * and {@link #restore}. An instance is immutable and safe to use from several threads at once: each call has its
 * own libcriu options and native memory. Every failure is a {@link CriuException} with the cause, the fix when
 * known, and the CRIU log; every dump, pre-dump and restore keeps its log ({@code dump-<UTC time>.log} and so on).
 */
public final class Criu {
    private final Path binary;
    private final CriuVersionCache versions;
    private volatile CriuVersion checkedVersion;

    private Criu(Path binary, CriuVersionCache versions) {
        this.binary = binary;
        this.versions = versions;
    }

    /**
     * Uses the CRIU that {@link CriuBinary} finds ($CR_CRIU, the provisioned one, PATH).
     *
     * @return the engine entry point; nothing is run yet
     * @throws CriuException of kind {@link FailureCause#CRIU_MISSING} when no CRIU executable is found
     */
    public static Criu locate() {
        return at(null);
    }

    /**
     * Uses the CRIU executable at {@code binary}, or the one found as in {@link #locate()} when null.
     *
     * @param binary the CRIU executable, or null
     * @return the engine entry point; nothing is run yet
     * @throws CriuException of kind {@link FailureCause#CRIU_MISSING} when there is no executable there (or, for null, anywhere)
     */
    public static Criu at(Path binary) {
        return at(binary, CriuVersionCache.standard());
    }

    static Criu at(Path binary, CriuVersionCache versions) {
        return new Criu(CriuBinary.locate(binary), versions);
    }

    /** {@return the CRIU executable libcriu runs} */
    public Path binary() { return binary; }

    /**
     * The version of the CRIU binary. libcriu asks CRIU the first time; the answer is kept per executable where
     * only root can write ({@code /var/cache/cr/criu-versions}) and asked again when the executable changes.
     * Needs root.
     *
     * @return the version
     * @throws CriuException of kind {@link FailureCause#NOT_ROOT} when not run as root
     * @throws CriuException when CRIU does not answer
     */
    public CriuVersion version() {
        String op = "asking CRIU for its version";
        requireRoot(op);
        int v = versions.version(binary, () -> {
            try (CriuCall call = new CriuCall(op, binary)) {
                return call.version();
            }
        });
        if (v <= 0) throw unusable(op, "it did not answer the version request: " + Errno.describe(v));
        return CriuVersion.of(v);
    }

    /**
     * Runs CRIU's own check of the kernel ({@code criu check}); fails with a {@link CriuException} of kind {@link FailureCause#CRIU_UNUSABLE} and
     * CRIU's reasons. It runs the executable rather than libcriu's {@code criu_local_check}: that call returns only
     * an errno, and its CRIU child prints "Looks good." on this process's standard output.
     *
     * @throws CriuException of kind {@link FailureCause#NOT_ROOT} when not run as root
     * @throws CriuException of kind {@link FailureCause#CRIU_UNUSABLE} when the check fails, with CRIU's reasons
     */
    public void check() {
        String op = "checking CRIU";
        requireRoot(op);
        List<String> out = new ArrayList<>();
        int rc = runCheck(out);
        if (rc != 0) throw CriuException.criuUnusable(op, binary,
                rc < 0 ? "`criu check` did not run" : "`criu check` failed (exit " + rc + ")", errorsFirst(out));
    }

    /** {@return which optional features CRIU can use on this kernel} */
    public Features features() {
        String op = "checking CRIU's features";
        requireRoot(op);
        try (CriuCall call = new CriuCall(op, binary)) {
            Features f = call.features();
            if (f == null) throw unusable(op, "the feature check failed");
            return f;
        }
    }

    /** {@return whether post-copy migration (lazy pages over a page server) can work here, and why not when it cannot} */
    public PostCopySupport postCopySupport() {
        return PostCopySupport.here(features());
    }

    /**
     * Dumps the process tree rooted at {@code options.pid()} into {@code options.imagesDir()}.
     *
     * @param options what to dump and how
     * @return where the images and the log are, with CRIU's statistics
     * @throws CriuException when the dump fails, with the cause, the fix when known and the log; the tree is left
     *     running
     */
    public DumpResult dump(DumpOptions options) {
        String op = "dump of pid " + options.pid();
        prepareDump(op, options);
        if (options.trackMem()) needMemoryTracking(op);
        return runDump(op, "dump", options, false);
    }

    /**
     * One pre-dump: copies memory while the tasks keep running, so that a later dump with this directory as
     * its parent writes only what changed. Fails before calling CRIU when the kernel has no memory tracking.
     *
     * @param options what to pre-dump; {@code parentImages} names the previous pre-dump, if any
     * @return where the images and the log are, with CRIU's statistics
     * @throws CriuException when the kernel has no memory tracking, or the pre-dump fails; the tree keeps running
     */
    public DumpResult preDump(DumpOptions options) {
        String op = "pre-dump of pid " + options.pid();
        prepareDump(op, options);
        needMemoryTracking(op);
        return runDump(op, "pre-dump", options, true);
    }

    /**
     * Pre-dumps into {@code imagesDir/pre-1}, {@code pre-2}, ... (each the parent of the next) until the policy
     * stops, then makes the final dump into {@code imagesDir} against the last pre-dump. Without memory tracking
     * it makes a single dump and says so in {@link IterativeDumpResult#fallback()}.
     *
     * @param options what to dump and how; the final dump follows its {@code leaveRunning}
     * @param policy  when to stop pre-dumping
     * @return each pre-dump with the policy's decision, and the final dump
     * @throws CriuException when a pre-dump or the final dump fails; the tree is left running
     */
    public IterativeDumpResult dump(DumpOptions options, PreDumpPolicy policy) {
        String op = "dump of pid " + options.pid();
        prepareDump(op, options);
        Features features = features();
        if (!features.memoryTracking()) {
            DumpResult r = runDump(op, "dump", options.toBuilder().trackMem(false).build(), false);
            return new IterativeDumpResult(List.of(), r, Optional.of(Features.costOfMissing("mem_track")));
        }
        var iterations = new ArrayList<IterativeDumpResult.Iteration>();
        var stats = new ArrayList<DumpStats>();
        Path parent = options.parentImages();
        for (int i = 1; ; i++) {
            Path dir = options.imagesDir().resolve("pre-" + i);
            DumpOptions pre = options.toBuilder().imagesDir(dir).trackMem(true)
                    .parentImages(parent == null ? null : Path.of("..").resolve(parent)).build();
            prepareDump("pre-dump " + i + " of pid " + options.pid(), pre);
            DumpResult r = runDump("pre-dump " + i + " of pid " + options.pid(), "pre-dump", pre, true);
            final int number = i;
            stats.add(r.stats().orElseThrow(() -> CriuException.incomplete(op,
                    "CRIU wrote no statistics for pre-dump " + number, r.logPath())));
            PreDumpPolicy.Decision d = policy.next(stats);
            iterations.add(new IterativeDumpResult.Iteration(i, r, d));
            parent = Path.of("pre-" + i);
            if (!d.preDumpAgain()) break;
        }
        DumpResult last = runDump(op, "dump", options.toBuilder().trackMem(true).parentImages(parent).build(), false);
        return new IterativeDumpResult(iterations, last, Optional.empty());
    }

    /**
     * Restores the process tree in {@code options.imagesDir()} and returns the pid of its root.
     *
     * @param options what to restore and how
     * @return the restored root's pid (in this pid namespace), the log and CRIU's statistics
     * @throws CriuException when the restore fails, with the cause, the fix when known and the log
     */
    public RestoreResult restore(RestoreOptions options) {
        String op = "restore from " + options.imagesDir();
        requireRoot(op);
        requireVersion(op);
        Path dir = options.imagesDir();
        if (!Files.isDirectory(dir))
            throw CriuException.refused(op, "the image directory " + dir + " does not exist", null);
        if (!Files.exists(dir.resolve("inventory.img")))
            throw CriuException.refused(op, dir + " holds no checkpoint (no inventory.img)",
                    "give the directory a dump was written to");
        Path workDir = options.logDir() != null ? createDirs(op, options.logDir()) : dir;
        refuseLink(op, workDir.resolve(StatsFile.RESTORE_FILE));
        Path log = LogName.next(workDir, "restore");
        try (CriuCall call = new CriuCall(op, binary)) {
            call.imagesDir(dir);
            if (!workDir.equals(dir)) call.workDir(workDir);
            call.logFile(log.getFileName().toString());
            call.logLevel(options.logLevel());
            call.apply(options);
            long start = System.nanoTime();
            // With the JVM performance-data files the dump kept put back: a JVM may have removed them since.
            int rc = JvmPerfData.aroundRestore(op, dir, options.root(), log, () -> call.restore(options.restoreSibling()));
            Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
            if (rc <= 0) throw Failure.of(op, rc, log, call.listenerFailure(), call.workerEnd());
            copyStats(workDir, dir, StatsFile.RESTORE_FILE);
            return new RestoreResult(rc, log, StatsFile.readRestore(dir), elapsed);
        }
    }

    /** Attempts when CRIU's parasite finds its /proc mount point taken by a concurrent dump (a CRIU race). */
    static final int PROC_MOUNTPOINT_ATTEMPTS = 4;

    private DumpResult runDump(String op, String kind, DumpOptions options, boolean pre) {
        for (int attempt = 1; ; attempt++) {
            try {
                return runDumpOnce(op, kind, options, pre);
            } catch (CriuException e) {
                // The failed attempt resumed the tasks and kept its log; the race is over once the other dump's
                // parasite removed its directory, so trying again a moment later is safe.
                if (e.kind().orElse(null) != FailureCause.PROC_MOUNTPOINT_TAKEN || attempt == PROC_MOUNTPOINT_ATTEMPTS) throw e;
                try {
                    Thread.sleep(java.util.concurrent.ThreadLocalRandom.current().nextLong(20, 150));
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    private DumpResult runDumpOnce(String op, String kind, DumpOptions options, boolean pre) {
        Path dir = options.imagesDir();
        Path workDir = options.logDir() != null ? createDirs(op, options.logDir()) : dir;
        refuseLink(op, workDir.resolve(StatsFile.DUMP_FILE));
        Path log = LogName.next(workDir, kind);
        try (CriuCall call = new CriuCall(op, binary)) {
            call.imagesDir(dir);
            if (!workDir.equals(dir)) call.workDir(workDir);
            call.logFile(log.getFileName().toString());
            call.logLevel(options.logLevel());
            call.pid(options.pid());
            call.apply(options);
            JvmPerfData perf = pre ? null : JvmPerfData.keep(options.pid(), dir); // while the tree runs: see there
            long start = System.nanoTime();
            int rc = pre ? call.preDump() : call.dump();
            Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
            if (rc < 0 && perf != null) perf.discard();
            if (rc < 0) throw Failure.of(op, rc, log, call.listenerFailure(), call.workerEnd());
            copyStats(workDir, dir, StatsFile.DUMP_FILE);
            return new DumpResult(dir, log, StatsFile.readDump(dir), elapsed);
        }
    }

    /** The checks every dump makes before CRIU runs: root, CRIU version, the process, the directories. */
    private void prepareDump(String op, DumpOptions o) {
        requireRoot(op);
        requireVersion(op);
        if (!Files.isDirectory(Path.of("/proc", Integer.toString(o.pid()))))
            throw CriuException.known(op, FailureCause.PROCESS_NOT_FOUND, "there is no process " + o.pid());
        Path dir = createDirs(op, o.imagesDir());
        if (Files.exists(dir.resolve("inventory.img")))
            throw CriuException.known(op, FailureCause.IMAGES_DIR_NOT_EMPTY,
                    FailureCause.IMAGES_DIR_NOT_EMPTY.summary() + " (" + dir + " has an inventory.img)");
        if (o.parentImages() != null) {
            Path parent = dir.resolve(o.parentImages()).normalize();
            if (!Files.exists(parent.resolve("inventory.img")))
                throw CriuException.known(op, FailureCause.PARENT_IMAGES_MISSING, FailureCause.PARENT_IMAGES_MISSING.summary()
                        + ": " + o.parentImages() + " (that is " + parent + ") holds no checkpoint");
        }
    }

    private void needMemoryTracking(String op) {
        if (!features().memoryTracking())
            throw CriuException.known(op, FailureCause.MEMORY_TRACKING_UNAVAILABLE,
                    FailureCause.MEMORY_TRACKING_UNAVAILABLE.summary() + " (CRIU's feature check reports mem_track: no)");
    }

    private void requireVersion(String op) {
        if (checkedVersion != null) return;
        CriuVersion v = version();
        if (!v.atLeast(CriuVersion.MINIMUM)) throw CriuException.criuTooOld(op, binary, v);
        checkedVersion = v;
    }

    /**
     * The one root check of cr: fails {@code operation} with the cause and the fix unless this process runs with
     * uid 0. Every call of this class that runs CRIU makes this check first; {@code cr}'s commands call it before
     * anything else that checkpoints or restores (liblxc, a migration's target), so that a user without root learns
     * it before any work starts rather than from CRIU's log.
     *
     * @param operation what needs root, as the exception names it ("cr dump", "dump")
     * @throws CriuException of kind {@link FailureCause#NOT_ROOT} when this process is not root
     */
    public static void requireRoot(String operation) {
        if (!isRoot()) throw CriuException.notRoot(operation);
    }

    /**
     * {@return whether this process runs with uid 0} It is the owner of {@code /proc/self}, which the kernel sets to the effective
     * uid. Not the user's name: {@code user.name} comes from the environment and passwd, and says nothing of the uid.
     */
    public static boolean isRoot() {
        try {
            return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
        } catch (IOException | UnsupportedOperationException e) {
            return false; // without /proc CRIU cannot work either; the operation then says it needs root
        }
    }

    private static Path createDirs(String op, Path dir) {
        try {
            return Files.createDirectories(dir).toAbsolutePath();
        } catch (IOException e) {
            throw CriuException.setupFailed(op, "cannot create the directory " + dir + ": " + e.getMessage(), null, e);
        }
    }

    /**
     * CRIU opens its statistics file in the work directory following links, as root. In a directory someone else made
     * (an archive, a copy) a link there would have it write anywhere: refused before CRIU runs.
     */
    private static void refuseLink(String op, Path file) {
        if (Files.isSymbolicLink(file) || Files.exists(file, java.nio.file.LinkOption.NOFOLLOW_LINKS) && !Files.isRegularFile(file,
                java.nio.file.LinkOption.NOFOLLOW_LINKS))
            throw CriuException.refused(op, file + " is a link or a special file; CRIU would write its statistics through it",
                    "remove it (CRIU writes a new one), and do not restore as root from a directory others can write");
    }

    /** Keeps the statistics next to the images when the log went to another directory. */
    private static void copyStats(Path workDir, Path imagesDir, String name) {
        if (workDir.equals(imagesDir.toAbsolutePath())) return;
        try {
            Path from = workDir.resolve(name);
            if (Files.exists(from)) Files.copy(from, imagesDir.resolve(name), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            // the statistics are informational; the dump itself succeeded
        }
    }

    /** CRIU answered libcriu but cannot work here: run `criu check` to get its own words for why. */
    private CriuException unusable(String op, String detail) {
        List<String> out = new ArrayList<>();
        runCheck(out);
        return CriuException.criuUnusable(op, binary, detail, errorsFirst(out));
    }

    private static List<String> errorsFirst(List<String> out) {
        List<String> errors = out.stream().filter(CriuLog::isError).limit(10).toList();
        return errors.isEmpty() ? out.stream().limit(10).toList() : errors;
    }

    /** Runs {@code criu check}, collecting its output lines; returns its exit code, -1 when it could not run. */
    private int runCheck(List<String> lines) {
        try {
            Process p = new ProcessBuilder(binary.toString(), "check").redirectErrorStream(true).start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                lines.add("criu check did not finish within 60 s");
                return -1;
            }
            out.lines().filter(l -> !l.isBlank()).forEach(lines::add);
            return p.exitValue();
        } catch (IOException e) {
            lines.add("running " + binary + " check failed: " + e.getMessage());
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** Log file names: {@code dump-2026-11-22T10:15:03Z.log}, with a counter when that name is taken. */
    static final class LogName {
        private LogName() {}

        static Path next(Path dir, String kind) {
            String ts = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
            Path p = dir.resolve(kind + "-" + ts + ".log");
            // Without following links: a dangling link of that name counts as taken, or CRIU would write through it.
            for (int i = 2; Files.exists(p, java.nio.file.LinkOption.NOFOLLOW_LINKS); i++)
                p = dir.resolve(kind + "-" + ts + "-" + i + ".log");
            return p;
        }
    }
}
