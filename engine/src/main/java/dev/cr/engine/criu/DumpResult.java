package dev.cr.engine.criu;

import dev.cr.engine.stats.DumpStats;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * A dump (or one pre-dump) that succeeded.
 *
 * @param imagesDir where the images are
 * @param logPath   CRIU's log of this dump
 * @param stats     CRIU's statistics, when it wrote them
 * @param elapsed   wall time of the call into CRIU
 */
public record DumpResult(Path imagesDir, Path logPath, Optional<DumpStats> stats, Duration elapsed) {}
