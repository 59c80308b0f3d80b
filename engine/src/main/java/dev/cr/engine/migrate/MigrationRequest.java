package dev.cr.engine.migrate;

import dev.cr.engine.migrate.trust.Fingerprint;

import java.nio.file.Path;
import java.util.Objects;

/**
 * What to migrate where.
 *
 * @param pid         the root of the process tree (0 when a container moves)
 * @param host        the target's address
 * @param port        the port {@code cr serve} listens on
 * @param fingerprint the target certificate's fingerprint, as {@code cr serve} printed it
 * @param token       a one-time join token from {@code cr serve token}, or null when this source is already trusted
 * @param identityDir where this source keeps its own key and certificate (created on first use)
 * @param workDir     where the images are written before they are sent (removed afterwards)
 * @param preCopy     pre-dump while the workload runs (only when the kernel tracks memory changes)
 * @param compress    zstd-compress the pages on the wire
 * @param container   the name of the LXC container that moves, or null when a process tree moves
 * @param postCopy    restore on the target before the memory arrived, and send the pages afterwards (CRIU's lazy
 *                    pages; a process tree only, never the default): the frozen time no longer grows with the
 *                    memory, but from the target's resume until its last page arrived the workload needs both hosts
 *                    and the connection between them (docs/migrate.md, "Post-copy")
 */
public record MigrationRequest(long pid, String host, int port, Fingerprint fingerprint, String token,
                               Path identityDir, Path workDir, boolean preCopy, boolean compress, String container,
                               boolean postCopy) {
    /** Where a source keeps its identity unless told otherwise. */
    public static final Path DEFAULT_IDENTITY = Path.of("/var/lib/cr/client");
    /** Where images are staged before being sent unless told otherwise. */
    public static final Path DEFAULT_WORK = Path.of("/var/lib/cr/migrate");

    /**
     * Checks the request and fills in the default directories.
     *
     * @throws NullPointerException     when {@code host} or {@code fingerprint} is null
     * @throws IllegalArgumentException when neither a positive pid nor a container is given, or both are, or the
     *                                  port is not 1..65535
     */
    public MigrationRequest {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(fingerprint, "fingerprint");
        if (identityDir == null) identityDir = DEFAULT_IDENTITY;
        if (workDir == null) workDir = DEFAULT_WORK;
        if (container == null && pid <= 0) throw new IllegalArgumentException("pid must be positive");
        if (container != null && (pid != 0 || container.isBlank())) throw new IllegalArgumentException("a container or a pid, not both");
        if (port <= 0 || port > 65535) throw new IllegalArgumentException("port out of range: " + port);
        if (postCopy && container != null) throw new IllegalArgumentException("post-copy moves process trees, not containers");
    }

    /**
     * A migration without post-copy, of a process tree or of a container.
     *
     * @param pid         the root of the process tree, or 0 when a container moves
     * @param host        the target's address or host name
     * @param port        the port {@code cr serve} listens on
     * @param fingerprint the target certificate's fingerprint
     * @param token       a one-time join token, or null when this source is already trusted
     * @param identityDir where this source keeps its key and certificate; null for {@link #DEFAULT_IDENTITY}
     * @param workDir     where images are staged; null for {@link #DEFAULT_WORK}
     * @param preCopy     pre-dump while the workload runs
     * @param compress    zstd-compress the pages on the wire
     * @param container   the LXC container that moves, or null when a process tree moves
     */
    public MigrationRequest(long pid, String host, int port, Fingerprint fingerprint, String token,
                            Path identityDir, Path workDir, boolean preCopy, boolean compress, String container) {
        this(pid, host, port, fingerprint, token, identityDir, workDir, preCopy, compress, container, false);
    }

    /**
     * A process tree migration.
     *
     * @param pid         the root of the process tree, in this host's pid namespace
     * @param host        the target's address or host name
     * @param port        the port {@code cr serve} listens on
     * @param fingerprint the target certificate's fingerprint
     * @param token       a one-time join token, or null when this source is already trusted
     * @param identityDir where this source keeps its key and certificate; null for {@link #DEFAULT_IDENTITY}
     * @param workDir     where images are staged; null for {@link #DEFAULT_WORK}
     * @param preCopy     pre-dump while the workload runs
     * @param compress    zstd-compress the pages on the wire
     */
    public MigrationRequest(long pid, String host, int port, Fingerprint fingerprint, String token,
                            Path identityDir, Path workDir, boolean preCopy, boolean compress) {
        this(pid, host, port, fingerprint, token, identityDir, workDir, preCopy, compress, null, false);
    }

    /** {@return what moves, in words: "process tree of pid N" or "container NAME"} */
    public String workload() {
        return container == null ? "process tree of pid " + pid : "container " + container;
    }
}
