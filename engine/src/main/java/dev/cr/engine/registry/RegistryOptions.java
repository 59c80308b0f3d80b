package dev.cr.engine.registry;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How to reach registries.
 *
 * @param authFile      the auth file to read credentials from, or null for the usual places (see {@link AuthFile})
 * @param caCertificate a PEM file of the CA (or CAs) to trust instead of the system trust store, or null for the
 *                      system store
 * @param progress      told how transfers go
 * @param timeout       how long a connection or a silent response may take before the operation fails
 * @param layerCache    where the digests of image directories already made into layers are kept (see
 *                      {@code LayerCache}), or null for {@code ~/.cache/cr/layers}
 */
public record RegistryOptions(Path authFile, Path caCertificate, TransferProgress progress, Duration timeout, Path layerCache) {
    /**
     * Options as given.
     *
     * @param authFile      the auth file, or null for the usual places
     * @param caCertificate a PEM file of CAs to trust, or null for the system store
     * @param progress      told how transfers go; not null ({@link TransferProgress#NONE} for nothing)
     * @param timeout       the connect and read timeout; not null
     * @param layerCache    the layer digest cache, or null for the default place
     * @throws NullPointerException when {@code progress} or {@code timeout} is null
     */
    public RegistryOptions {
        Objects.requireNonNull(progress, "progress");
        Objects.requireNonNull(timeout, "timeout");
    }

    /** {@return the usual auth file places, the system trust store, no progress, a 60 s timeout, the default cache} */
    public static RegistryOptions defaults() {
        return new RegistryOptions(null, null, TransferProgress.NONE, Duration.ofSeconds(60), null);
    }

    /**
     * These options with another auth file.
     *
     * @param p the auth file, or null for the usual places
     * @return a new record; this one is unchanged
     */
    public RegistryOptions authFile(Path p) {
        return new RegistryOptions(p, caCertificate, progress, timeout, layerCache);
    }

    /**
     * These options with another CA certificate file.
     *
     * @param p a PEM file of CAs to trust, or null for the system store
     * @return a new record; this one is unchanged
     */
    public RegistryOptions caCertificate(Path p) {
        return new RegistryOptions(authFile, p, progress, timeout, layerCache);
    }

    /**
     * These options with another progress listener.
     *
     * @param p told how transfers go; not null
     * @return a new record; this one is unchanged
     */
    public RegistryOptions progress(TransferProgress p) {
        return new RegistryOptions(authFile, caCertificate, p, timeout, layerCache);
    }

    /**
     * These options with another timeout.
     *
     * @param d how long a connection or a silent response may take; not null
     * @return a new record; this one is unchanged
     */
    public RegistryOptions timeout(Duration d) {
        return new RegistryOptions(authFile, caCertificate, progress, d, layerCache);
    }

    /**
     * These options with another layer cache directory.
     *
     * @param p where layer digests are kept, or null for {@code ~/.cache/cr/layers}
     * @return a new record; this one is unchanged
     */
    public RegistryOptions layerCache(Path p) {
        return new RegistryOptions(authFile, caCertificate, progress, timeout, p);
    }
}
