package dev.cr.engine.migrate;

import java.nio.file.Path;

/**
 * How the target brings a received checkpoint back to life. The engine's CRIU restore is the real one
 * ({@link CriuRestorer}); the interface exists so the service does not care what kind of workload it restores.
 */
public interface Restorer {
    /**
     * Restores the checkpoint in {@code images} (which may have a {@code parent} chain), logging into {@code logDir}.
     * Throws a {@link dev.cr.engine.CrException} carrying the reason and the log when the restore fails.
     */
    RestoredTree restore(Path images, Path logDir);

    /** A restored process tree, still undone until the source commits. */
    interface RestoredTree {
        long pid();

        /** Kills the restored tree (the source kept its copy). */
        void kill();
    }
}
