package dev.cr.engine.lxc;

import java.nio.file.Path;
import java.time.Duration;

/**
 * What a checkpoint, pre-dump or restore of a container did: the operation ({@code dump}, {@code pre-dump},
 * {@code restore}), the container, the image directory, the CRIU log kept for it, how long liblxc took, and the
 * container's init pid afterwards (-1 when it is not running).
 */
public record MigrationResult(String operation, String container, Path directory, Path logPath, Duration duration,
                              int initPid) {
    /** The statistics file CRIU wrote next to the images ({@code stats-dump} or {@code stats-restore}). */
    public Path statsFile() {
        return directory.resolve(operation.equals("restore") ? "stats-restore" : "stats-dump");
    }
}
