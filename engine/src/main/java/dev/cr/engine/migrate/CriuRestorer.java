package dev.cr.engine.migrate;

import dev.cr.engine.criu.Criu;
import dev.cr.engine.criu.RestoreOptions;
import dev.cr.engine.criu.RestoreResult;

import java.nio.file.Path;
import java.util.Optional;

/** The target side of a migration done with the engine's {@link Criu}: restores and can undo by killing the tree. */
public final class CriuRestorer implements Restorer {
    private final Criu criu;
    private final Path logDir;

    /** @param logDir where CRIU's restore logs are kept (the received images are removed after each migration) */
    public CriuRestorer(Criu criu, Path logDir) {
        this.criu = criu;
        this.logDir = logDir;
    }

    @Override
    public RestoredTree restore(Path images, Path workDir) {
        RestoreResult r = criu.restore(RestoreOptions.builder(images).logDir(logDir).build());
        long pid = r.pid();
        return new RestoredTree() {
            public long pid() {
                return pid;
            }

            public void kill() {
                // Children first, so none is re-parented and missed; killing a pid-namespace init ends the rest.
                Optional<ProcessHandle> root = ProcessHandle.of(pid);
                root.ifPresent(h -> {
                    h.descendants().forEach(ProcessHandle::destroyForcibly);
                    h.destroyForcibly();
                });
            }
        };
    }
}
