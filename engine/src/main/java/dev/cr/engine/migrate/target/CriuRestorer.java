package dev.cr.engine.migrate.target;

import dev.cr.engine.criu.Criu;
import dev.cr.engine.criu.Notification;
import dev.cr.engine.criu.RestoreOptions;

import java.nio.file.Path;

/**
 * The target side of a migration done with the engine's {@link Criu}. The decision whether the restored tree may
 * run is taken in CRIU's {@code post-restore} notification: there every task is restored but still parked in
 * CRIU's restorer, and a failing notification makes CRIU kill the whole tree. ({@code pre-resume} would be the
 * natural place, but CRIU 4.2 logs a failure there and resumes the tasks anyway.)
 */
public final class CriuRestorer implements Restorer {
    private final Criu criu;
    private final Path logDir;

    /**
     * A restorer that runs {@code criu}.
     *
     * @param criu   the CRIU to restore with (also the page servers' and the lazy restores' CRIU)
     * @param logDir where CRIU's restore logs are kept (the received images are removed after each migration)
     */
    public CriuRestorer(Criu criu, Path logDir) {
        this.criu = criu;
        this.logDir = logDir;
    }

    @Override
    public long restore(Path images, BeforeRunning beforeRunning) {
        return restore(images, java.util.List.of(), beforeRunning);
    }

    @Override
    public long restore(Path images, java.util.List<String> flags, BeforeRunning beforeRunning) {
        RestoreOptions.Builder b = RestoreOptions.builder(images).logDir(logDir).listener(n -> {
            if (Notification.POST_RESTORE.equals(n.action())) beforeRunning.decide(n.pid());
        });
        return criu.restore(dev.cr.engine.migrate.protocol.RestoreFlags.apply(flags, b).build()).pid();
    }

    @Override
    public boolean lazyPages() {
        return criu.features().lazyPages();
    }

    @Override
    public java.util.Optional<Path> criuBinary() {
        return java.util.Optional.of(criu.binary());
    }
}
