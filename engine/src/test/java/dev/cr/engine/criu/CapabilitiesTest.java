package dev.cr.engine.criu;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Capabilities from /proc/PID/status, and what a missing one rules out. */
class CapabilitiesTest {
    static List<String> names(Capabilities c) {
        return c.missing().stream().map(Capabilities.Needed::name).toList();
    }

    @Test
    void rootOnTheseMachinesLacksOnlyCapSysResource() {
        // CapEff of root here (capsh: "=ep cap_sys_resource-ep"): bit 24 clear, 0..40 set.
        Capabilities c = Capabilities.of("Name:\tcat\nCapInh:\t0000000000000000\nCapEff:\t000001fffeffffff\n");
        assertEquals(List.of("CAP_SYS_RESOURCE"), names(c));
        assertFalse(c.canDumpOtherUsers());
        assertTrue(c.missing().getFirst().rulesOut().startsWith("processes of other users cannot be dumped"));
    }

    @Test
    void everyCapabilityMeansNothingIsRuledOut() {
        Capabilities c = Capabilities.of("CapEff:\t000001ffffffffff\n");
        assertEquals(List.of(), names(c));
        assertTrue(c.canDumpOtherUsers());
    }

    @Test
    void checkpointRestoreCountsOnlyWithoutSysAdmin() {
        // An older kernel's full set (no bit 40, CAP_CHECKPOINT_RESTORE): CAP_SYS_ADMIN covers it.
        assertEquals(List.of(), names(Capabilities.of("CapEff:\t0000003fffffffff\n")));
        // Without CAP_SYS_ADMIN (bit 21) and bit 40, both are named.
        assertEquals(List.of("CAP_SYS_ADMIN", "CAP_CHECKPOINT_RESTORE"), names(Capabilities.of("CapEff:\t0000003fffdfffff\n")));
    }

    @Test
    void thisProcessAgreesWithItsStatusFile() throws Exception {
        String status = Files.readString(Path.of("/proc/self/status"));
        assertEquals(Capabilities.of(status), Capabilities.ofThisProcess());
    }
}
