package dev.cr.cli;

import dev.cr.engine.lxc.TestContainer;
import dev.cr.engine.testing.Requirements;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * {@code cr migrate --lxc} between two network-namespace hosts with real LXC containers and the real CRIU: each host
 * has its own lxcpath, and each container is started and handled from inside its host's network namespace (where
 * its monitor's abstract socket lives). A counting busybox container moves with its directory and its state; a
 * failure on the target leaves the source container running and counting, and the target without a trace of it.
 */
class MigrateContainerTest {
    static TwoHosts hosts;
    static Path lxcA;
    static Path lxcB;

    @TempDir
    Path tmp;
    private final List<AutoCloseable> cleanup = new ArrayList<>();

    @BeforeAll
    static void hosts() throws Exception {
        Requirements.criu();
        Requirements.liblxc();
        hosts = TwoHosts.up();
        lxcA = TestContainer.LXCPATH.resolve("mig-" + hosts.n + "-a");
        lxcB = TestContainer.LXCPATH.resolve("mig-" + hosts.n + "-b");
    }

    @AfterAll
    static void down() throws IOException {
        if (hosts != null) hosts.close();
        for (Path p : new Path[] {lxcA, lxcB}) {
            if (p != null) removeTree(p);
        }
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
    }

    private <T extends AutoCloseable> T keep(T c) {
        cleanup.add(c);
        return c;
    }

    private TestContainer source(String extraInit) throws Exception {
        TestContainer c = TestContainer.start(lxcA, extraInit, hosts.in('a', List.of()));
        return keep(c);
    }

    /** The target's copy of {@code c} (same name, lxcpath of host b); registered for removal. */
    private TestContainer targetCopy(TestContainer c) {
        return keep(TestContainer.existing(lxcB, c.name, hosts.in('b', List.of())));
    }

    private ServeProcess serve() throws Exception {
        return keep(ServeProcess.start(hosts, tmp.resolve("serve"), "--lxcpath", lxcB.toString()));
    }

    private CrProcessRun migrate(TestContainer c, ServeProcess s, String... more) throws Exception {
        List<String> args = new ArrayList<>(List.of("migrate", "--lxc", c.name, "-P", lxcA.toString(),
                "--to", hosts.targetAddress() + ":" + ServeProcess.PORT, "--fingerprint", s.fingerprint,
                "--token-file", s.tokenFile(), "--identity", tmp.resolve("client").toString(),
                "--work-dir", tmp.resolve("work").toString(), "--json"));
        args.addAll(List.of(more));
        return CrProcessRun.of(hosts.in('a', ServeProcess.cr(args.toArray(String[]::new))), 120);
    }

    @Test
    void countingContainerMovesWithItsStateAndLeavesTheSource() throws Exception {
        ServeProcess s = serve();
        TestContainer src = source(null);
        TestContainer dst = targetCopy(src);
        int initBefore = src.lxcInitPid();
        Map<Integer, String> before = TestContainer.namespaceProcesses(initBefore);
        int counted = src.counter();

        CrProcessRun r = migrate(src, s, "--compress", "zstd");
        assertEquals(0, r.exit(), "cr migrate --lxc succeeded: " + r.out() + r.err());

        // Gone from the source: stopped and its directory removed.
        assertFalse(Files.exists(src.dir()), "the source container's directory was removed: " + r.out() + r.err());
        assertEquals("", src.lxcState(), "the source host no longer knows the container");
        // Running on the target, in the target's lxcpath, as the process the report names.
        assertEquals("RUNNING", dst.lxcState(), "the container runs on the target");
        int init = dst.lxcInitPid();
        assertEquals(r.field("target_pid"), init, "the report names the target's init");
        assertNotEquals(initBefore, init);
        assertTrue(Files.readString(dst.dir().resolve("config")).contains("lxc.rootfs.path = dir:" + dst.rootfs()),
                "the configuration names the target's rootfs");
        assertFalse(Files.readString(dst.dir().resolve("config")).contains(lxcA.toString()), "no source path left in the config");
        assertEquals("rwxrwx---", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(dst.dir())),
                "the container's directory has the mode lxc-create gives it");
        // Its state came along: the same processes with the same pids in its pid namespace, and the counter goes
        // on from where it was (a fresh boot would count from 1 again).
        assertEquals(before, TestContainer.namespaceProcesses(init));
        int seen = dst.awaitCounter(n -> n > counted + 10, Duration.ofSeconds(20));
        assertTrue(seen > counted);
        assertTrue(r.field("downtime_ms") > 0 && r.field("bytes_sent") > 1 << 20,
                "the rootfs (busybox, over 1 MiB) travelled: " + r.out());
        s.assertIncomingRemoved("after the migration");
    }

    @Test
    void restoreFailingOnTheTargetKeepsTheSourceRunning() throws Exception {
        ServeProcess s = serve();
        // The container's init holds /held.log open; a writer on the host keeps growing it, so the copy sent while
        // the container is frozen is longer than CRIU recorded at the dump, and CRIU refuses to restore it.
        TestContainer src = source("exec 3<>/held.log");
        Path held = src.rootfs().resolve("held.log");
        TestContainer dst = targetCopy(src);
        Process grower = new ProcessBuilder("sh", "-c", "while :; do echo more >> '" + held + "'; sleep 0.005; done").start();
        keep(grower::destroyForcibly);
        CrProcessRun r = migrate(src, s);
        assertEquals(Cli.FAILED, r.exit(), "cr migrate failed: " + r.out() + r.err());
        assertTrue(r.err().contains("restore"), "says the restore failed: " + r.err());
        assertTrue(r.err().contains("keeps running") || r.err().contains("resumed"), "says the source runs on: " + r.err());
        assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
        assertSourceRunsOn(src);
        assertFalse(Files.exists(dst.dir()), "the target removed the container directory it received");
        assertEquals("", dst.lxcState());
        s.assertIncomingRemoved("after the failed migration");
    }

    @Test
    void nameTakenOnTheTargetIsRefusedBeforeAnythingFreezes() throws Exception {
        ServeProcess s = serve();
        TestContainer src = source(null);
        Path theirs = Files.createDirectories(lxcB.resolve(src.name));
        keep(() -> removeTree(theirs));
        Files.writeString(theirs.resolve("config"), "# the target's own container\n");
        CrProcessRun r = migrate(src, s);
        assertEquals(Cli.FAILED, r.exit(), "cr migrate failed: " + r.out() + r.err());
        assertTrue(r.err().contains("already exists"), "says the name is taken: " + r.err());
        assertSourceRunsOn(src);
        assertEquals("# the target's own container\n", Files.readString(theirs.resolve("config")), "the target's container is untouched");
        assertFalse(Files.exists(tmp.resolve("work")) && Files.list(tmp.resolve("work")).anyMatch(p -> p.getFileName().toString().startsWith("lxc-")),
                "nothing was dumped");
    }

    /** cr migrate killed while the container is frozen: its action script sees cr gone, CRIU resumes the container. */
    @Test
    void sourceKilledWhileTheContainerIsFrozenResumesIt() throws Exception {
        ServeProcess s = serve();
        TestContainer src = source(null);
        TestContainer dst = targetCopy(src);
        List<String> args = List.of("migrate", "--lxc", src.name, "-P", lxcA.toString(),
                "--to", hosts.targetAddress() + ":" + ServeProcess.PORT, "--fingerprint", s.fingerprint,
                "--token-file", s.tokenFile(), "--identity", tmp.resolve("client").toString(),
                "--work-dir", tmp.resolve("work").toString());
        // nsenter execs the JVM: this process is cr migrate itself.
        Process p = new ProcessBuilder(hosts.in('a', ServeProcess.cr(args.toArray(String[]::new))))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        keep(p::destroyForcibly);
        // The second pass is sent from inside CRIU's post-dump stage: the container is frozen now.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (s.lines.stream().noneMatch(l -> l.contains("pass 2 received"))) {
            assertTrue(p.isAlive(), "cr migrate still runs: " + s.lines);
            assertTrue(System.nanoTime() < deadline, "the second pass arrives: " + s.lines);
            Thread.sleep(20);
        }
        p.destroyForcibly();
        assertTrue(p.waitFor(10, TimeUnit.SECONDS));
        // CRIU's action script sees cr gone and fails the dump: CRIU resumes the container.
        assertSourceRunsOn(src);
        // Never both: the target's copy, if it got restored, waits in CRIU's post-restore stage for a verdict that
        // never comes (it is killed, and its directory removed, after the commit wait); it does not count.
        // The target removes the received directory once it sees the source gone, which may fall inside this look:
        // a counter that is gone (-1) did not count on either.
        int held = dst.counter();
        Thread.sleep(1500);
        int later = dst.counter();
        assertTrue(later == held || later == -1, "the target's copy does not run (" + held + " -> " + later + "): " + s.lines);
    }

    private static void removeTree(Path p) throws IOException {
        if (!Files.exists(p)) return;
        try (var walk = Files.walk(p)) {
            for (Path x : walk.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(x);
        }
    }

    private static void assertSourceRunsOn(TestContainer src) throws Exception {
        assertEquals("RUNNING", src.lxcState(), "the source container runs");
        assertTrue(Files.isDirectory(src.dir()), "the source container's directory is kept");
        int now = src.counter();
        src.awaitCounter(n -> n > now + 3, Duration.ofSeconds(10));
    }
}
