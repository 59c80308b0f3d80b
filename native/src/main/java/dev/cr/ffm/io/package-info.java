/**
 * Reading files through read-only mappings ({@link dev.cr.ffm.io.MappedFiles}), so that the engine scans and
 * checksums large page files in place without holding a {@code MemorySegment} itself.
 */
package dev.cr.ffm.io;
