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
    /**
     * Checks the options.
     *
     * @param directory       where the images go
     * @param stop            stop the container after the dump
     * @param parent          a previous pre-dump, or null
     * @param verbose         CRIU logs at its most detailed level
     * @param preservesInodes the rootfs keeps inode numbers where it is restored
     * @param ghostLimit      largest deleted-but-open file CRIU copies, in bytes; 0 for CRIU's default
     * @throws NullPointerException     when {@code directory} is null
     * @throws IllegalArgumentException when {@code ghostLimit} is negative
     */
    public CheckpointOptions {
        Objects.requireNonNull(directory, "directory");
        if (ghostLimit < 0) throw new IllegalArgumentException("ghostLimit must be >= 0");
    }

    /**
     * Dump into {@code directory}, leave the container running, verbose log, no parent.
     *
     * @param directory where the images go
     * @return the options
     */
    public static CheckpointOptions to(Path directory) {
        return new CheckpointOptions(directory, false, null, true, false, 0);
    }

    /**
     * Stop the container once it is dumped, or leave it running.
     *
     * @param on true to stop it
     * @return a copy with {@code stop} set
     */
    public CheckpointOptions stopAfter(boolean on) {
        return new CheckpointOptions(directory, on, parent, verbose, preservesInodes, ghostLimit);
    }

    /**
     * Write only the memory that changed since a pre-dump.
     *
     * @param previous the pre-dump's directory, or null for none
     * @return a copy with {@code parent} set
     */
    public CheckpointOptions withParent(Path previous) {
        return new CheckpointOptions(directory, stop, previous, verbose, preservesInodes, ghostLimit);
    }

    /**
     * CRIU's most detailed log level, or its default one.
     *
     * @param on true for the most detailed level
     * @return a copy with {@code verbose} set
     */
    public CheckpointOptions verbose(boolean on) {
        return new CheckpointOptions(directory, stop, parent, on, preservesInodes, ghostLimit);
    }

    /**
     * Tell CRIU that inode numbers survive (the rootfs is restored in place), so it needs no inode map.
     *
     * @param on true when the rootfs keeps its inode numbers
     * @return a copy with {@code preservesInodes} set
     */
    public CheckpointOptions preservesInodes(boolean on) {
        return new CheckpointOptions(directory, stop, parent, verbose, on, ghostLimit);
    }

    /**
     * The largest deleted-but-open file CRIU copies into the images.
     *
     * @param bytes the limit in bytes; 0 for CRIU's default
     * @return a copy with {@code ghostLimit} set
     * @throws IllegalArgumentException when {@code bytes} is negative
     */
    public CheckpointOptions ghostLimit(long bytes) {
        return new CheckpointOptions(directory, stop, parent, verbose, preservesInodes, bytes);
    }
}
