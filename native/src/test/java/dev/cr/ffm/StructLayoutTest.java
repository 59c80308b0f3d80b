package dev.cr.ffm;

import dev.cr.ffm.criu.criu_feature_check;
import dev.cr.ffm.criu.criu_h;
import dev.cr.ffm.libc.posix_spawn_file_actions_t;
import dev.cr.ffm.libc.posix_spawnattr_t;
import dev.cr.ffm.libc.sigset_t;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.foreign.MemoryLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * Every struct bound in {@code dev.cr.ffm} compared with gcc's view of the C headers.
 * To cover a new binding, add its header to {@link #HEADERS} and its struct to {@link #STRUCTS}.
 */
class StructLayoutTest {
    static final List<String> HEADERS = List.of("criu/criu.h", "spawn.h", "signal.h");

    static final List<CLayoutProbe.Struct> STRUCTS = List.of(
            new CLayoutProbe.Struct("struct criu_feature_check", criu_feature_check.layout()),
            new CLayoutProbe.Struct("sigset_t", sigset_t.layout()),
            new CLayoutProbe.Struct("posix_spawn_file_actions_t", posix_spawn_file_actions_t.layout()),
            new CLayoutProbe.Struct("posix_spawnattr_t", posix_spawnattr_t.layout()));

    static void needGcc() {
        if (Files.isExecutable(Path.of("/usr/bin/gcc"))) return;
        if ("1".equals(System.getenv("CR_REQUIRE_CRIU"))) Assertions.fail("this test needs gcc (CR_REQUIRE_CRIU=1)");
        Assumptions.abort("this test needs gcc; skipped");
    }

    @Test
    void javaLayoutsMatchTheCHeaders(@TempDir Path dir) throws Exception {
        needGcc();
        var probe = new CLayoutProbe(HEADERS, STRUCTS);
        assertEquals(List.of(), probe.differences(dir), "Java layouts differ from gcc's");
        assertFalse(probe.javaFigures().isEmpty());
    }

    /** The probe must notice a layout edited by hand: move pidfd_store one byte further. */
    @Test
    void aShiftedOffsetIsReported(@TempDir Path dir) throws Exception {
        needGcc();
        var shifted = MemoryLayout.structLayout(
                criu_h.C_BOOL.withName("mem_track"),
                criu_h.C_BOOL.withName("lazy_pages"),
                MemoryLayout.paddingLayout(1),
                criu_h.C_BOOL.withName("pidfd_store"));
        var probe = new CLayoutProbe(HEADERS, List.of(new CLayoutProbe.Struct("struct criu_feature_check", shifted)));
        List<String> diffs = probe.differences(dir);
        assertEquals(new ArrayList<>(List.of(
                "java: struct criu_feature_check size 4 | c: struct criu_feature_check size 3",
                "java: struct criu_feature_check.pidfd_store offset 3 | c: struct criu_feature_check.pidfd_store offset 2")), diffs);
    }
}
