package dev.cr.engine.registry;

import java.nio.file.Path;
import java.time.Duration;

/**
 * What a pull did.
 *
 * @param reference   the reference pulled, with the manifest digest it resolved to
 * @param directory   where the checkpoint now is: a CRIU images directory (its parents inside as {@code parent/}),
 *                    or for a container checkpoint the unpacked archive ({@code checkpoint/}, {@code config.dump}, ...)
 * @param kind        {@link CheckpointAnnotations#KIND_PROCESS} or {@link CheckpointAnnotations#KIND_CONTAINER}
 * @param layers      layers fetched, each checked against its digest
 * @param bytesFetched compressed bytes fetched
 * @param files       regular files written
 * @param bytes       their bytes
 * @param elapsed     wall time of the whole pull
 */
public record PullResult(Reference reference, Path directory, String kind, int layers, long bytesFetched, long files,
                         long bytes, Duration elapsed) {}
