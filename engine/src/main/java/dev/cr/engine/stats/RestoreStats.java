package dev.cr.engine.stats;

import java.time.Duration;

/** What CRIU measured during one restore ({@code stats-restore}). */
public record RestoreStats(long pagesCompared, long pagesSkippedCow, Duration forkingTime, Duration restoreTime,
                           long pagesRestored) {}
