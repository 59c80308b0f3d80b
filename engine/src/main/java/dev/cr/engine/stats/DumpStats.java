package dev.cr.engine.stats;

import java.time.Duration;

/**
 * What CRIU measured during one dump or pre-dump ({@code stats-dump}): times and page counts.
 * Pages are 4 KiB; "skipped" pages were unchanged since the parent images and were not written again.
 */
public record DumpStats(Duration freezingTime, Duration frozenTime, Duration memdumpTime, Duration memwriteTime,
                        long pagesScanned, long pagesSkippedParent, long pagesWritten, long pagesLazy) {
    /** Share of scanned pages already in the parent images, 0..100; 0 when nothing was scanned. */
    public double inSyncPercent() {
        return pagesScanned == 0 ? 0 : 100.0 * pagesSkippedParent / pagesScanned;
    }
}
