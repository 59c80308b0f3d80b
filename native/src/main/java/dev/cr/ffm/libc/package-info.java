/**
 * Bindings for the few libc functions the engine calls itself, one class per C header in jextract's shape:
 * directory descriptors for libcriu ({@link dev.cr.ffm.libc.fcntl_h}), starting {@code criu swrk} without forking
 * the JVM ({@link dev.cr.ffm.libc.spawn_h}, {@link dev.cr.ffm.libc.sys_socket_h}, {@link dev.cr.ffm.libc.sys_wait_h}),
 * and the C environment and memory liblxc works with ({@link dev.cr.ffm.libc.stdlib_h}).
 */
package dev.cr.ffm.libc;
