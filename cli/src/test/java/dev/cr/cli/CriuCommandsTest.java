package dev.cr.cli;

import dev.cr.engine.criu.Criu;
import dev.cr.engine.criu.Features;
import dev.cr.engine.testing.Requirements;
import dev.cr.engine.testing.Workload;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.cr.cli.CrRun.cr;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code cr check}, {@code cr dump}, {@code cr pre-dump} and {@code cr restore} as a user runs them, with the real CRIU. */
class CriuCommandsTest {
    @TempDir Path tmp;
    final List<Workload> workloads = new ArrayList<>();

    @AfterEach
    void killEverything() {
        workloads.forEach(Workload::close);
    }


    static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\": ?(\"[^\"]*\"|[^,}\\s]+)").matcher(json);
        assertTrue(m.find(), name + " in " + json);
        return m.group(1).replace("\"", "");
    }

    static long count(Path f) {
        try {
            return Long.parseLong(Files.readString(f).trim());
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
    }

    Workload counting(Path file) throws Exception {
        Workload w = Workload.inPidNamespace("i=0; while :; do i=$((i+1)); echo $i > " + file + ".tmp; mv " + file
                + ".tmp " + file + "; sleep 0.05; done");
        workloads.add(w);
        Workload.await(() -> count(file) >= 2, Duration.ofSeconds(10), "the loop to count");
        return w;
    }

    @Test
    void checkJsonNamesVersionBinaryAndFeatures() {
        Path bin = Requirements.criu();
        Requirements.libcriu();
        Criu criu = Criu.at(bin);
        CrRun r = cr("check", "--json");
        assertEquals(0, r.status(), r.err());
        assertEquals(criu.version().toString(), field(r.out(), "criu_version"));
        assertEquals(bin.toString(), field(r.out(), "criu_binary"));
        Features f = criu.features();
        assertEquals(Boolean.toString(f.memoryTracking()), field(r.out(), "mem_track"));
        if (!f.memoryTracking()) assertTrue(r.out().contains("fall back to a single stop-and-copy dump"), r.out());
        CrRun human = cr("check");
        assertTrue(human.out().contains("mem_track    " + (f.memoryTracking() ? "yes" : "no")), human.out());
    }

    @Test
    void checkNamesTheCapabilitiesRootLacksAndWhatEachRulesOut() throws Exception {
        Requirements.criu();
        Requirements.libcriu();
        CrRun here = cr("check");
        assertEquals(0, here.status(), here.err());
        boolean sysResource = dev.cr.engine.criu.Capabilities.ofThisProcess().has(24);
        assertEquals(!sysResource, here.out().contains("processes of other users cannot be dumped"), here.out());
        if (!sysResource) assertTrue(here.out().contains(": CAP_SYS_RESOURCE is missing"), here.out());
        // Drop one more capability for a cr run as a process of its own: check names it and what it rules out.
        List<String> cmd = new ArrayList<>(List.of("capsh", "--drop=cap_sys_chroot", "--"));
        cmd.add("-c");
        cmd.add(String.join(" ", ServeProcess.cr("check", "--json").stream().map(a -> "'" + a + "'").toList()));
        CrProcessRun dropped = CrProcessRun.of(cmd, 120);
        assertEquals(0, dropped.exit(), dropped.err());
        assertTrue(dropped.out().contains("\"CAP_SYS_CHROOT\": \"restoring into another root"), dropped.out());
        // Without CAP_NET_ADMIN `criu check` itself fails: the refusal names the capability and what it rules out.
        cmd.set(1, "--drop=cap_net_admin");
        cmd.set(4, String.join(" ", ServeProcess.cr("check").stream().map(a -> "'" + a + "'").toList()));
        CrProcessRun noNet = CrProcessRun.of(cmd, 120);
        assertEquals(Cli.FAILED, noNet.exit(), noNet.out());
        assertTrue(noNet.err().contains("CAP_NET_ADMIN: established TCP connections"), noNet.err());
        assertEquals(!sysResource, dropped.out().contains("\"CAP_SYS_RESOURCE\""), dropped.out());
    }

    @Test
    void dumpThenRestoreFromTheCommandLine() throws Exception {
        Requirements.criu();
        Requirements.libcriu();
        Path count = tmp.resolve("count");
        Workload w = counting(count);
        Path images = tmp.resolve("images");
        CrRun dump = cr("dump", "-t", Integer.toString(w.pid()), "-D", images.toString(), "--stats");
        assertEquals(0, dump.status(), dump.err());
        assertTrue(dump.out().startsWith("dumped pid " + w.pid() + " into " + images), dump.out());
        assertTrue(dump.out().contains("pages written"), dump.out());
        assertTrue(dump.out().contains("log: " + images + "/dump-"), dump.out());
        long atDump = count(count);
        w.awaitGone();

        CrRun restore = cr("restore", "-D", images.toString(), "--detach", "--json");
        assertEquals(0, restore.status(), restore.err());
        int pid = w.adopt(Integer.parseInt(field(restore.out(), "pid")));
        assertTrue(Workload.alive(pid));
        assertTrue(Long.parseLong(field(restore.out(), "pages_restored")) > 0, restore.out());
        Workload.await(() -> count(count) > atDump + 3, Duration.ofSeconds(10), "counting to go on");
    }

    @Test
    void failuresPrintCauseFixLogLinesAndLogPath() throws Exception {
        Requirements.criu();
        Requirements.libcriu();
        Workload w = Workload.plain("while :; do sleep 0.1; done");
        workloads.add(w);
        Path images = tmp.resolve("images");
        assertEquals(0, cr("dump", "--pid", Integer.toString(w.pid()), "--dir", images.toString(), "--leave-running").status());

        CrRun again = cr("dump", "--pid", Integer.toString(w.pid()), "--dir", images.toString());
        assertEquals(Cli.FAILED, again.status());
        assertTrue(again.err().startsWith("cr: dump of pid " + w.pid() + " failed: the image directory already holds a dump"), again.err());
        assertTrue(again.err().contains("fix: choose an empty directory"), again.err());

        CrRun restore = cr("restore", "--dir", images.toString(), "--detach");
        assertEquals(Cli.FAILED, restore.status());
        assertTrue(restore.err().contains("pid " + w.pid() + " of the images is in use: sh (pid " + w.pid()), restore.err());
        assertTrue(restore.err().contains("from the log:"), restore.err());
        assertTrue(restore.err().contains("Can't fork for " + w.pid()), restore.err());
        assertTrue(restore.err().contains("log: " + images + "/restore-"), restore.err());
        assertTrue(restore.err().lines().count() < 25, "one screen at most");
        assertTrue(Workload.alive(w.pid()));
    }

    @Test
    void preDumpSaysWhatIsMissing() throws Exception {
        Path bin = Requirements.criu();
        Requirements.libcriu();
        Workload w = Workload.inPidNamespace("while :; do sleep 0.1; done");
        workloads.add(w);
        CrRun r = cr("pre-dump", "-t", Integer.toString(w.pid()), "-D", tmp.resolve("pre").toString());
        if (Criu.at(bin).features().memoryTracking()) {
            assertEquals(0, r.status(), r.err());
        } else {
            assertEquals(Cli.FAILED, r.status());
            assertTrue(r.err().contains("no memory change tracking"), r.err());
            assertTrue(r.err().contains("fix: make a single dump instead"), r.err());
            assertTrue(!r.err().contains("BUG"), r.err());
        }
    }

    @Test
    void badOptionValuesAreUsageErrors() {
        CrRun r = cr("dump", "--pid", "1", "--dir", tmp.toString(), "--ghost-limit", "12X");
        assertEquals(2, r.status());
        assertTrue(r.err().contains("--ghost-limit takes a size"), r.err());
        r = cr("restore", "--dir", tmp.toString(), "--inherit-fd", "3:key");
        assertEquals(2, r.status());
        assertTrue(r.err().contains("--inherit-fd takes fd[N]:KEY"), r.err());
    }

    @Test
    void dumpWithPreDumpSaysWhyItMadeASingleDump() throws Exception {
        Path bin = Requirements.criu();
        Requirements.libcriu();
        Workload w = counting(tmp.resolve("count"));
        Path images = tmp.resolve("images");
        CrRun r = cr("dump", "--pre-dump", "-t", Integer.toString(w.pid()), "-D", images.toString());
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("dumped pid " + w.pid()), r.out());
        if (Criu.at(bin).features().memoryTracking()) {
            assertTrue(r.out().contains("pre-dump 1:"), r.out());
        } else {
            assertTrue(r.out().startsWith("no pre-dump: no memory tracking: pre-dump and iterative migration fall back"), r.out());
            assertTrue(Files.exists(images.resolve("inventory.img")));
        }
    }
}
