package dev.cr.engine.image;

import java.util.ArrayList;
import java.util.List;

/** How much of each mapping of a process was dumped: pages in this checkpoint, in its parents, or lazy. */
public final class Rss {
    public record MappingRss(Mappings.Mapping mapping, long presentPages, long parentPages, long lazyPages) {}

    private Rss() {}

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
