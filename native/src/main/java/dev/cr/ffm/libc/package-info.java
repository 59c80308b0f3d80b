/**
 * Bindings for the few libc functions the engine needs, one class per C header in jextract's shape: directory
 * descriptors for libcriu ({@link dev.cr.ffm.libc.fcntl_h}), starting {@code criu swrk} without forking the JVM
 * ({@link dev.cr.ffm.libc.spawn_h}, {@link dev.cr.ffm.libc.sys_socket_h}, {@link dev.cr.ffm.libc.sys_wait_h}),
 * walking a container's tree by descriptor ({@link dev.cr.ffm.libc.openat2_h}), and the C environment and memory
 * liblxc works with ({@link dev.cr.ffm.libc.stdlib_h}).
 * <p>
 * The engine calls none of them directly: {@link dev.cr.ffm.libc.Posix} wraps each call it makes in Java types
 * (the result, or minus errno) and {@link dev.cr.ffm.libc.WorkerSpawn} starts a helper over a socketpair.
 */
package dev.cr.ffm.libc;
