package dev.cr.engine.lxc;

import dev.cr.engine.stats.DumpStats;
import dev.cr.engine.stats.RestoreStats;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * What a checkpoint, pre-dump or restore of a container did: the operation ({@code dump}, {@code pre-dump},
 * {@code restore}), the container, the image directory, the CRIU log kept for it, how long the liblxc call took,
 * the container's init pid afterwards (-1 when it is not running), and CRIU's statistics ({@code stats-dump} for
 * dumps, {@code stats-restore} for restores), read before a stateful start removes the state directory.
 */
public record LxcMigrateCall(String operation, String container, Path directory, Path logPath, Duration duration,
                              int initPid, Optional<DumpStats> dumpStats, Optional<RestoreStats> restoreStats) {}
