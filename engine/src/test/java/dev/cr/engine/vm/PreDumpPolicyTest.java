package dev.cr.engine.vm;

import dev.cr.engine.criu.Criu;
import dev.cr.engine.criu.DumpOptions;
import dev.cr.engine.criu.IterativeDumpResult;
import dev.cr.engine.criu.PreDumpPolicy;
import dev.cr.engine.stats.DumpStats;
import dev.cr.engine.testing.Requirements;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The iteration policy driving real pre-dumps ({@link Criu#dump(DumpOptions, PreDumpPolicy)}) on a kernel that
 * tracks memory: each of its four rules stops the iterations when it should, the decisions say why, and the final
 * dump goes against the last pre-dump. Each test sets the other rules so they cannot fire first.
 */
@Tag("vm")
class PreDumpPolicyTest {
    /** 16 MiB = 4096 pages, 300 rewritten a second: a pre-dump after the first writes a few hundred pages. */
    private static final int MIB = 16;
    private static final int RATE = 300;
    /** A goal no pre-dump reaches (page 0, the workload's counter, is always written). */
    private static final int NEVER_IN_SYNC = 100;

    private Criu criu;

    @BeforeEach
    void needsCriuWithMemoryTracking() {
        Requirements.criu();
        criu = Criu.locate();
        if (!criu.features().memoryTracking())
            throw new AssertionError("this kernel has no memory tracking (CRIU mem_track: no): run scripts/vm-tests");
    }

    private IterativeDumpResult run(Path dir, PreDumpPolicy policy) throws Exception {
        try (Dirtier d = Dirtier.start(dir, MIB, RATE)) {
            IterativeDumpResult r = criu.dump(DumpOptions.builder((int) d.pid(), dir.resolve("images")).build(), policy);
            d.awaitExit();
            for (var it : r.preDumps()) {
                DumpStats s = it.result().stats().orElseThrow();
                System.out.printf("pre-dump %d: written %d skipped %d -> %s%n", it.number(), s.pagesWritten(),
                        s.pagesSkippedParent(), it.decision().reason());
            }
            assertTrue(r.fallback().isEmpty(), "fell back to a single dump: " + r.fallback().orElse(""));
            assertFinalDumpAgainstLastPreDump(d, r);
            return r;
        }
    }

    /** Every decision but the last says go on; the last says stop. */
    private static void assertStoppedAfter(IterativeDumpResult r, int iterations, String reasonWords) {
        List<IterativeDumpResult.Iteration> pre = r.preDumps();
        assertEquals(iterations, pre.size(), "pre-dumps made");
        for (int i = 0; i < pre.size() - 1; i++)
            assertTrue(pre.get(i).decision().preDumpAgain(), "pre-dump " + (i + 1) + " stopped: " + pre.get(i).decision());
        PreDumpPolicy.Decision last = pre.getLast().decision();
        assertFalse(last.preDumpAgain(), "the last pre-dump did not stop the iterations");
        assertTrue(last.reason().contains(reasonWords), "stopped for another reason: " + last.reason());
    }

    private static void assertFinalDumpAgainstLastPreDump(Dirtier d, IterativeDumpResult r) throws Exception {
        Path images = r.finalDump().imagesDir();
        Path lastPre = r.preDumps().getLast().result().imagesDir();
        Path parent = images.resolve("parent");
        assertTrue(Files.isSymbolicLink(parent), "the final dump has no parent link");
        assertEquals(lastPre.toRealPath(), images.resolve(Files.readSymbolicLink(parent)).toRealPath(),
                "the final dump's parent is not the last pre-dump");
        DumpStats fin = r.finalDump().stats().orElseThrow();
        assertTrue(fin.pagesSkippedParent() > d.pages() / 2,
                "the final dump skipped only " + fin.pagesSkippedParent() + " unchanged pages of " + d.pages());
    }

    @Test
    void stopsAtTheMaximumNumberOfPreDumps(@TempDir Path dir) throws Exception {
        IterativeDumpResult r = run(dir, new PreDumpPolicy(0, NEVER_IN_SYNC, 0, 2));
        assertStoppedAfter(r, 2, "maximum of 2");
    }

    @Test
    void stopsWhenAPreDumpWritesFewerPagesThanTheThreshold(@TempDir Path dir) throws Exception {
        // The first pre-dump writes all 4096 pages; the next only what changed meanwhile, far fewer than 2048.
        IterativeDumpResult r = run(dir, new PreDumpPolicy(2048, NEVER_IN_SYNC, 0, 10));
        assertStoppedAfter(r, 2, "fewer than the threshold of 2048");
        assertTrue(r.preDumps().get(1).result().stats().orElseThrow().pagesWritten() < 2048);
    }

    @Test
    void stopsWhenEnoughMemoryIsInSync(@TempDir Path dir) throws Exception {
        IterativeDumpResult r = run(dir, new PreDumpPolicy(0, 50, 0, 10));
        assertStoppedAfter(r, 2, "already in sync (goal 50 %)");
        assertTrue(r.preDumps().get(1).result().stats().orElseThrow().inSyncPercent() >= 50);
    }

    @Test
    void stopsWhenTheWrittenPagesStopShrinking(@TempDir Path dir) throws Exception {
        // At a steady rate the pre-dumps after the first write about the same amount: asking each to halve the one
        // before stops after the second or a later one, never at the maximum.
        IterativeDumpResult r = run(dir, new PreDumpPolicy(0, NEVER_IN_SYNC, 50, 10));
        int n = r.preDumps().size();
        assertTrue(n >= 3 && n < 10, n + " pre-dumps");
        assertStoppedAfter(r, n, "stopped shrinking");
        List<Long> written = r.preDumps().stream().map(i -> i.result().stats().orElseThrow().pagesWritten()).toList();
        assertTrue(written.get(n - 1) * 2 > written.get(n - 2), "the last pre-dump halved the one before: " + written);
    }
}
