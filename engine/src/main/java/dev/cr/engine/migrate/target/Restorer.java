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
     */
    long restore(Path images, BeforeRunning beforeRunning);

    /**
     * As {@link #restore(Path, BeforeRunning)}, with the restore-side options the source's dump needs
     * ({@link dev.cr.engine.migrate.protocol.RestoreFlags}); a restorer that takes none ignores an empty list only.
     */
    default long restore(Path images, java.util.List<String> options, BeforeRunning beforeRunning) {
        if (!options.isEmpty())
            throw new dev.cr.engine.migrate.protocol.ProtocolError("restore options " + options + " do not apply to this kind of workload");
        return restore(images, beforeRunning);
    }

    /** The CRIU this restorer runs, for the page servers that receive the pages; empty when it runs none itself. */
    default java.util.Optional<Path> criuBinary() {
        return java.util.Optional.empty();
    }

    /** Whether this restorer can restore with lazy pages (post-copy): a CRIU of its own on a kernel that allows it. */
    default boolean lazyPages() {
        return false;
    }

    @FunctionalInterface
    interface BeforeRunning {
        void decide(long pid) throws Exception;
    }
}
