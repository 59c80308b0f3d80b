package dev.cr.engine.stats;

import java.time.Duration;

/**
 * What CRIU measured during one restore ({@code stats-restore}). Pages are 4 KiB.
 *
 * @param pagesCompared   pages a child compared with those it inherited from its parent task at fork
 * @param pagesSkippedCow of those, pages found equal and left shared copy-on-write rather than restored again
 * @param forkingTime     how long re-creating the process tree (the forks) took
 * @param restoreTime     how long the whole restore took, until the tasks were resumed
 * @param pagesRestored   pages read from the images (or a page server) into the restored memory
 */
public record RestoreStats(long pagesCompared, long pagesSkippedCow, Duration forkingTime, Duration restoreTime,
                           long pagesRestored) {}
