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
    public RegistryOptions {
        Objects.requireNonNull(progress, "progress");
        Objects.requireNonNull(timeout, "timeout");
    }

    public static RegistryOptions defaults() {
        return new RegistryOptions(null, null, TransferProgress.NONE, Duration.ofSeconds(60), null);
    }

    public RegistryOptions authFile(Path p) {
        return new RegistryOptions(p, caCertificate, progress, timeout, layerCache);
    }

    public RegistryOptions caCertificate(Path p) {
        return new RegistryOptions(authFile, p, progress, timeout, layerCache);
    }

    public RegistryOptions progress(TransferProgress p) {
        return new RegistryOptions(authFile, caCertificate, p, timeout, layerCache);
    }

    public RegistryOptions timeout(Duration d) {
        return new RegistryOptions(authFile, caCertificate, progress, d, layerCache);
    }

    public RegistryOptions layerCache(Path p) {
        return new RegistryOptions(authFile, caCertificate, progress, timeout, p);
    }
}
