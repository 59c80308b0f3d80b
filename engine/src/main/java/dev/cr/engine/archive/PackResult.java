package dev.cr.engine.archive;

/**
 * What a pack wrote.
 *
 * @param files        regular files packed
 * @param bytes        their bytes before compression
 * @param archiveBytes bytes of the archive written
 */
public record PackResult(long files, long bytes, long archiveBytes) {}
