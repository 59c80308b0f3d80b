package dev.cr.engine.migrate;

import java.nio.file.Path;
import java.util.Objects;

/**
 * What to migrate where.
 *
 * @param pid         the root of the process tree
 * @param host        the target's address
 * @param port        the port {@code cr serve} listens on
 * @param fingerprint the target certificate's fingerprint, as {@code cr serve} printed it
 * @param token       a one-time join token from {@code cr serve token}, or null when this source is already trusted
 * @param identityDir where this source keeps its own key and certificate (created on first use)
 * @param workDir     where the images are written before they are sent (removed afterwards)
 * @param preCopy     pre-dump while the workload runs (only when the kernel tracks memory changes)
 * @param compress    zstd-compress the pages on the wire
 */
public record MigrationRequest(long pid, String host, int port, Fingerprint fingerprint, String token,
                               Path identityDir, Path workDir, boolean preCopy, boolean compress) {
    /** Where a source keeps its identity unless told otherwise. */
    public static final Path DEFAULT_IDENTITY = Path.of("/var/lib/cr/client");
    /** Where images are staged before being sent unless told otherwise. */
    public static final Path DEFAULT_WORK = Path.of("/var/lib/cr/migrate");

    public MigrationRequest {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(fingerprint, "fingerprint");
        if (identityDir == null) identityDir = DEFAULT_IDENTITY;
        if (workDir == null) workDir = DEFAULT_WORK;
        if (pid <= 0) throw new IllegalArgumentException("pid must be positive");
        if (port <= 0 || port > 65535) throw new IllegalArgumentException("port out of range: " + port);
    }
}
