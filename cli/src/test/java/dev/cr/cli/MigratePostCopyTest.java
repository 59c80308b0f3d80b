package dev.cr.cli;

import dev.cr.engine.testing.Requirements;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.*;

/**
 * {@code cr migrate --post-copy} between two network-namespace hosts with the real CRIU (lazy dump, lazy-pages
 * daemon, lazy restore) and a workload that fills its memory with a pattern and keeps checking it: the move itself,
 * with the source copy kept (frozen) until the target had every page; and a connection cut inside the window and
 * kept down past the retry, after which both sides say the workload is lost, the target's copy is killed and the
 * source's is held stopped with its memory intact.
 */
class MigratePostCopyTest {
    /** Short retries, so that the lost-window test does not wait 30 s; both sides get the same. */
    private static final Map<String, String> RETRY = Map.of("CR_POST_COPY_RETRY_SECONDS", "4");

    @TempDir
    static Path shared;
    static TwoHosts hosts;
    static Path counter;

    @TempDir
    Path tmp;
    private final List<AutoCloseable> cleanup = new ArrayList<>();

    @BeforeAll
    static void hosts() throws Exception {
        Requirements.criu();
        Requirements.gcc();
        Requirements.postCopy();
        counter = Workload.compile(shared);
        hosts = TwoHosts.up();
    }

    @AfterAll
    static void down() {
        if (hosts != null) hosts.close();
    }

    @AfterEach
    void clean() {
        for (AutoCloseable c : cleanup.reversed()) {
            try {
                c.close();
            } catch (Exception e) {
                // keep cleaning the rest
            }
        }
        cleanup.clear();
        if (hosts != null) hosts.heal('b');
    }

    private <T extends AutoCloseable> T keep(T c) {
        cleanup.add(c);
        return c;
    }

    private CrProcessRun migrate(Workload w, ServeProcess s, String... more) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("env", "CR_POST_COPY_RETRY_SECONDS=" + RETRY.get("CR_POST_COPY_RETRY_SECONDS")));
        cmd.addAll(ServeProcess.cr("migrate", "--pid", Long.toString(w.pid), "--to", hosts.targetAddress() + ":" + ServeProcess.PORT,
                "--fingerprint", s.fingerprint, "--identity", shared.resolve("client").toString(),
                "--token-file", s.tokenFile(), "--work-dir", tmp.resolve("work").toString(), "--json", "--post-copy"));
        cmd.addAll(List.of(more));
        return CrProcessRun.of(hosts.in('a', cmd), 240);
    }

    private static void waitFor(BooleanSupplier cond, int seconds, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!cond.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "timed out waiting: " + what);
            Thread.sleep(20);
        }
    }

    @Test
    void postCopyMovesTheWorkloadWithItsMemoryIntact() throws Exception {
        ServeProcess s = keep(ServeProcess.start(hosts, tmp.resolve("serve"), RETRY));
        Workload w = keep(Workload.start(hosts, counter, tmp, 256, null));
        // Watches the copies while the migration runs: the source's (frozen) must still exist while the target's runs.
        AtomicBoolean bothSeen = new AtomicBoolean();
        AtomicBoolean stop = new AtomicBoolean();
        Thread watcher = Thread.ofVirtual().start(() -> {
            while (!stop.get()) {
                if (w.copies().size() == 2 && s.lines.stream().anyMatch(l -> l.contains("post-copy window opened"))
                        && ProcessHandle.of(w.pid).isPresent()) bothSeen.set(true);
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        CrProcessRun r = migrate(w, s);
        stop.set(true);
        watcher.join();
        assertEquals(0, r.exit(), "cr migrate --post-copy succeeded: " + r.out() + r.err());
        assertTrue(r.out().contains("\"post_copy\":{"), "the report has the window: " + r.out());
        long opened = CrProcessRun.field(r.out().substring(r.out().indexOf("\"post_copy\"")), "opened_at_ms");
        long closed = CrProcessRun.field(r.out().substring(r.out().indexOf("\"post_copy\"")), "closed_at_ms");
        assertTrue(opened > 0 && closed >= opened, "the window opened and closed: " + r.out());
        assertTrue(r.out().contains("\"confirmed\":true"), "the target confirmed every page: " + r.out());
        assertTrue(CrProcessRun.field(r.out().substring(r.out().indexOf("\"post_copy\"")), "page_bytes") >= 200L << 20,
                "most of the 256 MiB came after the resume: " + r.out());
        assertTrue(r.field("downtime_ms") <= opened, "the downtime ends when the window opens");
        // The downtime starts when the lazy dump's log says the task was seized, after CRIU's start-up, and is made of
        // the phases from there to the window.
        assertTrue(r.field("dump_start") > 0, "CRIU started before it froze the workload: " + r.out());
        assertEquals(r.field("downtime_ms"), r.field("dump") + r.field("transfer_tail") + r.field("restore") + r.field("commit"), 4,
                "the downtime is the frozen phases: " + r.out());
        assertTrue(s.lines.stream().anyMatch(l -> l.contains("post-copy window closed: every page arrived")), "the target says so: " + s.lines);
        assertTrue(bothSeen.get(), "the frozen source copy still existed while the target's copy ran");

        long targetPid = r.field("target_pid");
        waitFor(() -> ProcessHandle.of(w.pid).map(h -> !h.isAlive()).orElse(true), 10, "the source copy is gone");
        assertEquals(List.of(targetPid), w.copies(), "exactly one copy runs, the restored one");
        assertEquals(hosts.netnsId('b'), TwoHosts.netnsOf(targetPid), "it runs in the target host");
        long checks = w.checks();
        waitFor(() -> {
            try {
                return w.checks() >= checks + 2;
            } catch (Exception e) {
                return false;
            }
        }, 60, "two more full memory checks on the target");
        assertEquals("ok", w.read()[1], "all 256 MiB match their pattern after the move");
        w.assertCounting("after the move");
    }

    @Test
    void connectionCutInsideTheWindowAndKeptDownLosesTheWorkloadAndBothSidesSaySo() throws Exception {
        ServeProcess s = keep(ServeProcess.start(hosts, tmp.resolve("serve"), RETRY));
        Workload w = keep(Workload.start(hosts, counter, tmp, 512, null));
        CompletableFuture<CrProcessRun> run = CompletableFuture.supplyAsync(() -> {
            try {
                return migrate(w, s);
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        waitFor(() -> s.lines.stream().anyMatch(l -> l.contains("post-copy window opened")) || run.isDone(), 180,
                "the post-copy window opens");
        assertFalse(run.isDone(), "the window was still open when the connection was cut: " + (run.isDone() ? run.get().err() : ""));
        hosts.cutNetwork('b');
        CrProcessRun r = run.get(240, TimeUnit.SECONDS);
        hosts.heal('b');
        assertEquals(Cli.FAILED, r.exit(), "cr migrate failed: " + r.out() + r.err());
        assertTrue(r.err().contains("the workload is lost"), "the source says the workload is lost: " + r.err());
        assertTrue(r.err().contains("held stopped"), "and that its copy is held: " + r.err());
        assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
        waitFor(() -> s.lines.stream().anyMatch(l -> l.contains("the workload is lost")), 30, "the target says so too: " + s.lines);
        assertTrue(s.lines.stream().anyMatch(l -> l.contains("killed the restored copy")), "the target killed its copy: " + s.lines);
        waitFor(() -> w.copies().equals(List.of(w.pid)), 30, "only the source's copy is left");

        // The source's copy is held stopped, as it was at the freeze; resumed, its memory is intact.
        waitFor(() -> state(w.pid).startsWith("T"), 30, "the source copy is stopped (" + state(w.pid) + ")");
        long count = w.count();
        Thread.sleep(1000);
        assertEquals(count, w.count(), "a held copy does not run");
        TwoHosts.run(List.of("kill", "-CONT", Long.toString(w.pid)));
        w.assertSourceRunning(hosts, "after SIGCONT");
        long checks = w.checks();
        waitFor(() -> {
            try {
                return w.checks() >= checks + 1;
            } catch (Exception e) {
                return false;
            }
        }, 60, "a full memory check on the source after SIGCONT");
        assertEquals("ok", w.read()[1], "the source's memory is intact");
    }

    @Test
    void connectionCutInsideTheWindowAndHealedWithinTheRetryCompletesTheMove() throws Exception {
        ServeProcess s = keep(ServeProcess.start(hosts, tmp.resolve("serve"), RETRY));
        Workload w = keep(Workload.start(hosts, counter, tmp, 512, null));
        CompletableFuture<CrProcessRun> run = CompletableFuture.supplyAsync(() -> {
            try {
                return migrate(w, s);
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        waitFor(() -> s.lines.stream().anyMatch(l -> l.contains("post-copy window opened")) || run.isDone(), 180,
                "the post-copy window opens");
        Thread.sleep(500);
        assertFalse(run.isDone(), "the window was still open when the connection was cut: " + (run.isDone() ? run.get().err() : ""));
        hosts.cutNetwork('b');
        Thread.sleep(1500); // well inside the 4 s retry
        hosts.heal('b');
        CrProcessRun r = run.get(240, TimeUnit.SECONDS);
        assertEquals(0, r.exit(), "the move completed after the break: " + r.out() + r.err() + "\ncr serve: " + s.lines);
        String window = r.out().substring(r.out().indexOf("\"post_copy\""));
        assertTrue(CrProcessRun.field(window, "reconnects") >= 1, "the page stream was resumed on a new connection: " + r.out());
        assertTrue(r.out().contains("\"confirmed\":true"), "the target confirmed every page: " + r.out());
        long targetPid = r.field("target_pid");
        waitFor(() -> ProcessHandle.of(w.pid).map(h -> !h.isAlive()).orElse(true), 10, "the source copy is gone");
        assertEquals(List.of(targetPid), w.copies(), "exactly one copy runs, the restored one");
        long checks = w.checks();
        waitFor(() -> {
            try {
                return w.checks() >= checks + 2;
            } catch (Exception e) {
                return false;
            }
        }, 90, "two more full memory checks on the target");
        assertEquals("ok", w.read()[1], "all 512 MiB match their pattern after the break and the move");
    }

    @Test
    void refusedUpFrontWhereLazyPagesCannotWorkWithTheCauseAndTheFix() throws Exception {
        // The host's limit back at its default, as on a machine not provisioned: CRIU's page server would fail.
        Path limit = Path.of("/proc/sys/fs/pipe-max-size");
        String before = sysctl(limit);
        assertTrue(Long.parseLong(before) >= 3354624, "the host allows post-copy before the test: " + before);
        ServeProcess s = keep(ServeProcess.start(hosts, tmp.resolve("serve"), RETRY));
        Workload w = keep(Workload.start(hosts, counter, tmp, 0, null));
        CrProcessRun r;
        Files.writeString(limit, "1048576");
        try {
            r = migrate(w, s);
        } finally {
            Files.writeString(limit, before);
            assertEquals(before, sysctl(limit), "the limit is back");
        }
        assertEquals(Cli.FAILED, r.exit(), "refused: " + r.out() + r.err());
        assertTrue(r.err().contains("post-copy cannot work on this host"), "says so: " + r.err());
        assertTrue(r.err().contains("fs.pipe-max-size is 1,048,576"), "names the cause: " + r.err());
        assertTrue(r.err().contains("sysctl -w fs.pipe-max-size=4194304"), "and the fix: " + r.err());
        assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
        assertFalse(s.lines.stream().anyMatch(l -> l.contains("started")), "nothing reached the target: " + s.lines);
        w.assertSourceRunning(hosts, "after the refusal");
    }

    /** One read() at offset 0: a sysctl file answers nothing else whole (Files.readString gave "4" for 4194304). */
    private static String sysctl(Path file) throws java.io.IOException {
        try (var in = Files.newInputStream(file)) {
            byte[] b = new byte[64];
            int n = in.read(b);
            return new String(b, 0, Math.max(n, 0)).strip();
        }
    }

    private static String state(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            return stat.substring(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
        } catch (Exception e) {
            return "gone";
        }
    }
}
