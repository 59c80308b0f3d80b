package dev.cr.engine.image;

import dev.cr.engine.CrException;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The real pre-dump chain in testdata/chain (two pre-dumps and a dump, made by CRIU 4.2.1 in the soft-dirty VM):
 * chain/3 leaves most of its pages to chain/2 and chain/1 (PE_PARENT), and reading them follows the parent links.
 */
class PreDumpChainTest {
    @Test
    void theFinalDumpLinksToBothPreDumps() throws Exception {
        ImageDir dump = TestImages.open("chain/3");
        ImageDir second = dump.parent().orElseThrow();
        ImageDir first = second.parent().orElseThrow();
        assertEquals(TestImages.dir("chain/2").toRealPath(), second.path().toRealPath());
        assertEquals(TestImages.dir("chain/1").toRealPath(), first.path().toRealPath());
        assertTrue(first.parent().isEmpty());
        assertFalse(dump.isPreDump());
        assertTrue(second.isPreDump() && first.isPreDump());
        CrException e = assertThrows(CrException.class, second::processes);
        assertTrue(e.cause().contains("pre-dump"), e.cause());
    }

    @Test
    void inParentPagesAreReadThroughTheChain() {
        ImageDir dump = TestImages.open("chain/3");
        try (MemoryMap mem = dump.memory(1)) {
            assertTrue(mem.parentPages() > 0, "CRIU left pages to the pre-dumps");
            assertTrue(mem.presentPages() > 0, "and dumped the changed ones");
            for (MemoryMap.PageRun run : mem.runs()) {
                assertTrue(mem.readable(run.address()), "0x" + Long.toHexString(run.address()));
                byte[] bytes = mem.read(run.address(), (int) (run.pages() * MemoryMap.PAGE_SIZE));
                assertEquals(run.pages() * MemoryMap.PAGE_SIZE, bytes.length);
            }
        }
        // The shell's text with the marker lies, among others, on a stack page CRIU left to a parent.
        List<MemorySearch.Match> hits = new ArrayList<>();
        new MemorySearch(0, 0).bytes(dump, "chain-iteration-".getBytes(StandardCharsets.US_ASCII), hits::add);
        try (MemoryMap mem = dump.memory(1)) {
            assertTrue(hits.stream().anyMatch(h -> mem.runs().stream().anyMatch(r -> r.inParent()
                    && Long.compareUnsigned(h.address(), r.address()) >= 0 && Long.compareUnsigned(h.address(), r.end()) < 0)),
                    "a match inside a PE_PARENT run: " + hits);
            for (MemorySearch.Match h : hits) {
                assertArrayEquals("chain-iteration-".getBytes(StandardCharsets.US_ASCII), mem.read(h.address(), 16));
            }
        }
        assertTrue(CommandLines.environment(dump, 1).contains("CR_TESTDATA=chain"));
    }

    @Test
    void parentPagesComeFromTheNearestAncestorThatHasThem() throws Exception {
        // Independent of MemoryMap's chain walk: for each run chain/3 leaves to its parents, scan the ancestors in
        // order with a plain linear walk over their pagemaps, and compare with the bytes at the run's place in the
        // pages file of the first ancestor that has it present.
        ImageDir dump = TestImages.open("chain/3");
        List<ImageDir> ancestors = List.of(dump.parent().orElseThrow(), dump.parent().orElseThrow().parent().orElseThrow());
        int checked = 0;
        try (MemoryMap child = dump.memory(1)) {
            for (MemoryMap.PageRun run : child.runs()) {
                if (!run.inParent()) continue;
                // page by page: a run of the child may span several entries of an ancestor
                for (long page = run.address(); page != run.end(); page += MemoryMap.PAGE_SIZE) {
                    byte[] expected = null;
                    for (ImageDir a : ancestors) {
                        ImageDir.Pagemap pm = a.pagemap(1);
                        long offset = 0;
                        boolean deferred = false;
                        for (var e : pm.entries()) {
                            long end = e.getVaddr() + e.getNrPages() * MemoryMap.PAGE_SIZE;
                            boolean covers = Long.compareUnsigned(page, e.getVaddr()) >= 0 && Long.compareUnsigned(page, end) < 0;
                            boolean present = (e.getFlags() & MemoryMap.PE_PRESENT) != 0;
                            if (covers && present) {
                                byte[] pages = Files.readAllBytes(a.path().resolve("pages-" + pm.pagesId() + ".img"));
                                int from = (int) (offset + page - e.getVaddr());
                                expected = java.util.Arrays.copyOfRange(pages, from, from + MemoryMap.PAGE_SIZE);
                            } else if (covers) {
                                deferred = true;
                            }
                            if (present) offset += e.getNrPages() * MemoryMap.PAGE_SIZE;
                        }
                        if (expected != null || !deferred) break;
                    }
                    assertNotNull(expected, "page 0x" + Long.toHexString(page) + " is present in some ancestor");
                    assertArrayEquals(expected, child.read(page, MemoryMap.PAGE_SIZE));
                    checked++;
                }
            }
        }
        assertTrue(checked > 0);
    }
}
