package dev.cr.engine.archive;

import java.nio.file.Path;

/**
 * What an unpack produced.
 *
 * @param directory the directory now holding the checkpoint
 * @param files     regular files extracted, each checked against the manifest
 * @param bytes     their bytes
 */
public record UnpackResult(Path directory, long files, long bytes) {}
