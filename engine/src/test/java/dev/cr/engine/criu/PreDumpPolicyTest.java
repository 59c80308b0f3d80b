package dev.cr.engine.criu;

import dev.cr.engine.stats.DumpStats;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The pre-dump policy on recorded statistics. The first two come from CRIU 4.2.1 in a VM with memory tracking:
 * a 128 MiB process dirtying 8 MiB/s (ENVIRONMENT.md): 32,797 pages written by the first pre-dump, then
 * 9,226 written and 23,571 skipped by the second.
 */
class PreDumpPolicyTest {
    static DumpStats stats(long scanned, long skipped, long written) {
        Duration d = Duration.ofMillis(1);
        return new DumpStats(d, d, d, d, scanned, skipped, written, 0);
    }

    static final DumpStats FIRST = stats(32_797, 0, 32_797);
    static final DumpStats SECOND = stats(32_797, 23_571, 9_226);

    @Test
    void recordedRunStopsAtTheGoalAfterTwoPreDumps() {
        PreDumpPolicy p = PreDumpPolicy.defaults();
        assertEquals(70, p.goalPercent());
        assertEquals(10, p.maxIterations());
        assertTrue(p.next(List.of(FIRST)).preDumpAgain(), p.next(List.of(FIRST)).reason());
        PreDumpPolicy.Decision d = p.next(List.of(FIRST, SECOND));
        assertFalse(d.preDumpAgain());
        assertEquals("71.9 % of memory is already in sync (goal 70 %)", d.reason());
    }

    @Test
    void aHigherGoalGoesOnWhileWritesShrink() {
        PreDumpPolicy p = new PreDumpPolicy(256, 90, 10, 10);
        assertTrue(p.next(List.of(FIRST, SECOND)).preDumpAgain());
        DumpStats third = stats(32_797, 25_000, 8_900);  // 3.5 % fewer than 9,226: no longer shrinking by 10 %
        PreDumpPolicy.Decision d = p.next(List.of(FIRST, SECOND, third));
        assertFalse(d.preDumpAgain());
        assertTrue(d.reason().startsWith("the written pages stopped shrinking (9226 then 8900"), d.reason());
    }

    @Test
    void fewPagesWrittenStops() {
        PreDumpPolicy.Decision d = PreDumpPolicy.defaults().next(List.of(FIRST, stats(32_797, 10_000, 200)));
        assertFalse(d.preDumpAgain());
        assertEquals("the last pre-dump wrote 200 pages, fewer than the threshold of 256", d.reason());
    }

    @Test
    void theMaximumCountStops() {
        PreDumpPolicy p = new PreDumpPolicy(0, 100, 0, 3);
        List<DumpStats> busy = List.of(stats(1000, 0, 1000), stats(1000, 100, 900), stats(1000, 200, 800));
        assertTrue(p.next(busy.subList(0, 2)).preDumpAgain());
        assertEquals(new PreDumpPolicy.Decision(false, "reached the maximum of 3 pre-dumps"), p.next(busy));
    }

    @Test
    void nonsenseSettingsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new PreDumpPolicy(0, 0, 10, 10));
        assertThrows(IllegalArgumentException.class, () -> new PreDumpPolicy(0, 70, 10, 0));
        assertThrows(IllegalArgumentException.class, () -> new PreDumpPolicy(-1, 70, 10, 10));
    }
}
