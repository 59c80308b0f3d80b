/**
 * FFM bindings for libcriu ({@code dev.cr.ffm.criu}), liblxc ({@code dev.cr.ffm.lxc}) and libc
 * ({@code dev.cr.ffm.libc}), in the shape jextract generates, and the task-named facades over them that the engine
 * calls ({@code CriuRequest}, {@code LxcContainer}, {@code Posix}, {@code WorkerSpawn}, {@code MappedFiles}): Java
 * types in and out, no address leaves this module. No exceptions of cr's own live here: the engine turns failures
 * into them.
 */
package dev.cr.ffm;
