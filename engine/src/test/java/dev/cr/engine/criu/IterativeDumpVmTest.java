package dev.cr.engine.criu;

import dev.cr.engine.testing.Requirements;
import dev.cr.engine.testing.Workload;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link Criu#dump(DumpOptions, PreDumpPolicy)} with real pre-dump iterations, on a kernel that tracks memory
 * (run by scripts/vm-tests): pre-dumps chained through parent links until the policy stops, then the final dump
 * against the last one, and the process restored from the chain runs on.
 */
@Tag("vm")
class IterativeDumpVmTest {
    @Test
    void preDumpsUntilThePolicyStopsThenDumpsAgainstTheLast(@TempDir Path tmp) throws Exception {
        Requirements.criu();
        Criu criu = Criu.locate();
        if (!criu.features().memoryTracking())
            throw new AssertionError("this kernel has no memory tracking (CRIU mem_track: no): run scripts/vm-tests");
        Path ready = tmp.resolve("ready");
        Path count = tmp.resolve("count");
        // Written beside and renamed over, so a freeze between truncating and writing never leaves the count empty.
        Path part = tmp.resolve("count.part");
        // A plain session leader (a pid-namespace init would need a writable working directory: CRIU mounts a /proc
        // there to dump it, and in the VM the shared host root is read-only; see PROC_MOUNTPOINT_READ_ONLY).
        // 32 MiB of random bytes; one byte in each of 64 pages changes every 100 ms, so most pages stay in sync.
        try (Workload w = Workload.plain("exec /usr/bin/python3 -c 'import os, time\n"
                + "b = bytearray(os.urandom(32 << 20))\nopen(\"" + ready + "\", \"w\").close()\ni = 0\n"
                + "while True:\n    for p in range(64): b[((i * 64 + p) % 8192) * 4096] ^= 1\n"
                + "    i += 1\n    open(\"" + part + "\", \"w\").write(str(i))\n    os.replace(\"" + part + "\", \""
                + count + "\")\n    time.sleep(0.1)'")) {
            Workload.await(() -> Files.exists(ready), Duration.ofSeconds(60), "the workload to fill its memory");
            Path images = tmp.resolve("images");
            PreDumpPolicy policy = new PreDumpPolicy(256, 70, 10, 5);
            IterativeDumpResult r;
            try {
                r = criu.dump(DumpOptions.builder(w.pid(), images).build(), policy);
            } catch (CriuException e) {
                throw new AssertionError(e.operation() + ": " + e.cause() + "\n" + String.join("\n", e.logLines())
                        + "\nlog " + e.logPath().map(Path::toString).orElse("none"), e);
            }

            assertTrue(r.fallback().isEmpty(), r.fallback().toString());
            assertFalse(r.preDumps().isEmpty());
            IterativeDumpResult.Iteration last = r.preDumps().getLast();
            assertFalse(last.decision().preDumpAgain(), last.decision().reason());
            for (IterativeDumpResult.Iteration it : r.preDumps()) {
                assertEquals(images.resolve("pre-" + it.number()), it.result().imagesDir());
                if (it.number() > 1) assertEquals(Path.of("../pre-" + (it.number() - 1)),
                        Files.readSymbolicLink(it.result().imagesDir().resolve("parent")));
                else assertTrue(r.preDumps().size() == 1 || it.decision().preDumpAgain());
            }
            assertEquals(Path.of("pre-" + last.number()), Files.readSymbolicLink(images.resolve("parent")));
            assertTrue(r.finalDump().stats().orElseThrow().pagesSkippedParent() > 0,
                    "the final dump used its parent: " + r.finalDump().stats());
            w.awaitGone();

            long atDump = Long.parseLong(Files.readString(count).trim());
            int pid = w.adopt(criu.restore(RestoreOptions.builder(images).build()).pid());
            Workload.await(() -> {
                try { return Long.parseLong(Files.readString(count).trim()) > atDump; } catch (Exception e) { return false; }
            }, Duration.ofSeconds(30), "the restored process to go on");
            assertTrue(Workload.alive(pid));
        }
    }
}
