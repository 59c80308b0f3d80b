package dev.cr.engine.stats;

import java.time.Duration;

/**
 * What CRIU measured during one dump or pre-dump ({@code stats-dump}): times and page counts.
 * Pages are 4 KiB; "skipped" pages were unchanged since the parent images and were not written again.
 *
 * @param freezingTime       how long freezing the tree took (from the first signal to all tasks stopped)
 * @param frozenTime         how long the tasks stayed frozen: the downtime a dump that leaves them running causes
 * @param memdumpTime        how long collecting the memory pages took, tasks frozen
 * @param memwriteTime       how long writing the pages to the images (or the page server) took
 * @param pagesScanned       pages of private and shared memory CRIU examined
 * @param pagesSkippedParent pages left out because the parent images hold them unchanged (pre-dump chains)
 * @param pagesWritten       pages written to this checkpoint
 * @param pagesLazy          pages left to a page server for a post-copy restore, written nowhere
 */
public record DumpStats(Duration freezingTime, Duration frozenTime, Duration memdumpTime, Duration memwriteTime,
                        long pagesScanned, long pagesSkippedParent, long pagesWritten, long pagesLazy) {
    /** {@return the share of scanned pages already in the parent images, 0..100; 0 when nothing was scanned} */
    public double inSyncPercent() {
        return pagesScanned == 0 ? 0 : 100.0 * pagesSkippedParent / pagesScanned;
    }
}
