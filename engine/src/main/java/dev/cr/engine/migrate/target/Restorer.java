package dev.cr.engine.migrate.target;

import java.nio.file.Path;

/**
 * How the target brings a received checkpoint back to life. The engine's CRIU restore is the real one
 * ({@link CriuRestorer}); the interface exists so the service does not care what kind of workload it restores.
 */
public interface Restorer {
    /**
     * Restores the checkpoint in {@code images} (which may have a {@code parent} chain), keeping CRIU's log where the
     * restorer was told to when it was made (the images are removed after each migration), and returns the pid of
     * the restored root once it runs. {@code beforeRunning} is called when the tree is
     * restored but none of its tasks runs its own code yet: the migration asks the source there whether to go on.
     * When it throws, the restored tree is killed and this method throws a {@link dev.cr.engine.CrException}
     * carrying that exception; a restore that fails by itself throws one carrying the reason and the log.
     *
     * @param images        the final iteration's images directory
     * @param beforeRunning the migration's decision, taken while the restored tree does not run yet
     * @return the pid of the restored root (for a container, its init's), on this host
     * @throws dev.cr.engine.CrException when the restore failed or {@code beforeRunning} threw; nothing restored runs
     */
    long restore(Path images, BeforeRunning beforeRunning);

    /**
     * As {@link #restore(Path, BeforeRunning)}, with the restore-side options the source's dump needs
     * ({@code RestoreFlags}); a restorer that takes none ignores an empty list only.
     *
     * @param images        the final iteration's images directory
     * @param options       the restore-side options, by CRIU's names, as the source sent them
     * @param beforeRunning the migration's decision, taken while the restored tree does not run yet
     * @return the pid of the restored root, on this host
     * @throws dev.cr.engine.CrException as {@link #restore(Path, BeforeRunning)}
     * @throws RuntimeException a protocol error when {@code options} is not empty and this restorer takes none, or
     *                          names an option cr does not pass on
     */
    default long restore(Path images, java.util.List<String> options, BeforeRunning beforeRunning) {
        if (!options.isEmpty())
            throw new dev.cr.engine.migrate.protocol.ProtocolError("restore options " + options + " do not apply to this kind of workload");
        return restore(images, beforeRunning);
    }

    /** {@return the CRIU this restorer runs, for the page servers that receive the pages; empty when it runs none itself} */
    default java.util.Optional<Path> criuBinary() {
        return java.util.Optional.empty();
    }

    /**
     * {@return whether this restorer can restore with lazy pages (post-copy): a CRIU of its own on a kernel that
     * allows it; false by default}
     */
    default boolean lazyPages() {
        return false;
    }

    /** The migration's decision on a restored tree that does not run yet. */
    @FunctionalInterface
    interface BeforeRunning {
        /**
         * Returns to let the restored tree run, throws to have it killed.
         *
         * @param pid the restored root's pid on this host
         * @throws Exception anything: the tree is killed and the restore fails with it as cause
         */
        void decide(long pid) throws Exception;
    }
}
