package dev.cr.engine.criu;

import dev.cr.engine.testing.Requirements;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Version, check and feature check through libcriu, compared with what the criu command itself says. */
class CriuCheckTest {
    @Test
    void versionMatchesTheBinary() throws Exception {
        Path bin = Requirements.criu();
        Requirements.libcriu();
        CriuVersion v = Criu.at(bin).version();
        String out = run(bin.toString(), "--version");
        // `criu --version` prints "Version: 4.2.1" (a trailing ".0" sublevel is left out)
        String expected = v.sublevel() == 0 ? v.major() + "." + v.minor() : v.toString();
        assertTrue(out.contains("Version: " + expected), "criu --version says: " + out + "; libcriu says " + v);
        assertTrue(v.atLeast(CriuVersion.MINIMUM), "provisioned CRIU must be >= 4.2, is " + v);
    }

    @Test
    void checkPassesAndFeaturesMatchCriuCheck() throws Exception {
        Path bin = Requirements.criu();
        Requirements.libcriu();
        Criu criu = Criu.at(bin);
        criu.check();
        Features f = criu.features();
        boolean memTrack = exit(bin.toString(), "check", "--feature", "mem_dirty_track") == 0;
        boolean lazy = exit(bin.toString(), "check", "--feature", "uffd-noncoop") == 0;
        assertEquals(memTrack, f.memoryTracking(), "mem_track vs criu check --feature mem_dirty_track");
        assertEquals(lazy, f.lazyPages(), "lazy_pages vs criu check --feature uffd-noncoop");
    }

    @Test
    void aMissingBinaryIsNamed() {
        var e = assertThrows(CriuException.class, () -> Criu.at(Path.of("/nonexistent/criu")));
        assertEquals(FailureCause.CRIU_MISSING, e.kind().orElseThrow());
        assertTrue(e.cause().contains("/nonexistent/criu"), e.cause());
        assertTrue(e.fix().orElseThrow().contains("scripts/provision"));
    }

    /** Debian 12's CRIU 3.17 cannot run on this kernel: the engine says it is too old before trying. */
    @Test
    void anOldCriuIsRefusedWithTheReason() {
        Requirements.criu();
        Requirements.libcriu();
        Path old = Path.of("/usr/sbin/criu");
        assumeTrue(Files.isExecutable(old), "Debian 12's criu 3.17 is not installed");
        Criu criu = Criu.at(old);
        var tooOld = assertThrows(CriuException.class,
                () -> criu.dump(DumpOptions.builder((int) ProcessHandle.current().pid(), Path.of("/nonexistent-dir")).build()));
        assertEquals(FailureCause.CRIU_TOO_OLD, tooOld.kind().orElseThrow());
        assertTrue(tooOld.cause().contains("older than 4.2"), tooOld.cause());
        assertFalse(Files.exists(Path.of("/nonexistent-dir")), "nothing may be created before the version check");
        var unusable = assertThrows(CriuException.class, criu::check);
        assertEquals(FailureCause.CRIU_UNUSABLE, unusable.kind().orElseThrow());
        assertTrue(unusable.cause().contains("cannot run on this kernel"), unusable.cause());
        assertTrue(unusable.logLines().stream().anyMatch(l -> l.contains("Error")), "criu check's errors: " + unusable.logLines());
    }

    static String run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        return out;
    }

    static int exit(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        return p.waitFor();
    }
}
