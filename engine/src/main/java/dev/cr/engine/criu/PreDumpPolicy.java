package dev.cr.engine.criu;

import dev.cr.engine.stats.DumpStats;

import java.util.List;

/**
 * When to stop pre-dumping and make the final dump. After each pre-dump the policy looks at the statistics so
 * far and stops when: the count reached {@code maxIterations}; the last pre-dump wrote fewer than
 * {@code minPagesWritten} pages; the share of memory already in sync (pages skipped because unchanged in the
 * parent, out of pages scanned) reached {@code goalPercent}; or the written pages stopped shrinking, that is the
 * last pre-dump did not write at least {@code minShrinkPercent} % fewer pages than the one before it.
 * A policy is an immutable value: one may serve several dumps at once.
 *
 * @param minPagesWritten  stop when the last pre-dump wrote fewer pages (4 KiB each) than this; 0 or more
 * @param goalPercent      stop when this share of the scanned memory is already in sync, 1..100
 * @param minShrinkPercent stop when the last pre-dump wrote less than this many percent fewer pages than the one
 *                         before; 0..100
 * @param maxIterations    stop after this many pre-dumps, at least 1
 */
public record PreDumpPolicy(long minPagesWritten, int goalPercent, int minShrinkPercent, int maxIterations) {
    /**
     * Checks the bounds.
     *
     * @throws IllegalArgumentException when a value is out of the range its parameter gives
     */
    public PreDumpPolicy {
        if (minPagesWritten < 0) throw new IllegalArgumentException("minPagesWritten must not be negative");
        if (goalPercent < 1 || goalPercent > 100) throw new IllegalArgumentException("goalPercent must be 1..100");
        if (minShrinkPercent < 0 || minShrinkPercent > 100) throw new IllegalArgumentException("minShrinkPercent must be 0..100");
        if (maxIterations < 1) throw new IllegalArgumentException("maxIterations must be at least 1");
    }

    /** {@return A 70 % in-sync goal and at most 10 pre-dumps, as the best-known container managers use; 1 MiB threshold} */
    public static PreDumpPolicy defaults() {
        return new PreDumpPolicy(256, 70, 10, 10);
    }

    /**
     * What to do after the pre-dumps whose statistics are given.
     *
     * @param preDumpAgain true to pre-dump once more, false to make the final dump now
     * @param reason       why, in words ("70.3 % of memory is already in sync (goal 70 %)"), for logs and reports
     */
    public record Decision(boolean preDumpAgain, String reason) {}

    /**
     * Decides from the statistics of the pre-dumps done so far, oldest first (at least one).
     *
     * @param done the statistics of each pre-dump so far, oldest first; empty means "pre-dump" at once
     * @return the decision and its reason
     */
    public Decision next(List<DumpStats> done) {
        if (done.isEmpty()) return new Decision(true, "no pre-dump yet");
        DumpStats last = done.getLast();
        int n = done.size();
        if (n >= maxIterations) return new Decision(false, "reached the maximum of " + maxIterations + " pre-dumps");
        if (last.pagesWritten() < minPagesWritten)
            return new Decision(false, "the last pre-dump wrote " + last.pagesWritten()
                    + " pages, fewer than the threshold of " + minPagesWritten);
        if (last.inSyncPercent() >= goalPercent)
            return new Decision(false, String.format(java.util.Locale.ROOT,
                    "%.1f %% of memory is already in sync (goal %d %%)", last.inSyncPercent(), goalPercent));
        if (n >= 2) {
            long before = done.get(n - 2).pagesWritten();
            if (last.pagesWritten() * 100 > before * (100L - minShrinkPercent))
                return new Decision(false, "the written pages stopped shrinking (" + before + " then "
                        + last.pagesWritten() + ", less than " + minShrinkPercent + " % fewer)");
        }
        return new Decision(true, String.format(java.util.Locale.ROOT,
                "%d pages written, %.1f %% in sync: pre-dump again", last.pagesWritten(), last.inSyncPercent()));
    }
}
