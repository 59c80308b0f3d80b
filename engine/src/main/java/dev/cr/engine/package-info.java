/**
 * The {@code cr} engine: checkpoint and restore of Linux processes and LXC containers with CRIU, reading of the
 * images it writes, archives, registries and live migration. This package holds only what every part shares:
 * {@link dev.cr.engine.CrException}, the one exception family a library user catches. Each exception carries the
 * operation, the cause in words, the fix when one is known, and for operations that ran CRIU or LXC the log's path
 * and the log lines that matter.
 *
 * <p>Where to start:
 * <ul>
 *   <li>{@link dev.cr.engine.criu}: dump, pre-dump and restore a process tree ({@code Criu}); needs root and
 *       CRIU 4.2 or later.</li>
 *   <li>{@link dev.cr.engine.lxc}: the same for LXC containers ({@code Containers}).</li>
 *   <li>{@link dev.cr.engine.image}: open a checkpoint ({@code ImageDir}) and explore its processes, files,
 *       sockets, mounts and memory; needs neither root nor libcriu.</li>
 *   <li>{@link dev.cr.engine.stats}: CRIU's statistics alone.</li>
 *   <li>{@link dev.cr.engine.archive}: pack and unpack checkpoints, read archives in place.</li>
 *   <li>{@link dev.cr.engine.registry}: push and pull checkpoints as OCI images.</li>
 *   <li>{@link dev.cr.engine.migrate}: move a workload to another host, with
 *       {@link dev.cr.engine.migrate.source}, {@link dev.cr.engine.migrate.target} and
 *       {@link dev.cr.engine.migrate.trust}.</li>
 * </ul>
 * No public type of the engine exposes {@code java.lang.foreign} or a generated protobuf class (the crit-compatible
 * JSON path aside).
 */
package dev.cr.engine;
