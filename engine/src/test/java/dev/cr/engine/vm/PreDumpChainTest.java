package dev.cr.engine.vm;

import dev.cr.engine.criu.Criu;
import dev.cr.engine.criu.CriuException;
import dev.cr.engine.criu.DumpOptions;
import dev.cr.engine.criu.DumpResult;
import dev.cr.engine.criu.FailureCause;
import dev.cr.engine.criu.RestoreOptions;
import dev.cr.engine.criu.RestoreResult;
import dev.cr.engine.image.ImageDir;
import dev.cr.engine.image.ImageException;
import dev.cr.engine.image.MemoryMap;
import dev.cr.engine.stats.DumpStats;
import dev.cr.engine.testing.Requirements;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Pre-dump iterations through the engine's library API on a kernel that tracks memory (run by scripts/vm-tests):
 * each pre-dump writes only what changed since its parent, the final dump goes against the last pre-dump, and the
 * process restored from the chain, and the memory read back from the images through the parent links (what
 * {@code cr mem} reads), have the bytes the process had. A chain whose parent is missing fails with that cause.
 */
@Tag("vm")
class PreDumpChainTest {
    /** 32 MiB = 8192 pages, 400 of them rewritten a second: a second between pre-dumps changes ~5 % of them. */
    private static final int MIB = 32;
    private static final int RATE = 400;

    private Criu criu;

    @BeforeEach
    void needsCriuWithMemoryTracking() {
        Requirements.criu();
        criu = Criu.locate();
        if (!criu.features().memoryTracking()) {
            // A vm test exists to prove pre-dump; on a kernel without soft-dirty it has nothing to stand on.
            throw new AssertionError("this kernel has no memory tracking (CRIU mem_track: no): run scripts/vm-tests");
        }
    }

    private static DumpOptions.Builder options(Dirtier d, Path dir) {
        return DumpOptions.builder((int) d.pid(), dir).trackMem(true);
    }

    @Test
    void preDumpsWriteOnlyChangesAndTheChainRestoresByteForByte(@TempDir Path dir) throws Exception {
        try (Dirtier d = Dirtier.start(dir, MIB, RATE)) {
            DumpStats first = criu.preDump(options(d, dir.resolve("1")).build()).stats().orElseThrow();
            // The first pre-dump has no parent: it writes the whole region and skips nothing.
            assertTrue(first.pagesWritten() >= d.pages(), "first pre-dump wrote " + first.pagesWritten()
                    + " pages, fewer than the " + d.pages() + " of the region");
            assertEquals(0, first.pagesSkippedParent(), "first pre-dump skipped pages without a parent");

            Thread.sleep(1000);
            DumpStats second = criu.preDump(options(d, dir.resolve("2")).parentImages(Path.of("../1")).build())
                    .stats().orElseThrow();
            assertShrinks(d, first, second, "second pre-dump");
            assertParentLink(dir.resolve("2"), "../1");

            Thread.sleep(500);
            d.pause();
            byte[] before = d.memory();
            DumpResult last = criu.dump(options(d, dir.resolve("3")).parentImages(Path.of("../2")).build());
            DumpStats fin = last.stats().orElseThrow();
            assertShrinks(d, first, fin, "final dump");
            assertTrue(fin.pagesSkippedParent() > second.pagesSkippedParent() / 2,
                    "final dump skipped " + fin.pagesSkippedParent() + " pages; its parent is not used");
            assertParentLink(dir.resolve("3"), "../2");
            d.awaitExit();

            // What `cr mem` and `cr inspect` read: the final dump's pages, most of them through the parent links.
            ImageDir images = ImageDir.open(dir.resolve("3"));
            assertEquals(dir.resolve("1").toRealPath(),
                    images.parent().orElseThrow().parent().orElseThrow().path().toRealPath(), "the chain 3 -> 2 -> 1");
            try (MemoryMap map = images.memory((int) d.pid())) {
                assertTrue(map.parentPages() > d.pages() / 2, "the final dump leaves only " + map.parentPages()
                        + " pages to its parents");
                byte[] fromImages = map.read(d.address(), before.length);
                int differ = Arrays.mismatch(before, fromImages);
                assertEquals(-1, differ, () -> "memory read from the chain differs from the process's at byte "
                        + differ + " (page " + differ / d.pageSize() + ")");
            }

            RestoreResult restored = criu.restore(RestoreOptions.builder(dir.resolve("3")).build());
            assertEquals(d.pid(), restored.pid(), "restored under another pid");
            byte[] after = d.memory();
            int at = Arrays.mismatch(before, after);
            assertEquals(-1, at, () -> "restored memory differs from the dumped memory, first at byte " + at
                    + " (page " + at / d.pageSize() + ") of " + before.length);

            // It goes on where it stopped: resumed, it writes pages again.
            long counted = d.pagesWritten();
            d.resume();
            Thread.sleep(500);
            assertTrue(d.pagesWritten() > counted, "the restored process does not write pages after resuming");
        }
    }

    /** Written shrinks well below the whole region; skipped-because-unchanged grows from nothing to most of it. */
    private static void assertShrinks(Dirtier d, DumpStats first, DumpStats later, String what) {
        assertTrue(later.pagesWritten() < first.pagesWritten() / 2, what + " wrote " + later.pagesWritten()
                + " pages, not much fewer than the " + first.pagesWritten() + " of the first pre-dump");
        assertTrue(later.pagesSkippedParent() > d.pages() / 2, what + " skipped only " + later.pagesSkippedParent()
                + " unchanged pages of " + d.pages());
    }

    private static void assertParentLink(Path dir, String target) throws Exception {
        Path link = dir.resolve("parent");
        assertTrue(Files.isSymbolicLink(link), dir + " has no parent link");
        assertEquals(Path.of(target), Files.readSymbolicLink(link));
    }

    @Test
    void preDumpAgainstAMissingParentFailsWithThatCauseAndLeavesTheProcessRunning(@TempDir Path dir) throws Exception {
        try (Dirtier d = Dirtier.start(dir, 4, RATE)) {
            var e = assertThrows(CriuException.class, () -> criu.preDump(options(d, dir.resolve("2"))
                    .parentImages(Path.of("../1")).build()));
            assertEquals(FailureCause.PARENT_IMAGES_MISSING, e.kind().orElse(null), e.cause());
            assertTrue(e.cause().contains("../1"), "the cause does not name the parent: " + e.cause());
            assertTrue(d.alive(), "the process died after a failed pre-dump");
            long counted = d.pagesWritten();
            Thread.sleep(300);
            assertTrue(d.pagesWritten() > counted, "the process stopped running after a failed pre-dump");
        }
    }

    @Test
    void restoreFromAChainWhoseParentIsGoneFailsAndWorksOnceItIsBack(@TempDir Path dir) throws Exception {
        try (Dirtier d = Dirtier.start(dir, 4, RATE)) {
            criu.preDump(options(d, dir.resolve("1")).build());
            d.pause();
            byte[] before = d.memory();
            criu.dump(options(d, dir.resolve("2")).parentImages(Path.of("../1")).build());
            d.awaitExit();

            Path aside = Files.move(dir.resolve("1"), dir.resolve("1.moved"));
            var broken = assertThrows(ImageException.class, () -> ImageDir.open(dir.resolve("2")));
            assertTrue(broken.getMessage().contains("parent"), "reading the chain does not name the parent link: "
                    + broken.getMessage());
            var e = assertThrows(CriuException.class,
                    () -> criu.restore(RestoreOptions.builder(dir.resolve("2")).build()));
            assertTrue(e.logPath().isPresent(), "the failure does not point to CRIU's log");
            assertEquals(FailureCause.PARENT_IMAGES_MISSING, e.kind().orElse(null),
                    "the failure does not say the parent images are missing: " + e.cause() + "\n"
                            + String.join("\n", e.logLines()));
            assertTrue(e.logLines().stream().anyMatch(l -> l.contains("parent")),
                    "the log lines shown do not mention the parent: " + e.logLines());
            assertTrue(!d.alive(), "a failed restore left a process running under pid " + d.pid());

            // Nothing was lost: with the parent back, the same images restore the same memory.
            Files.move(aside, dir.resolve("1"));
            criu.restore(RestoreOptions.builder(dir.resolve("2")).build());
            assertArrayEquals(before, d.memory(), "memory restored after the parent came back differs");
        }
    }
}
