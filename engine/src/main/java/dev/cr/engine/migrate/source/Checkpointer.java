package dev.cr.engine.migrate.source;

import java.nio.file.Path;

/**
 * How the source side checkpoints the workload it migrates. The engine's CRIU dump is the real one
 * ({@link CriuCheckpointer}); a migration needs memory tracking, pre-dumps and the final dump from it,
 * optionally streaming their pages and carrying a directory tree.
 */
public interface Checkpointer {
    /** {@return whether the kernel tracks memory changes, so that pre-dump iterations are possible} */
    boolean memoryTracking();

    /**
     * {@return whether to pre-dump once more after the pre-dumps this checkpointer made} The engine's pre-dump policy
     * decides, from their statistics.
     */
    boolean preDumpAgain();

    /**
     * Copies memory while the workload keeps running.
     *
     * @param pid    the process tree's root pid (0 when a container moves: its checkpointer knows it by name)
     * @param dir    this iteration's images directory
     * @param parent the previous iteration's directory, or null for the first
     * @return what the pre-dump did
     * @throws dev.cr.engine.CrException when the pre-dump failed (the workload keeps running)
     */
    DumpFacts preDump(long pid, Path dir, Path parent);

    /**
     * The final dump. {@code whileFrozen} runs after the images are written, while the tasks are frozen and before
     * they are killed. When it throws, the tasks are resumed and this method throws that exception (or a
     * {@link dev.cr.engine.CrException} carrying it).
     *
     * @param pid         the workload's root pid
     * @param dir         the final images directory
     * @param parent      the last pre-dump's directory, or null when there was none
     * @param whileFrozen the step run while the dumped tasks are frozen
     * @return what the dump did
     * @throws dev.cr.engine.CrException when the dump or the step failed; the workload is resumed
     */
    DumpFacts dump(long pid, Path dir, Path parent, FrozenStep whileFrozen);

    /**
     * Whether this checkpointer can send the pages of its dumps to a CRIU page server (a loopback port that cr
     * relays to the target) instead of writing them into the images directory.
     *
     * @return true when the page-server variants of {@code preDump} and {@code dump} work; false by default
     */
    default boolean streamsPages() {
        return false;
    }

    /**
     * As {@link #preDump(long, Path, Path)}, the pages sent to the page server on loopback port {@code pagePort}.
     *
     * @param pid      the workload's root pid
     * @param dir      this iteration's images directory (which gets everything but the pages)
     * @param parent   the previous iteration's directory, or null for the first
     * @param pagePort the loopback port of the page server cr relays to the target
     * @return what the pre-dump did
     * @throws UnsupportedOperationException when this checkpointer does not {@link #streamsPages() stream pages}
     */
    default DumpFacts preDump(long pid, Path dir, Path parent, int pagePort) {
        throw new UnsupportedOperationException("this checkpointer writes its pages into the images directory");
    }

    /**
     * As {@link #dump(long, Path, Path, FrozenStep)}, the pages sent to the page server on loopback port
     * {@code pagePort}.
     *
     * @param pid         the workload's root pid
     * @param dir         the final images directory (which gets everything but the pages)
     * @param parent      the last pre-dump's directory, or null
     * @param pagePort    the loopback port of the page server cr relays to the target
     * @param whileFrozen the step run while the dumped tasks are frozen
     * @return what the dump did
     * @throws UnsupportedOperationException when this checkpointer does not {@link #streamsPages() stream pages}
     */
    default DumpFacts dump(long pid, Path dir, Path parent, int pagePort, FrozenStep whileFrozen) {
        throw new UnsupportedOperationException("this checkpointer writes its pages into the images directory");
    }

    /**
     * Post-copy: how to make the final dump lazily ({@code criu dump --lazy-pages}, run by the migration as a
     * command), or empty when this checkpointer cannot.
     *
     * @param pid    the workload's root pid
     * @param dir    the final images directory
     * @param parent the last pre-dump's directory, or null
     * @return the plan, or empty (the default)
     */
    default java.util.Optional<LazyDumpPlan> lazyDump(long pid, Path dir, Path parent) {
        return java.util.Optional.empty();
    }

    /**
     * How to run a lazy final dump as a {@code criu dump} command.
     *
     * @param criu    the CRIU executable
     * @param options the final dump's options (images directory, parent, what the workload needs)
     * @param logDir  where CRIU's log of it is kept
     */
    record LazyDumpPlan(Path criu, dev.cr.engine.criu.DumpOptions options, Path logDir) {}

    /**
     * {@return the restore-side options the target needs to restore what this checkpointer dumps, by CRIU's names
     * ({@code tcp-established}); none by default}
     */
    default java.util.List<String> restoreFlags() {
        return java.util.List.of();
    }

    /**
     * A directory tree that travels with the workload (a container's directory with its root filesystem): sent
     * once while the workload runs and again, what changed, while it is frozen.
     *
     * @return the tree's root, or null for a process tree (the default)
     */
    default Path directoryTree() {
        return null;
    }

    /** {@return what brings the workload back here from its final images, in words, should the commit get lost} */
    default String restoreAction() {
        return "restore the process tree from them";
    }

    /**
     * Called once the target reports the workload running there (a container's source copy is then removed).
     *
     * @return what could not be cleaned up on this host, in words for a person, or empty when nothing was left
     */
    default java.util.Optional<String> moved() {
        return java.util.Optional.empty();
    }

    /** The migration's step while the dumped tasks are frozen (it sends the last images and waits for the commit). */
    @FunctionalInterface
    interface FrozenStep {
        /**
         * Runs after the images are written, before the tasks are killed.
         *
         * @throws Exception anything: the dump then fails and the tasks are resumed
         */
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
        /**
         * Facts without the freezing time (-1).
         *
         * @param pagesWritten pages CRIU wrote into the images, or -1
         * @param frozenMillis how long the tasks were frozen, or -1
         * @param log          CRIU's log of it
         */
        public DumpFacts(long pagesWritten, long frozenMillis, Path log) {
            this(pagesWritten, frozenMillis, -1, log);
        }
    }
}
