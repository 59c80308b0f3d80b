package dev.cr.engine.criu;

import dev.cr.engine.stats.DumpStats;
import dev.cr.engine.testing.Requirements;
import dev.cr.engine.testing.Workload;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Dumps and restores real process trees with the real CRIU. */
class DumpRestoreTest {
    @TempDir Path tmp;
    Criu criu;
    final List<Workload> workloads = new ArrayList<>();

    @BeforeEach
    void needCriu() {
        Path bin = Requirements.criu();
        Requirements.libcriu();
        criu = Criu.at(bin);
    }

    @AfterEach
    void killEverything() {
        workloads.forEach(Workload::close);
    }

    Workload track(Workload w) {
        workloads.add(w);
        return w;
    }

    static long readCount(Path f) {
        try {
            String s = Files.readString(f).trim();
            return s.isEmpty() ? -1 : Long.parseLong(s);
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
    }

    static String counter(Path file) {
        return "i=0; while :; do i=$((i+1)); echo $i > " + file + ".tmp; mv " + file + ".tmp " + file + "; sleep 0.05; done";
    }

    @Test
    void countingShellLoopGoesOnFromWhereItStopped() throws Exception {
        Path count = tmp.resolve("count");
        Workload w = track(Workload.inPidNamespace(counter(count)));
        Workload.await(() -> readCount(count) >= 3, Duration.ofSeconds(10), "the loop to count");
        Path images = tmp.resolve("images");

        DumpResult dump = criu.dump(DumpOptions.builder(w.pid(), images).build());
        long atDump = readCount(count);
        w.awaitGone();
        assertTrue(Files.exists(images.resolve("inventory.img")));
        assertTrue(dump.logPath().getFileName().toString().matches("dump-\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ(-\\d+)?\\.log"),
                dump.logPath().toString());
        assertEquals(images.toAbsolutePath(), dump.logPath().getParent());
        DumpStats stats = dump.stats().orElseThrow();
        assertTrue(stats.pagesWritten() > 0 && stats.frozenTime().toNanos() > 0, stats.toString());
        Thread.sleep(300);
        assertEquals(atDump, readCount(count), "nothing counts while the loop is dumped");

        RestoreResult restored = criu.restore(RestoreOptions.builder(images).build());
        w.adopt(restored.pid());
        assertTrue(Workload.alive(restored.pid()), "restored root " + restored.pid() + " runs");
        Workload.await(() -> readCount(count) > atDump + 3, Duration.ofSeconds(10), "counting to go on");
        long after = readCount(count);
        assertTrue(after < atDump + 200, "went on from " + atDump + ", not from the start: " + after);
        assertTrue(restored.logPath().getFileName().toString().startsWith("restore-"));
        assertTrue(restored.stats().isPresent(), "stats-restore was read");
    }

    @Test
    void treeOfProcessesJoinedByPipes() throws Exception {
        Path count = tmp.resolve("count");
        Workload w = track(Workload.inPidNamespace("(i=0; while :; do i=$((i+1)); echo $i; sleep 0.05; done) | cat | "
                + "while read x; do echo $x > " + count + ".tmp; mv " + count + ".tmp " + count + "; done"));
        Workload.await(() -> readCount(count) >= 3, Duration.ofSeconds(10), "the pipeline to count");
        assertTrue(hasDescendant(w.pid(), "cat"), "the tree has its cat");
        Path images = tmp.resolve("images");
        criu.dump(DumpOptions.builder(w.pid(), images).build());
        long atDump = readCount(count);
        w.awaitGone();
        assertTrue(Files.list(images).anyMatch(p -> p.getFileName().toString().startsWith("pipes-data")
                || p.getFileName().toString().equals("files.img")), "pipes were dumped");

        int pid = w.adopt(criu.restore(RestoreOptions.builder(images).build()).pid());
        assertTrue(hasDescendant(pid, "cat"), "the restored tree has its cat again");
        Workload.await(() -> readCount(count) > atDump + 3, Duration.ofSeconds(10), "the pipeline to go on");
        assertTrue(readCount(count) < atDump + 200, "went on from " + atDump);
    }

    static boolean hasDescendant(int pid, String comm) {
        return ProcessHandle.of(pid).map(h -> h.descendants().anyMatch(d ->
                d.info().command().map(c -> c.endsWith("/" + comm)).orElse(false))).orElse(false);
    }

    @Test
    void deletedOpenFileComesBackWithItsContent() throws Exception {
        Path file = tmp.resolve("data.bin");
        byte[] content = new byte[64 * 1024];
        new java.util.Random(42).nextBytes(content);
        Files.write(file, content);
        Path ready = tmp.resolve("ready");
        Workload w = track(Workload.inPidNamespace("exec 3< " + file + "; rm " + file + "; touch " + ready
                + "; while :; do sleep 0.05; done"));
        Workload.await(() -> Files.exists(ready), Duration.ofSeconds(10), "the file to be deleted");
        assertFalse(Files.exists(file));
        Path images = tmp.resolve("images");
        criu.dump(DumpOptions.builder(w.pid(), images).build());
        w.awaitGone();

        int pid = w.adopt(criu.restore(RestoreOptions.builder(images).build()).pid());
        Path fd3 = Path.of("/proc", Integer.toString(pid), "fd", "3");
        assertTrue(Files.readSymbolicLink(fd3).toString().endsWith("(deleted)"), Files.readSymbolicLink(fd3).toString());
        assertTrue(java.util.Arrays.equals(content, Files.readAllBytes(fd3)), "the deleted file's bytes are back");
        assertFalse(Files.exists(file), "restore did not leave the file linked in place");
    }

    @Test
    void twoLeaveRunningDumpsInARow() throws Exception {
        Path count = tmp.resolve("count");
        Workload w = track(Workload.inPidNamespace(counter(count)));
        Workload.await(() -> readCount(count) >= 3, Duration.ofSeconds(10), "the loop to count");
        DumpResult first = criu.dump(DumpOptions.builder(w.pid(), tmp.resolve("one")).leaveRunning(true).build());
        long atFirst = readCount(count);
        Workload.await(() -> readCount(count) > atFirst + 3, Duration.ofSeconds(10), "counting after the first dump");
        DumpResult second = criu.dump(DumpOptions.builder(w.pid(), tmp.resolve("two")).leaveRunning(true).build());
        long atSecond = readCount(count);
        assertTrue(atSecond > atFirst);
        assertTrue(Files.exists(first.imagesDir().resolve("inventory.img")) && Files.exists(second.imagesDir().resolve("inventory.img")));
        assertNotEquals(first.logPath(), second.logPath());
        Workload.await(() -> readCount(count) > atSecond + 30, Duration.ofSeconds(10), "counting after the second dump");
        assertTrue(Workload.alive(w.pid()), "the original still runs");

        ProcessHandle.of(w.pid()).ifPresent(ProcessHandle::destroyForcibly);
        w.awaitGone();
        long beforeRestore = readCount(count);
        int pid = w.adopt(criu.restore(RestoreOptions.builder(second.imagesDir()).build()).pid());
        assertTrue(Workload.alive(pid));
        Workload.await(() -> readCount(count) != beforeRestore, Duration.ofSeconds(10), "the restored loop to count");
        long now = readCount(count);
        // The original went on counting after each dump, so atSecond may already be a step or two past the counter
        // the second dump froze: the restored loop's first value is at most atSecond + 2, and it is past the first
        // dump's, and far from the 30 more the original counted before it was killed.
        assertTrue(now > atFirst + 3 && now <= atSecond + 2 && now < beforeRestore, "counts from the second dump ("
                + atSecond + "), not from the first (" + atFirst + ") nor where the original was killed (" + beforeRestore + "): " + now);
    }

    @Test
    void logsGoToTheChosenDirectoryAndStatisticsStayWithTheImages() throws Exception {
        Path count = tmp.resolve("count");
        Workload w = track(Workload.inPidNamespace(counter(count)));
        Workload.await(() -> readCount(count) >= 2, Duration.ofSeconds(10), "the loop to count");
        Path images = tmp.resolve("images");
        Path logs = tmp.resolve("logs");
        DumpResult dump = criu.dump(DumpOptions.builder(w.pid(), images).logDir(logs).build());
        assertEquals(logs.toAbsolutePath(), dump.logPath().getParent());
        assertTrue(Files.readString(dump.logPath()).contains("Dumping finished successfully"));
        assertTrue(Files.exists(images.resolve("stats-dump")), "stats-dump is kept next to the images");
        try (var files = Files.list(images)) {
            assertTrue(files.noneMatch(p -> p.toString().endsWith(".log")), "no log among the images");
        }
        w.awaitGone();

        RestoreResult r = criu.restore(RestoreOptions.builder(images).logDir(logs).restoreSibling(true).build());
        w.adopt(r.pid());
        assertEquals(logs.toAbsolutePath(), r.logPath().getParent());
        assertEquals(ProcessHandle.current().pid(), ProcessHandle.of(r.pid()).orElseThrow().parent().orElseThrow().pid(),
                "--restore-sibling makes the restored root a child of the caller");
        Workload.await(() -> readCount(count) > 5, Duration.ofSeconds(10), "the restored loop to count");
    }
}
