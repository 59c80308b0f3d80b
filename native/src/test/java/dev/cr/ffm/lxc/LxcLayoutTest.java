package dev.cr.ffm.lxc;

import dev.cr.ffm.CLayoutProbe;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.foreign.GroupLayout;
import java.lang.foreign.MemoryLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** The liblxc struct layouts against gcc's view of {@code <lxc/lxccontainer.h>} (lxc-dev). */
class LxcLayoutTest {
    static final String HEADER = "/usr/include/lxc/lxccontainer.h";

    static List<CLayoutProbe.Struct> structs() {
        return List.of(
                new CLayoutProbe.Struct("struct lxc_container", lxc_container.layout()),
                new CLayoutProbe.Struct("struct migrate_opts", migrate_opts.layout()),
                new CLayoutProbe.Struct("struct lxc_snapshot", lxc_snapshot.layout()));
    }

    static void needHeaderAndGcc() {
        boolean met = Files.isExecutable(Path.of("/usr/bin/gcc")) && Files.exists(Path.of(HEADER));
        if (met) return;
        String msg = "this test needs gcc and " + HEADER + " (apt-get install gcc lxc-dev)";
        if ("1".equals(System.getenv("CR_REQUIRE_CRIU"))) Assertions.fail(msg);
        Assumptions.abort(msg);
    }

    @Test
    void everyBoundStructMatchesTheHeader(@TempDir Path dir) throws Exception {
        needHeaderAndGcc();
        var probe = new CLayoutProbe(List.of("lxc/lxccontainer.h"), structs());
        assertEquals(List.of(), probe.differences(dir));
        // Every member of struct lxc_container is named and so compared: 11 data members and 61 function pointers.
        long named = lxc_container.layout().memberLayouts().stream().filter(m -> m.name().isPresent()).count();
        assertEquals(11 + 61, named);
    }

    @Test
    void aShiftedMemberIsCaught(@TempDir Path dir) throws Exception {
        needHeaderAndGcc();
        // The same struct lxc_container with 8 bytes slipped in before "migrate": the probe must see the move.
        var members = new ArrayList<MemoryLayout>();
        for (MemoryLayout m : lxc_container.layout().memberLayouts()) {
            if (m.name().filter("migrate"::equals).isPresent()) members.add(MemoryLayout.paddingLayout(8));
            members.add(m);
        }
        GroupLayout shifted = MemoryLayout.structLayout(members.toArray(MemoryLayout[]::new));
        var probe = new CLayoutProbe(List.of("lxc/lxccontainer.h"),
                List.of(new CLayoutProbe.Struct("struct lxc_container", shifted)));
        List<String> diffs = probe.differences(dir);
        assertFalse(diffs.isEmpty());
        Assertions.assertTrue(diffs.stream().anyMatch(d -> d.contains("struct lxc_container.migrate offset")), diffs.toString());
    }

    @Test
    void migrateCommandsAndFeatureBitsAreTheHeaders(@TempDir Path dir) throws Exception {
        needHeaderAndGcc();
        Path src = dir.resolve("consts.c");
        Files.writeString(src, """
                #include <stdio.h>
                #include <lxc/lxccontainer.h>
                int main(void) {
                  printf("%d %d %d %d %llu %llu %d\\n", MIGRATE_PRE_DUMP, MIGRATE_DUMP, MIGRATE_RESTORE,
                         MIGRATE_FEATURE_CHECK, (unsigned long long) FEATURE_MEM_TRACK,
                         (unsigned long long) FEATURE_LAZY_PAGES, LXC_CLONE_SNAPSHOT);
                  return 0;
                }
                """);
        Path exe = dir.resolve("consts");
        Process cc = new ProcessBuilder("gcc", "-o", exe.toString(), src.toString()).inheritIO().start();
        assertEquals(0, cc.waitFor());
        Process run = new ProcessBuilder(exe.toString()).start();
        String out = new String(run.getInputStream().readAllBytes()).trim();
        assertEquals(0, run.waitFor());
        assertEquals(lxccontainer_h.MIGRATE_PRE_DUMP + " " + lxccontainer_h.MIGRATE_DUMP + " " + lxccontainer_h.MIGRATE_RESTORE
                + " " + lxccontainer_h.MIGRATE_FEATURE_CHECK + " " + lxccontainer_h.FEATURE_MEM_TRACK + " "
                + lxccontainer_h.FEATURE_LAZY_PAGES + " " + lxccontainer_h.LXC_CLONE_SNAPSHOT, out);
    }
}
