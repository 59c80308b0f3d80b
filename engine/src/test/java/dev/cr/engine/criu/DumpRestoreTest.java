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
}
