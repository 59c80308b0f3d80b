package dev.cr.cli;

import dev.cr.engine.testing.Requirements;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.*;

/**
 * {@code cr migrate} from one network-namespace host to another running {@code cr serve}, with the real CRIU and
 * real processes: the successes, and the failure matrix in which the source must always keep running.
 */
class MigrateTwoHostsTest {
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
        counter = Workload.compile(shared);
        hosts = TwoHosts.up();
    }

    @AfterAll
    static void down() {
        if (hosts != null) hosts.close();
    }

    @BeforeEach
    void fresh() {
        cleanup.clear();
    }

    @AfterEach
    void clean() throws Exception {
        for (AutoCloseable c : cleanup.reversed()) {
            try {
                c.close();
            } catch (Exception e) {
                // keep cleaning the rest
            }
        }
        if (hosts != null) hosts.heal('b');
    }

    private <T extends AutoCloseable> T keep(T c) {
        cleanup.add(c);
        return c;
    }

    private Workload workload(int mib) throws Exception {
        return keep(Workload.start(hosts, counter, tmp, mib, null));
    }

    private ServeProcess serve(Path dir) throws Exception {
        return keep(ServeProcess.start(hosts, dir));
    }

    /** Runs cr migrate in the source host. */
    private CrProcessRun migrate(Workload w, ServeProcess s, String token, String identity, String... more) throws Exception {
        List<String> args = new ArrayList<>(List.of("migrate", "--pid", Long.toString(w.pid),
                "--to", hosts.targetAddress() + ":" + ServeProcess.PORT, "--fingerprint", s.fingerprint,
                "--identity", shared.resolve(identity).toString(), "--work-dir", tmp.resolve("work").toString(), "--json"));
        if (token != null) args.addAll(List.of("--token-file", ServeProcess.tokenFile(tmp.resolve("token-" + System.nanoTime()), token)));
        args.addAll(List.of(more));
        return CrProcessRun.of(hosts.in('a', ServeProcess.cr(args.toArray(String[]::new))), 180);
    }

    /** After a success: the source copy is gone, one copy runs in the target host and counts on. */
    private void assertMoved(Workload w, CrProcessRun r) throws Exception {
        assertEquals(0, r.exit(), "cr migrate succeeded: " + r.err());
        long targetPid = r.field("target_pid");
        waitFor(() -> ProcessHandle.of(w.pid).map(h -> !h.isAlive()).orElse(true), 10, "the source copy is gone");
        assertEquals(List.of(targetPid), w.copies(), "exactly one copy runs, the restored one");
        assertEquals(hosts.netnsId('b'), TwoHosts.netnsOf(targetPid), "it runs in the target host");
        w.assertCounting("after the migration");
    }

    /** After a failure: the source copy runs on in the source host, no other copy exists, the target cleaned up. */
    private void assertSourceKept(Workload w, ServeProcess s, CrProcessRun r, String expected) throws Exception {
        assertEquals(Cli.FAILED, r.exit(), "cr migrate failed: " + r.out() + r.err());
        assertTrue(r.err().contains(expected), "says why (" + expected + "): " + r.err());
        assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
        w.assertSourceRunning(hosts, "after the failed migration");
        assertEquals(List.of(w.pid), w.copies(), "only the source copy runs");
        if (s != null && s.process.isAlive()) s.assertIncomingRemoved("after the failed migration");
    }

    private static void waitFor(BooleanSupplier cond, int seconds, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!cond.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "timed out waiting: " + what);
            Thread.sleep(50);
        }
    }

    @Test
    void countingProcessMigrates() throws Exception {
        ServeProcess s = serve(tmp.resolve("serve"));
        Workload w = workload(0);
        CrProcessRun r = migrate(w, s, s.token(), "client-1");
        assertMoved(w, r);
        assertTrue(r.field("bytes_sent") > 0);
        assertTrue(r.field("downtime_ms") > 0 && r.field("downtime_ms") <= r.field("total_ms"));
        // The downtime starts at the freeze (CRIU's log dates it), not at the call of CRIU: its start-up comes first,
        // with the workload running, and the downtime is the phases from the freeze on.
        assertTrue(r.field("dump_start") > 0, "CRIU started before it froze the workload: " + r.out());
        assertEquals(r.field("downtime_ms"), r.field("freeze") + r.field("dump") + r.field("transfer_tail") + r.field("restore")
                + r.field("commit"), 5, "the downtime is the frozen phases: " + r.out());
        s.assertIncomingRemoved("after the migration");
    }

    @Test
    void connectionLostRightAfterTheRestoreStillCompletesTheMove() throws Exception {
        // The target hangs up the moment it reported the restore: the source copy is already being killed, so the
        // source must deliver its commit on a new connection, and the target's waiting copy must then run.
        ServeProcess s = keep(ServeProcess.start(hosts, tmp.resolve("serve"), java.util.Map.of("CR_FAULT", "close-after-restored")));
        Workload w = workload(0);
        CrProcessRun r = migrate(w, s, s.token(), "client-1");
        assertMoved(w, r);
        assertTrue(s.lines.stream().anyMatch(l -> l.contains("verdict on a new connection: commit")),
                "the commit arrived on a second connection: " + s.lines);
        s.assertIncomingRemoved("after the migration");
    }

    @Test
    void aCommitThatNeverArrivesNamesTheCommandForTheImagesKeptHere() throws Exception {
        // The target hangs up the moment it reported the restore, and then dies: its copy never runs, the source copy
        // is gone, and the final images on the source are what is left. The engine says what to do with them; cr
        // migrate names the command.
        // Not checked here, because it does not work yet: restoring from those images. With the pages streamed to
        // the target's page server (the default for a process tree), the source kept no pagemap or pages images, and
        // CRIU's restore fails ("Restoring FAILED."); the advice is only right for a migration that wrote its pages
        // into the images directory.
        ServeProcess s = keep(ServeProcess.start(hosts, tmp.resolve("serve"), java.util.Map.of("CR_FAULT", "close-after-restored")));
        Workload w = workload(0);
        var run = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return migrate(w, s, s.token(), "client-1");
            } catch (Exception e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        });
        waitFor(() -> s.lines.stream().anyMatch(l -> l.contains("waiting for the source to commit")), 120, "the restore on the target");
        s.process.destroyForcibly();
        assertTrue(s.process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS));
        CrProcessRun r = run.get(180, java.util.concurrent.TimeUnit.SECONDS);
        assertEquals(Cli.FAILED, r.exit(), "cr migrate failed: " + r.out() + r.err());
        assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?m)^fix: the final images are kept in (\\S+): .*"
                + "restore the process tree from them here: cr restore -d -D (\\S+)$").matcher(r.err());
        assertTrue(m.find(), "names the restore command: " + r.err());
        assertEquals(m.group(1), m.group(2), "the command restores the images the fix names");
        assertTrue(Files.isRegularFile(Path.of(m.group(2)).resolve("inventory.img")), "the images are there: " + m.group(2));
        waitFor(() -> ProcessHandle.of(w.pid).map(h -> !h.isAlive()).orElse(true), 10, "the source copy is gone");
    }

    @Test
    void bigProcessMigratesWithItsMemoryIntact() throws Exception {
        ServeProcess s = serve(tmp.resolve("serve"));
        Workload w = workload(256);
        long checksBefore = w.checks();
        CrProcessRun r = migrate(w, s, s.token(), "client-1", "--compress", "zstd");
        assertMoved(w, r);
        assertTrue(r.field("image_bytes") >= 256L << 20, "the 256 MiB travelled: " + r.out());
        long checksAfterMove = w.checks();
        waitFor(() -> {
            try {
                return w.checks() >= checksAfterMove + 2;
            } catch (IOException e) {
                return false;
            }
        }, 30, "two full memory checks on the target");
        assertEquals("ok", w.read()[1], "all 256 MiB match their pattern after the move");
        assertTrue(w.checks() > checksBefore);
    }

    @Test
    void wrongFingerprintIsRefusedBeforeAnythingMoves() throws Exception {
        ServeProcess s = serve(tmp.resolve("serve"));
        Workload w = workload(0);
        // The first byte changed, and surely changed ("00" in its place would be right one time in 256).
        String wrong = (s.fingerprint.startsWith("00") ? "01" : "00") + s.fingerprint.substring(2);
        List<String> args = List.of("migrate", "--pid", Long.toString(w.pid), "--to", hosts.targetAddress() + ":" + ServeProcess.PORT,
                "--fingerprint", wrong, "--token-file", s.tokenFile(), "--identity", shared.resolve("client-1").toString(),
                "--work-dir", tmp.resolve("work").toString());
        assertSourceKept(w, s, CrProcessRun.of(hosts.in('a', ServeProcess.cr(args.toArray(String[]::new))), 60), "not the expected");
        assertFalse(Files.exists(tmp.resolve("work")) && Files.list(tmp.resolve("work")).findAny().isPresent(),
                "nothing was dumped");
    }

    @Test
    void reusedTokenIsRefused() throws Exception {
        ServeProcess s = serve(tmp.resolve("serve"));
        String token = s.token();
        Workload first = workload(0);
        assertMoved(first, migrate(first, s, token, "client-a"));
        Workload second = workload(0);
        CrProcessRun r = migrate(second, s, token, "client-b");
        assertSourceKept(second, s, r, "already used");
    }

    @Test
    void connectionCutMidTransferKeepsTheSource() throws Exception {
        ServeProcess s = serve(tmp.resolve("serve"));
        Workload w = workload(256);
        CompletableFuture<CrProcessRun> run = CompletableFuture.supplyAsync(() -> {
            try {
                return migrate(w, s, s.token(), "client-1");
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        waitFor(() -> s.received() > 16 << 20 || run.isDone(), 120, "the transfer is under way");
        hosts.cut('b');
        CrProcessRun r = run.get(180, TimeUnit.SECONDS);
        hosts.heal('b');
        assertSourceKept(w, null, r, "connection");
    }

    @Test
    void fullTargetDiskKeepsTheSource() throws Exception {
        Path small = Files.createDirectories(tmp.resolve("small"));
        TwoHosts.run(List.of("mount", "-t", "tmpfs", "-o", "size=64m", "crm-full", small.toString()));
        keep(() -> TwoHosts.run(List.of("umount", "-l", small.toString())));
        ServeProcess s = serve(small.resolve("serve"));
        Workload w = workload(256);
        CrProcessRun r = migrate(w, s, s.token(), "client-1");
        assertSourceKept(w, s, r, "file system is full");
    }

    @Test
    void restoreFailureOnTheTargetKeepsTheSource() throws Exception {
        ServeProcess s = serve(tmp.resolve("serve"));
        // The workload keeps this file open; a writer outside it keeps growing the file, so when the target
        // restores, the file no longer has the size CRIU recorded at the dump, and CRIU refuses to restore.
        Path held = tmp.resolve("held.log");
        Workload w = keep(Workload.start(hosts, counter, tmp, 0, held));
        Process grower = new ProcessBuilder("sh", "-c", "while :; do echo more >> '" + held + "'; sleep 0.005; done").start();
        keep(grower::destroyForcibly);
        CrProcessRun r = migrate(w, s, s.token(), "client-1");
        grower.destroyForcibly();
        assertSourceKept(w, s, r, "restore");
    }

    @Test
    void targetKilledMidTransferKeepsTheSource() throws Exception {
        Path dir = tmp.resolve("serve");
        ServeProcess s = serve(dir);
        Workload w = workload(256);
        CompletableFuture<CrProcessRun> run = CompletableFuture.supplyAsync(() -> {
            try {
                return migrate(w, s, s.token(), "client-1");
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        waitFor(() -> s.received() > 16 << 20 || run.isDone(), 120, "the transfer is under way");
        s.process.destroyForcibly();
        CrProcessRun r = run.get(180, TimeUnit.SECONDS);
        assertSourceKept(w, null, r, "connection");
        // A target that died cannot clean up; the next cr serve on that directory removes the leftovers.
        assertTrue(s.received() > 0, "the killed target left partial images");
        ServeProcess again = serve(dir);
        again.assertIncomingRemoved("after cr serve restarted");
    }

    // The three failures while the pages stream into the target's page server: the target holds the stream back
    // (CR_FAULT=slow-pages, 25 ms per MiB, so 256 MiB take at least 6 s) and the test strikes once 16 MiB landed.

    private CompletableFuture<CrProcessRun> migrateInBackground(Workload w, ServeProcess s) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return migrate(w, s, s.token(), "client-1");
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
    }

    private ServeProcess slowServe(Path dir) throws Exception {
        return keep(ServeProcess.start(hosts, dir, java.util.Map.of("CR_FAULT", "slow-pages")));
    }

    @Test
    void connectionCutWhilePagesStreamKeepsTheSource() throws Exception {
        ServeProcess s = slowServe(tmp.resolve("serve"));
        Workload w = workload(256);
        CompletableFuture<CrProcessRun> run = migrateInBackground(w, s);
        waitFor(() -> s.received() > 16 << 20 || run.isDone(), 120, "the pages stream");
        assertFalse(run.isDone(), "still streaming when the connection is cut");
        hosts.cut('b');
        CrProcessRun r = run.get(180, TimeUnit.SECONDS);
        hosts.heal('b');
        assertSourceKept(w, null, r, "while the pages streamed");
        // The target's side of a cut link just goes silent (the resets go to the source): it removes what it
        // received when its idle timeout ends the connection, as in connectionCutMidTransferKeepsTheSource.
    }

    @Test
    void targetDiskFullWhilePagesStreamKeepsTheSource() throws Exception {
        Path small = Files.createDirectories(tmp.resolve("small"));
        TwoHosts.run(List.of("mount", "-t", "tmpfs", "-o", "size=64m", "crm-full", small.toString()));
        keep(() -> TwoHosts.run(List.of("umount", "-l", small.toString())));
        ServeProcess s = slowServe(small.resolve("serve"));
        Workload w = workload(256);
        CrProcessRun r = migrate(w, s, s.token(), "client-1");
        assertSourceKept(w, s, r, "file system is full");
        assertTrue(r.err().contains("page server"), "the page server could not write the pages: " + r.err());
        assertTrue(r.err().contains("resumed"), "says the source runs on: " + r.err());
    }

    @Test
    void targetKilledWhilePagesStreamKeepsTheSource() throws Exception {
        Path dir = tmp.resolve("serve");
        ServeProcess s = slowServe(dir);
        Workload w = workload(256);
        CompletableFuture<CrProcessRun> run = migrateInBackground(w, s);
        waitFor(() -> s.received() > 16 << 20 || run.isDone(), 120, "the pages stream");
        assertFalse(run.isDone(), "still streaming when the target is killed");
        s.process.destroyForcibly();
        CrProcessRun r = run.get(180, TimeUnit.SECONDS);
        assertSourceKept(w, null, r, "while the pages streamed");
        ServeProcess again = serve(dir);
        again.assertIncomingRemoved("after cr serve restarted");
    }

    @Test
    void dumpOptionsReachTheDumpAndTheRestore() throws Exception {
        // --tcp-established and --ext-unix-sk on cr migrate: the source's dump takes them (its log says so) and
        // the target's restore is asked for them too (its log says so); a process without such resources moves.
        ServeProcess s = serve(tmp.resolve("serve"));
        Workload w = workload(0);
        CrProcessRun r = migrate(w, s, s.token(), "client-1", "--tcp-established", "--ext-unix-sk", "--file-locks");
        assertMoved(w, r);
        assertTrue(r.out().contains("\"phases\":{\"connect\":"), "the report names the phases: " + r.out());
        for (String phase : List.of("admit", "freeze", "dump", "transfer_tail", "restore", "commit"))
            assertTrue(r.out().contains("\"" + phase + "\":"), phase + " in the report: " + r.out());
        assertTrue(s.lines.stream().anyMatch(l -> l.contains("restoring with [tcp-established, ext-unix-sk, file-locks]")),
                "the target restored with the restore-side ones: " + s.lines);
    }

}
