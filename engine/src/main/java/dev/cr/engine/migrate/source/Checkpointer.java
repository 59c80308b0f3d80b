package dev.cr.engine.migrate.source;

import java.nio.file.Path;

/**
 * How the source side checkpoints the workload it migrates. The engine's CRIU dump is the real one
 * ({@link CriuCheckpointer}); a migration needs memory tracking, pre-dumps and the final dump from it,
 * optionally streaming their pages and carrying a directory tree.
 */
public interface Checkpointer {
    /** Whether the kernel tracks memory changes, so pre-dump iterations are possible. */
    boolean memoryTracking();

    /** Whether to pre-dump once more after the pre-dumps this checkpointer made (the engine's pre-dump policy decides). */
    boolean preDumpAgain();

    /** Copies memory while the workload keeps running; {@code parent} is the previous iteration's directory or null. */
    DumpFacts preDump(long pid, Path dir, Path parent);

    /**
     * The final dump. {@code whileFrozen} runs after the images are written, while the tasks are frozen and before
     * they are killed. When it throws, the tasks are resumed and this method throws that exception (or a
     * {@link dev.cr.engine.CrException} carrying it).
     */
    DumpFacts dump(long pid, Path dir, Path parent, FrozenStep whileFrozen);

    /**
     * Whether this checkpointer can send the pages of its dumps to a CRIU page server (a loopback port that cr
     * relays to the target) instead of writing them into the images directory.
     */
    default boolean streamsPages() {
        return false;
    }

    /** As {@link #preDump(long, Path, Path)}, the pages sent to the page server on loopback port {@code pagePort}. */
    default DumpFacts preDump(long pid, Path dir, Path parent, int pagePort) {
        throw new UnsupportedOperationException("this checkpointer writes its pages into the images directory");
    }

    /** As {@link #dump(long, Path, Path, FrozenStep)}, the pages sent to the page server on loopback port {@code pagePort}. */
    default DumpFacts dump(long pid, Path dir, Path parent, int pagePort, FrozenStep whileFrozen) {
        throw new UnsupportedOperationException("this checkpointer writes its pages into the images directory");
    }

    /**
     * Post-copy: how to make the final dump lazily ({@code criu dump --lazy-pages}, run by the migration as a
     * command), or empty when this checkpointer cannot.
     */
    default java.util.Optional<LazyDumpPlan> lazyDump(long pid, Path dir, Path parent) {
        return java.util.Optional.empty();
    }

    /**
     * @param criu    the CRIU executable
     * @param options the final dump's options (images directory, parent, what the workload needs)
     * @param logDir  where CRIU's log of it is kept
     */
    record LazyDumpPlan(Path criu, dev.cr.engine.criu.DumpOptions options, Path logDir) {}

    /** The restore-side options the target needs to restore what this checkpointer dumps ({@code RestoreFlags}). */
    default java.util.List<String> restoreFlags() {
        return java.util.List.of();
    }

    /**
     * A directory tree that travels with the workload (a container's directory with its root filesystem): sent
     * once while the workload runs and again, what changed, while it is frozen. Null for a process tree.
     */
    default Path directoryTree() {
        return null;
    }

    /** What brings the workload back here from its final images, in words, should the commit get lost. */
    default String restoreAction() {
        return "restore the process tree from them";
    }

    /**
     * Called once the target reports the workload running there (a container's source copy is then removed).
     * Returns what could not be cleaned up on this host, in words for a person, or empty when nothing was left.
     */
    default java.util.Optional<String> moved() {
        return java.util.Optional.empty();
    }

    @FunctionalInterface
    interface FrozenStep {
        void run() throws Exception;
    }

    /**
     * What one dump or pre-dump did.
     *
     * @param pagesWritten pages CRIU wrote into the images (from its statistics; -1 when unknown)
     * @param frozenMillis how long the tasks were frozen (from its statistics; -1 when unknown)
     * @param freezingMillis how long freezing them took (from its statistics; -1 when unknown)
     * @param log          CRIU's log of it
     */
    record DumpFacts(long pagesWritten, long frozenMillis, long freezingMillis, Path log) {
        public DumpFacts(long pagesWritten, long frozenMillis, Path log) {
            this(pagesWritten, frozenMillis, -1, log);
        }
    }
}
