/**
 * FFM bindings for libcriu ({@code dev.cr.ffm.criu}) and liblxc ({@code dev.cr.ffm.lxc}), in the shape jextract
 * generates. No logic and no exceptions of cr's own live here: the engine wraps these calls.
 */
package dev.cr.ffm;
