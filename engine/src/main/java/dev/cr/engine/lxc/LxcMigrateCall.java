package dev.cr.engine.lxc;

import dev.cr.engine.stats.DumpStats;
import dev.cr.engine.stats.RestoreStats;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * What a checkpoint, pre-dump or restore of a container did. CRIU's statistics are read at once, before a stateful
 * start removes the state directory they were in.
 *
 * @param operation    {@code dump}, {@code pre-dump} or {@code restore}
 * @param container    the container's name
 * @param directory    the image directory
 * @param logPath      the CRIU log kept for the call
 * @param duration     how long the liblxc call took
 * @param initPid      the container's init pid afterwards, -1 when it is not running
 * @param dumpStats    CRIU's {@code stats-dump} of a dump or pre-dump, when CRIU wrote it
 * @param restoreStats CRIU's {@code stats-restore} of a restore, when CRIU wrote it
 */
public record LxcMigrateCall(String operation, String container, Path directory, Path logPath, Duration duration,
                              int initPid, Optional<DumpStats> dumpStats, Optional<RestoreStats> restoreStats) {}
