package dev.cr.engine.image;

import java.util.ArrayList;
import java.util.List;

/** How much of each mapping of a process was dumped: pages in this checkpoint, in its parents, or lazy. */
public final class Rss {
    /**
     * The dumped pages of one mapping, in pages of {@link MemoryMap#PAGE_SIZE} bytes.
     *
     * @param mapping      the mapping
     * @param presentPages pages of it whose bytes are in this checkpoint
     * @param parentPages  pages of it left to a parent checkpoint (unchanged since a pre-dump)
     * @param lazyPages    pages of it left to a page server (post-copy)
     */
    public record MappingRss(Mappings.Mapping mapping, long presentPages, long parentPages, long lazyPages) {}

    private Rss() {}

    /**
     * How much of each mapping of a process was dumped. Pages never touched are in none of the three counts.
     *
     * @param dir the checkpoint
     * @param pid the process, by its pid in the dumped tree's pid namespace
     * @return one entry per mapping, in address order
     * @throws ImageException when its mm image or pagemap cannot be read
     */
    public static List<MappingRss> of(ImageDir dir, int pid) {
        List<Mappings.Mapping> maps = Mappings.of(dir, pid);
        List<MemoryMap.PageRun> runs;
        try (MemoryMap mem = dir.memory(pid)) {
            runs = mem.runs();
        }
        List<MappingRss> out = new ArrayList<>(maps.size());
        int r = 0;
        for (Mappings.Mapping m : maps) {
            long present = 0, parent = 0, lazy = 0;
            while (r < runs.size() && Long.compareUnsigned(runs.get(r).end(), m.start()) <= 0) r++;
            // Runs may span several mappings: walk without consuming the run that crosses the end.
            for (int i = r; i < runs.size() && Long.compareUnsigned(runs.get(i).address(), m.end()) < 0; i++) {
                MemoryMap.PageRun run = runs.get(i);
                long from = Math.max(run.address(), m.start()), to = Math.min(run.end(), m.end());
                if (to <= from) continue;
                long pages = (to - from) / MemoryMap.PAGE_SIZE;
                if (run.present()) present += pages;
                else if (run.inParent()) parent += pages;
                else if (run.lazy()) lazy += pages;
            }
            out.add(new MappingRss(m, present, parent, lazy));
        }
        return out;
    }
}
