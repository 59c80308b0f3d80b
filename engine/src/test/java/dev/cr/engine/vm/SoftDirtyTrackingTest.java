package dev.cr.engine.vm;

import dev.cr.engine.testing.Requirements;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The ground the pre-dump tests stand on: the kernel they run on tracks which pages a process writes, and the
 * workload writes exactly the pages it says it does. Fails on a kernel without soft-dirty (every count is 0 there):
 * run it through scripts/vm-tests.
 */
@Tag("vm")
class SoftDirtyTrackingTest {

    @Test
    void kernelMarksExactlyThePagesTheWorkloadWrites(@TempDir Path dir) throws Exception {
        Requirements.root();
        try (Dirtier d = Dirtier.start(dir, 16, 500)) {
            d.pause();
            d.clearSoftDirty();
            Thread.sleep(300);
            assertEquals(0, d.softDirtyPages(), "a paused workload dirtied pages");

            long before = d.pagesWritten();
            d.resume();
            Thread.sleep(1000);
            d.pause();
            long written = d.pagesWritten() - before;
            // Page headers 1..pages-1 round robin, plus page 0 holding the counter; fewer than one lap here.
            long expected = Math.min(written, d.pages() - 1) + 1;
            assertEquals(expected, d.softDirtyPages(),
                    "soft-dirty pages after the workload wrote " + written + " page headers (is CONFIG_MEM_SOFT_DIRTY set?)");
        }
    }
}
