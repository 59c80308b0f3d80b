package dev.cr.cli;

import dev.cr.engine.criu.Criu;
import dev.cr.engine.testing.Requirements;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.*;

/**
 * {@code cr migrate --pre-copy --post-copy} on a kernel that tracks memory (the VM of scripts/vm-tests): pre-dumps
 * carry the memory while the workload runs, then the final dump is lazy and the target restores before the pages
 * changed since the last pre-dump have arrived. The workload rewrites its memory at a fixed rate and checks it: after
 * the move it counts on in the target host with every page as it last wrote it, and its source copy is gone.
 */
@Tag("vm")
class MigratePrePostCopyVmTest {
    /** Small on purpose: TLS under TCG emulation moves a few hundred KB/s. */
    static final int MIB = 1;
    static final int PAGES_PER_SECOND = 8;

    @TempDir
    static Path shared;
    static TwoHosts hosts;
    static Path binary;

    @BeforeAll
    static void hosts() throws Exception {
        Requirements.criu();
        Requirements.gcc();
        assertTrue(Criu.locate().features().memoryTracking(),
                "this kernel does not track memory (soft-dirty): run the vm tests through scripts/vm-tests");
        Requirements.postCopy();
        binary = Workload.compile(shared, "dirty-counter");
        hosts = TwoHosts.up();
    }

    @AfterAll
    static void down() {
        if (hosts != null) hosts.close();
    }

    @Test
    void preDumpsThenPostCopyMoveTheWorkloadWithItsMemoryIntact(@TempDir Path tmp) throws Exception {
        try (ServeProcess serve = ServeProcess.start(hosts, shared.resolve("serve"), Duration.ofSeconds(180));
             Workload w = Workload.startWith(hosts, binary, tmp, MIB, List.of(Integer.toString(PAGES_PER_SECOND)))) {
            long first = w.checks();
            waitFor(() -> checks(w) > first, 30, "a memory check on the source");
            List<String> args = List.of("migrate", "--pid", Long.toString(w.pid), "--to", hosts.targetAddress() + ":" + ServeProcess.PORT,
                    "--fingerprint", serve.fingerprint, "--identity", shared.resolve("client").toString(),
                    "--work-dir", tmp.resolve("work").toString(), "--json", "--token-file", serve.tokenFile(),
                    "--pre-copy", "--post-copy");
            CrProcessRun r = CrProcessRun.of(hosts.in('a', ServeProcess.cr(args.toArray(String[]::new))), 600);
            System.out.println("pre-copy + post-copy: " + r.out());
            assertEquals(0, r.exit(), "cr migrate --pre-copy --post-copy succeeded: " + r.err() + "\ncr serve: " + serve.lines);
            assertTrue(r.out().contains("\"final\":false"), "at least one pre-dump ran: " + r.out());
            assertTrue(r.out().contains("\"post_copy\":{"), "then post-copy: " + r.out());
            assertTrue(r.out().contains("\"confirmed\":true"), "the target confirmed every page: " + r.out());

            long targetPid = r.field("target_pid");
            waitFor(() -> ProcessHandle.of(w.pid).map(h -> !h.isAlive()).orElse(true), 20, "the source copy is gone");
            assertEquals(List.of(targetPid), w.copies(), "exactly one copy runs, the restored one");
            assertEquals(hosts.netnsId('b'), TwoHosts.netnsOf(targetPid), "it runs in the target host");
            w.assertCounting("after the migration");
            long checks = w.checks();
            waitFor(() -> checks(w) >= checks + 2, 90, "two full memory checks on the target");
            assertEquals("ok", w.read()[1], "every page holds what the workload last wrote there, after the move");
        }
    }

    private static long checks(Workload w) {
        try {
            return w.checks();
        } catch (Exception e) {
            return -1;
        }
    }

    private static void waitFor(BooleanSupplier cond, int seconds, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!cond.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "timed out waiting: " + what);
            Thread.sleep(50);
        }
    }
}
