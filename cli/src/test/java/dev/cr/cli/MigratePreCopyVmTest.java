package dev.cr.cli;

import dev.cr.engine.criu.Criu;
import dev.cr.engine.migrate.trust.Identity;
import dev.cr.engine.migrate.trust.ServeState;
import dev.cr.engine.testing.Requirements;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.*;

/**
 * {@code cr migrate --pre-copy} between two network-namespace hosts on a kernel that tracks memory (inside the VM
 * of scripts/vm-tests here): the same workload, rewriting its memory at a fixed rate, is moved once with a single
 * stop-and-copy dump and once with pre-copy. Pre-copy must really happen (pre-dumps that carry the memory while the
 * workload runs, a final dump that writes far fewer pages than the stop-and-copy one), and after each move the
 * workload counts on in the target host with every page as it left it, and its source copy is gone.
 */
@Tag("vm")
class MigratePreCopyVmTest {
    /** Small on purpose: TLS under TCG emulation moves a few hundred KB/s (with 4 MiB this test took 8 minutes). */
    static final int MIB = 1;
    /** 8 pages (32 KiB) a second: a pre-dump and its transfer take seconds here, so some pages change meanwhile. */
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
        // Under emulation every JVM start counts (keytool is one): make both TLS identities while compiling.
        CompletableFuture<?> serveIdentity = CompletableFuture.runAsync(() -> new ServeState(serveDir()).identity());
        CompletableFuture<?> clientIdentity = CompletableFuture.runAsync(() -> Identity.loadOrCreate(clientDir(), "cr-migrate test"));
        binary = Workload.compile(shared, "dirty-counter");
        hosts = TwoHosts.up();
        serveIdentity.get(120, TimeUnit.SECONDS);
        clientIdentity.get(120, TimeUnit.SECONDS);
    }

    private static Path serveDir() {
        return shared.resolve("serve");
    }

    private static Path clientDir() {
        return shared.resolve("client");
    }

    @AfterAll
    static void down() {
        if (hosts != null) hosts.close();
    }

    @Test
    void preCopyLeavesFarFewerPagesForTheFrozenWorkloadThanStopAndCopy(@TempDir Path tmp, TestReporter reporter) throws Exception {
        try (ServeProcess serve = ServeProcess.start(hosts, serveDir(), Duration.ofSeconds(180))) {
            String token = serve.token();

            // Pre-copy first: its pre-dumps also warm up cr serve (a fresh JVM's AES-GCM is slow until the JIT has
            // compiled it, very slow under emulation), so the stop-and-copy move after it is not the one penalised.
            Report pre;
            try (Workload w = start(tmp)) {
                pre = migrate(w, serve, tmp, token, "--pre-copy");
                assertMoved(w, pre);
            }
            // The source is trusted now: no token needed for the second move.
            Report single;
            try (Workload w = start(tmp)) {
                single = migrate(w, serve, tmp, null);
                assertMoved(w, single);
            }

            reporter.publishEntry("stop-and-copy", single.summary());
            reporter.publishEntry("pre-copy", pre.summary());
            System.out.println("stop-and-copy: " + single.summary());
            System.out.println("pre-copy:      " + pre.summary());

            assertEquals(1, single.iterations.size(), "without --pre-copy one dump: " + single.json);
            assertTrue(single.last().isFinal, single.json);
            long regionPages = MIB * 256L;
            assertTrue(single.last().pagesWritten >= regionPages, "the single dump wrote the whole region: " + single.json);

            List<Iteration> preDumps = pre.iterations.subList(0, pre.iterations.size() - 1);
            assertFalse(preDumps.isEmpty(), "at least one pre-dump ran: " + pre.json);
            assertTrue(preDumps.stream().noneMatch(i -> i.isFinal) && pre.last().isFinal, pre.json);
            assertTrue(preDumps.getFirst().pagesWritten >= regionPages,
                    "the first pre-dump carried the whole region while the workload ran: " + pre.json);
            assertTrue(preDumps.getFirst().imageBytes >= regionPages * 4096, "and sent it: " + pre.json);
            // A final dump without its parent link would write every page again, as many as the single dump.
            assertTrue(pre.last().pagesWritten * 2 < single.last().pagesWritten,
                    "the final dump wrote less than half the pages of a stop-and-copy dump of the same workload: "
                            + pre.last().pagesWritten + " against " + single.last().pagesWritten);
            assertTrue(pre.last().imageBytes < single.last().imageBytes, "and sent less while frozen");
            assertTrue(pre.downtimeMillis > 0 && pre.downtimeMillis <= pre.totalMillis, pre.json);
            assertTrue(single.downtimeMillis > 0 && single.downtimeMillis <= single.totalMillis, single.json);
            serve.assertIncomingRemoved("after both migrations");
        }
    }

    private Workload start(Path tmp) throws Exception {
        Workload w = Workload.startWith(hosts, binary, tmp, MIB, List.of(Integer.toString(PAGES_PER_SECOND)));
        // Let one memory check pass on the source, so "ok" afterwards is not just the untouched start value.
        long first = w.checks();
        waitFor(() -> checks(w) > first, 30, "a memory check on the source");
        return w;
    }

    /** After the move: the source copy is gone, one copy runs in the target host, counts on, and its memory checks pass. */
    private void assertMoved(Workload w, Report r) throws Exception {
        long targetPid = r.targetPid;
        waitFor(() -> ProcessHandle.of(w.pid).map(h -> !h.isAlive()).orElse(true), 20, "the source copy is gone");
        List<Long> copies = w.copies();
        assertEquals(1, copies.size(), "exactly one copy runs: " + copies);
        assertEquals(hosts.netnsId('b'), TwoHosts.netnsOf(copies.getFirst()), "it runs in the target host");
        assertTrue(targetPid > 0, r.json);
        w.assertCounting("after the migration");
        long checks = w.checks();
        waitFor(() -> checks(w) >= checks + 2, 60, "two full memory checks on the target");
        assertEquals("ok", w.read()[1], "every page holds what the workload last wrote there, after the move");
    }

    private static long checks(Workload w) {
        try {
            return w.checks();
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    record Iteration(int number, boolean isFinal, long pagesWritten, long imageBytes, long millis) {}

    record Report(String json, List<Iteration> iterations, long totalMillis, long downtimeMillis, long targetPid) {
        Iteration last() {
            return iterations.getLast();
        }

        String summary() {
            StringBuilder sb = new StringBuilder();
            for (Iteration i : iterations)
                sb.append(i.isFinal ? "final dump" : "pre-dump " + i.number).append(' ').append(i.pagesWritten)
                        .append(" pages ").append(i.millis).append(" ms; ");
            return sb.append("downtime ").append(downtimeMillis).append(" ms, total ").append(totalMillis).append(" ms").toString();
        }

        static Report parse(String json) {
            List<Iteration> its = new ArrayList<>();
            Matcher m = Pattern.compile("\\{\"number\":(\\d+),\"final\":(true|false),\"pages_written\":(-?\\d+),"
                    + "\"image_bytes\":(\\d+),\"wire_bytes\":\\d+,\"elapsed_ms\":(\\d+)}").matcher(json);
            while (m.find())
                its.add(new Iteration(Integer.parseInt(m.group(1)), Boolean.parseBoolean(m.group(2)),
                        Long.parseLong(m.group(3)), Long.parseLong(m.group(4)), Long.parseLong(m.group(5))));
            assertFalse(its.isEmpty(), "iterations in " + json);
            return new Report(json, its, CrProcessRun.field(json, "total_ms"), CrProcessRun.field(json, "downtime_ms"),
                    CrProcessRun.field(json, "target_pid"));
        }

    }

    /** Runs cr migrate --json in the source host; asserts it succeeded. */
    private Report migrate(Workload w, ServeProcess s, Path tmp, String token, String... more) throws Exception {
        List<String> args = new ArrayList<>(List.of("migrate", "--pid", Long.toString(w.pid),
                "--to", hosts.targetAddress() + ":" + ServeProcess.PORT, "--fingerprint", s.fingerprint,
                "--identity", clientDir().toString(), "--work-dir", tmp.resolve("work").toString(), "--json"));
        if (token != null) args.addAll(List.of("--token-file", ServeProcess.tokenFile(tmp.resolve("token-" + System.nanoTime()), token)));
        args.addAll(List.of(more));
        CrProcessRun r = CrProcessRun.of(hosts.in('a', ServeProcess.cr(args.toArray(String[]::new))), 300);
        assertEquals(0, r.exit(), "cr migrate " + String.join(" ", more) + " succeeded: " + r.err() + "\ncr serve: " + s.lines);
        return Report.parse(r.out());
    }

    private static void waitFor(BooleanSupplier cond, int seconds, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!cond.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "timed out waiting: " + what);
            Thread.sleep(50);
        }
    }
}
