package dev.cr.engine.criu;

import dev.cr.engine.stats.RestoreStats;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * A restore that succeeded.
 *
 * @param pid     the pid of the restored root task, as seen from this process's pid namespace
 * @param logPath CRIU's log of this restore
 * @param stats   CRIU's statistics, when it wrote them
 * @param elapsed wall time of the call into CRIU
 */
public record RestoreResult(int pid, Path logPath, Optional<RestoreStats> stats, Duration elapsed) {}
