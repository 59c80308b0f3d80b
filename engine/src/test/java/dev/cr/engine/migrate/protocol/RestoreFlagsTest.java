package dev.cr.engine.migrate.protocol;

import dev.cr.engine.criu.CgroupMode;
import dev.cr.engine.criu.CriuFlag;
import dev.cr.engine.criu.DumpOptions;
import dev.cr.engine.criu.RestoreOptions;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** The restore options a source hands the target: what a dump needs again, and nothing a source may not choose. */
class RestoreFlagsTest {
    @Test
    void whatTheDumpNeedsAgainReachesTheRestore() {
        DumpOptions dump = DumpOptions.builder(1, Path.of("/x")).shellJob(true).tcpEstablished(true).extMasters(true)
                .leaveRunning(true).trackMem(true).manageCgroupsMode(CgroupMode.SOFT).build();
        List<String> sent = RestoreFlags.of(dump);
        // dump-only options (leave-running, track-mem) stay on the source
        assertEquals(List.of("shell-job", "tcp-established", "ext-masters", "manage-cgroups=soft"), sent);
        RestoreOptions restore = RestoreFlags.apply(sent, RestoreOptions.builder(Path.of("/y"))).build();
        assertEquals(EnumSet.of(CriuFlag.SHELL_JOB, CriuFlag.TCP_ESTABLISHED, CriuFlag.EXT_MASTERS), restore.flags());
        assertEquals(CgroupMode.SOFT, restore.manageCgroupsMode());
    }

    @Test
    void aSourceCannotAskForAnythingElse() {
        RestoreOptions.Builder b = RestoreOptions.builder(Path.of("/y"));
        // a restore option CRIU has, but not one a source may choose for the target
        assertThrows(ProtocolError.class, () -> RestoreFlags.apply(List.of("mntns-compat-mode"), b));
        assertThrows(ProtocolError.class, () -> RestoreFlags.apply(List.of("root=/"), b));
        assertThrows(ProtocolError.class, () -> RestoreFlags.apply(List.of("manage-cgroups=bogus"), b));
        assertThrows(ProtocolError.class, () -> RestoreFlags.apply(List.of("--shell-job"), b));
    }
}
