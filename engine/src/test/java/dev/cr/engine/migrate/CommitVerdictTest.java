package dev.cr.engine.migrate;

import dev.cr.engine.migrate.source.Checkpointer;
import dev.cr.engine.migrate.source.CriuCheckpointer;
import dev.cr.engine.migrate.source.MigrationSource;
import dev.cr.engine.migrate.target.CriuRestorer;
import dev.cr.engine.migrate.target.MigrationTarget;
import dev.cr.engine.migrate.trust.ServeState;

import dev.cr.engine.criu.Criu;
import dev.cr.engine.criu.PreDumpPolicy;
import dev.cr.engine.testing.Requirements;
import dev.cr.engine.testing.Workload;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The target's copy runs only on the source's commit: with the real CRIU on loopback, a restored tree that gets
 * no commit (the source aborts after the restore was reported, or goes silent) is killed before it ran a single
 * instruction of its own, and the source copy runs on. The workload records the pid namespace it runs in, so a
 * restored copy (which gets a new pid namespace) that ran even briefly would leave its mark in the file.
 */
class CommitVerdictTest {
    @TempDir
    static Path identities;

    @TempDir
    Path tmp;

    private Criu criu;
    private MigrationTarget target;
    private Workload workload;
    private final List<String> targetLog = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void needs() {
        Requirements.root();
        Requirements.criu();
        Requirements.libcriu();
    }

    @AfterEach
    void stop() {
        if (target != null) target.close();
        if (workload != null) workload.close();
    }

    private void startTarget(Duration commitWait) {
        criu = Criu.locate();
        target = MigrationTarget.start(new ServeState(tmp.resolve("serve")), new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                new CriuRestorer(criu, tmp.resolve("serve-logs")), targetLog::add, commitWait);
    }

    private Path startWorkload() throws IOException {
        Path marks = tmp.resolve("marks");
        Files.createFile(marks);
        workload = Workload.inPidNamespace("while :; do readlink /proc/self/ns/pid >> " + marks + "; sleep 0.05; done");
        return marks;
    }

    /** The real dump, whose frozen step lets the target restore and then fails as {@code afterRestore} says. */
    private Checkpointer failingAfterRestore(Runnable afterRestore) {
        Checkpointer real = new CriuCheckpointer(criu, PreDumpPolicy.defaults(), tmp.resolve("source-logs"));
        return new Checkpointer() {
            public boolean memoryTracking() { return false; }
            public boolean preDumpAgain() { return false; }
            public DumpFacts preDump(long pid, Path dir, Path parent) { throw new AssertionError("no pre-copy here"); }
            public DumpFacts dump(long pid, Path dir, Path parent, FrozenStep whileFrozen) {
                return real.dump(pid, dir, parent, () -> {
                    whileFrozen.run();
                    afterRestore.run();
                    throw new IllegalStateException("the test fails the dump after the target reported the restore");
                });
            }
        };
    }

    private MigrationException migrate(Checkpointer checkpointer) {
        String token = new ServeState(tmp.resolve("serve")).tokens().create(Duration.ofMinutes(5));
        Path client = identities.resolve("client");
        var req = new MigrationRequest(workload.pid(), "127.0.0.1", target.address().getPort(), target.fingerprint(), token,
                client, tmp.resolve("work"), false, false);
        return assertThrows(MigrationException.class, () -> new MigrationSource(req, checkpointer, null).run());
    }

    private long restoredPid() {
        for (String l : targetLog) {
            Matcher m = Pattern.compile("restored as pid ([0-9]+)").matcher(l);
            if (m.find()) return Long.parseLong(m.group(1));
        }
        return fail("the target restored a copy: " + targetLog);
    }

    private void assertOnlyTheSourceRan(Path marks, long restored) throws Exception {
        Workload.await(() -> !Workload.alive((int) restored), Duration.ofSeconds(10), "the restored copy is killed");
        String sourceNs = Files.readSymbolicLink(Path.of("/proc", Integer.toString(workload.pid()), "ns", "pid")).toString();
        long before = Files.readAllLines(marks).size();
        Workload.await(() -> lines(marks) > before + 2, Duration.ofSeconds(10), "the source copy runs on");
        assertEquals(List.of(sourceNs), Files.readAllLines(marks).stream().distinct().toList(),
                "only the source's pid namespace ever wrote: the restored copy never ran");
    }

    private static long lines(Path p) {
        try {
            return Files.readAllLines(p).size();
        } catch (IOException e) {
            return 0;
        }
    }

    @Test
    void abortAfterTheRestoreKillsTheRestoredCopyBeforeItRuns() throws Exception {
        startTarget(Duration.ofSeconds(30));
        Path marks = startWorkload();
        MigrationException e = migrate(failingAfterRestore(() -> {}));
        assertTrue(e.cause().contains("keeps running") || e.cause().contains("resumed"), e.cause());
        long restored = restoredPid();
        assertOnlyTheSourceRan(marks, restored);
        Workload.await(() -> targetLog.stream().anyMatch(l -> l.contains("the source aborted: the restored copy was killed")),
                Duration.ofSeconds(10), "the target says why it killed its copy: " + targetLog);
    }

    @Test
    void silentSourceLetsTheRestoredCopyDieAfterTheCommitWait() throws Exception {
        startTarget(Duration.ofSeconds(2));
        Path marks = startWorkload();
        MigrationException e = migrate(failingAfterRestore(() -> {
            try {
                Thread.sleep(4000); // past the target's wait, without a word
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
            }
        }));
        assertTrue(e.cause().contains("keeps running") || e.cause().contains("resumed"), e.cause());
        assertTrue(targetLog.stream().anyMatch(l -> l.contains("no verdict from the source within 2 s")), targetLog.toString());
        assertOnlyTheSourceRan(marks, restoredPid());
    }
}
