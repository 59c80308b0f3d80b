package dev.cr.engine.criu;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Finds the CRIU executable the engine runs, in this order: an explicit path, the {@code CR_CRIU}
 * environment variable, the one {@code scripts/provision} installed under {@code /var/cache/cr/bin}
 * (or {@code $CR_CACHE/bin}), then {@code criu} on PATH.
 */
public final class CriuBinary {
    private CriuBinary() {}

    /** {@return the provisioned CRIU wrapper, whether or not it exists} */
    public static Path provisioned() {
        String cache = System.getenv("CR_CACHE");
        return Path.of(cache == null || cache.isBlank() ? "/var/cache/cr" : cache, "bin", "criu");
    }

    /**
     * Finds CRIU, or empty when none of the places has an executable.
     *
     * @param explicit a path the user gave, or null to look in the usual places
     * @return the executable; empty when {@code explicit} is not executable, or, without it, none of the places has one
     */
    public static Optional<Path> find(Path explicit) {
        if (explicit != null) return Files.isExecutable(explicit) ? Optional.of(explicit) : Optional.empty();
        String env = System.getenv("CR_CRIU");
        if (env != null && !env.isBlank()) {
            Path p = Path.of(env);
            return Files.isExecutable(p) ? Optional.of(p) : Optional.empty();
        }
        if (Files.isExecutable(provisioned())) return Optional.of(provisioned());
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(":")) {
                if (dir.isEmpty()) continue;
                Path p = Path.of(dir, "criu");
                if (Files.isExecutable(p)) return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /**
     * Finds CRIU or fails with the places looked at and how to get it.
     *
     * @param explicit a path the user gave, or null to look in the usual places
     * @return the executable
     * @throws CriuException of kind {@link FailureCause#CRIU_MISSING}, naming the places looked at and how to install CRIU
     */
    public static Path locate(Path explicit) {
        return find(explicit).orElseThrow(() -> CriuException.criuMissing("locating CRIU",
                explicit != null ? "no executable CRIU at " + explicit
                        : "no CRIU found (looked at $CR_CRIU, " + provisioned() + " and PATH)"));
    }
}
