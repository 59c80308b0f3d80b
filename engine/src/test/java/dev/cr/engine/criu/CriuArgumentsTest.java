package dev.cr.engine.criu;

import dev.cr.engine.testing.Requirements;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Post-copy's lazy dump runs the {@code criu} command with {@link DumpOptions} turned into its options: every one of
 * them must be an option the real CRIU's parser takes (a misspelt one would fail only at migration time).
 */
class CriuArgumentsTest {
    @TempDir
    Path tmp;

    private static DumpOptions everything(Path dir) {
        return DumpOptions.builder(999_999, dir).logLevel(4).leaveRunning(true).shellJob(true).tcpEstablished(true)
                .tcpSkipInFlight(true).tcpClose(true).extUnixSk(true).fileLocks(true).linkRemap(true).evasiveDevices(true)
                .autoExtMnt(true).extSharing(true).extMasters(true).trackMem(true).autoDedup(true).weakSysctls(true)
                .ghostLimit(1 << 20).external("dev[1/2]:k").extMountMap("/a", "b").skipMount("/x").enableFs("tmpfs")
                .manageCgroupsMode(CgroupMode.SOFT).freezeCgroup("/sys/fs/cgroup/freezer/x").networkLock(NetworkLock.IPTABLES)
                .parentImages(Path.of("../1")).timeoutSeconds(10).build();
    }

    @Test
    void everyOptionIsOneTheCriuCommandParses() throws Exception {
        Path criu = Requirements.criu();
        List<String> cmd = new ArrayList<>(List.of(criu.toString(), "dump"));
        cmd.addAll(CriuArguments.dump(everything(tmp)));
        cmd.addAll(List.of("-D", tmp.resolve("none").toString(), "--lazy-pages", "--address", "127.0.0.1", "--port", "1"));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        p.waitFor();
        // The images directory does not exist: CRIU stops there, after it parsed every option.
        assertFalse(out.contains("unrecognized option") || out.contains("Usage:"), "every option parsed: " + out);
        assertTrue(out.contains("Couldn't open image dir"), "CRIU got past its options: " + out);
    }

    /** Post-copy's lazy restore runs {@code criu restore} with the restore flags as {@link CriuFlag} spells them. */
    @Test
    void everyRestoreFlagIsOneTheCriuCommandParses() throws Exception {
        Path criu = Requirements.criu();
        List<String> cmd = new ArrayList<>(List.of(criu.toString(), "restore", "-D", tmp.resolve("none").toString()));
        for (CriuFlag f : CriuFlag.values()) {
            if (f.onRestore()) cmd.add(f.commandLineOption().orElseThrow(() -> new AssertionError(f + " has no criu option")));
        }
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        p.waitFor();
        assertFalse(out.contains("unrecognized option") || out.contains("Try -h"), "every option parsed: " + cmd + "\n" + out);
        assertTrue(out.contains("Couldn't open image dir"), "CRIU got past its options: " + out);
    }

    @Test
    void namesFollowCriu() {
        List<String> a = CriuArguments.dump(everything(tmp));
        assertEquals(List.of("-t", "999999", "-v4"), a.subList(0, 3));
        assertTrue(a.containsAll(List.of("--tcp-established", "--skip-in-flight", "--ext-mount-map=auto", "--ext-mount-map=/a:b",
                "--enable-external-sharing", "--manage-cgroups=soft", "--network-lock=iptables", "--prev-images-dir=../1")), a.toString());
    }

    @Test
    void anOptionTheCommandLacksIsRefused() {
        DumpOptions o = DumpOptions.builder(1, tmp).orphanPtsMaster(true).build();
        assertThrows(IllegalArgumentException.class, () -> CriuArguments.dump(o));
    }
}
