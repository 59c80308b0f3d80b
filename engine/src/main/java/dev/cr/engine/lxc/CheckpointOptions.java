package dev.cr.engine.lxc;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Options of a container checkpoint or pre-dump through liblxc's migrate API.
 *
 * @param directory       where the images go (created when missing; must not hold a checkpoint already)
 * @param stop            stop the container after the dump; otherwise it keeps running ({@code --leave-running})
 * @param parent          a previous pre-dump whose pages this one references, or null
 * @param verbose         CRIU logs at its most detailed level (the default: logs are what explains failures)
 * @param preservesInodes the rootfs keeps inode numbers where it is restored (saves CRIU's {@code --force-irmap})
 * @param ghostLimit      largest deleted-but-open file CRIU copies into the images, in bytes; 0 for CRIU's default
 */
public record CheckpointOptions(Path directory, boolean stop, Path parent, boolean verbose, boolean preservesInodes,
                                long ghostLimit) {
    public CheckpointOptions {
        Objects.requireNonNull(directory, "directory");
        if (ghostLimit < 0) throw new IllegalArgumentException("ghostLimit must be >= 0");
    }

    /** Dump into {@code directory}, leave the container running, verbose log. */
    public static CheckpointOptions to(Path directory) {
        return new CheckpointOptions(directory, false, null, true, false, 0);
    }

    public CheckpointOptions stopAfter(boolean on) {
        return new CheckpointOptions(directory, on, parent, verbose, preservesInodes, ghostLimit);
    }

    public CheckpointOptions withParent(Path previous) {
        return new CheckpointOptions(directory, stop, previous, verbose, preservesInodes, ghostLimit);
    }

    public CheckpointOptions verbose(boolean on) {
        return new CheckpointOptions(directory, stop, parent, on, preservesInodes, ghostLimit);
    }

    public CheckpointOptions preservesInodes(boolean on) {
        return new CheckpointOptions(directory, stop, parent, verbose, on, ghostLimit);
    }

    public CheckpointOptions ghostLimit(long bytes) {
        return new CheckpointOptions(directory, stop, parent, verbose, preservesInodes, bytes);
    }
}
