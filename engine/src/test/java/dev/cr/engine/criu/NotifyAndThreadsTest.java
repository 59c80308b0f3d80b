package dev.cr.engine.criu;

import dev.cr.engine.testing.Requirements;
import dev.cr.engine.testing.Workload;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Notification listeners through FFM upcalls, and several dumps and restores running at once. */
class NotifyAndThreadsTest {
    @TempDir Path tmp;
    Criu criu;
    final List<Workload> workloads = new CopyOnWriteArrayList<>();

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

    Workload counting(Path count) throws Exception {
        Workload w = Workload.inPidNamespace(DumpRestoreTest.counter(count));
        workloads.add(w);
        Workload.await(() -> DumpRestoreTest.readCount(count) >= 2, Duration.ofSeconds(10), "the loop to count");
        return w;
    }

    @Test
    void listenersHearEachStepOnTheCallingThread() throws Exception {
        Path count = tmp.resolve("count");
        Workload w = counting(count);
        List<Notification> heard = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        Path images = tmp.resolve("images");
        criu.dump(DumpOptions.builder(w.pid(), images).listener(n -> { heard.add(n); threads.add(Thread.currentThread()); }).build());
        List<String> actions = heard.stream().map(Notification::action).toList();
        assertTrue(actions.indexOf(Notification.PRE_DUMP) >= 0 && actions.indexOf(Notification.POST_DUMP) > actions.indexOf(Notification.PRE_DUMP),
                "dump steps: " + actions);
        threads.forEach(t -> assertSame(Thread.currentThread(), t));
        w.awaitGone();

        heard.clear();
        RestoreResult r = criu.restore(RestoreOptions.builder(images).listener(heard::add).build());
        w.adopt(r.pid());
        List<String> restoreActions = heard.stream().map(Notification::action).toList();
        assertTrue(restoreActions.containsAll(List.of(Notification.PRE_RESTORE, Notification.POST_RESTORE)), "restore steps: " + restoreActions);
        assertTrue(heard.stream().anyMatch(n -> n.pid() == r.pid()), "a notification names the restored root: " + heard);
    }

    @Test
    void aFailingListenerAfterPostDumpKeepsTheSourceRunning() throws Exception {
        Path count = tmp.resolve("count");
        Workload w = counting(count);
        var refusal = new IllegalStateException("transfer to the target failed");
        Path images = tmp.resolve("images");
        CriuException e = assertThrows(CriuException.class, () -> criu.dump(DumpOptions.builder(w.pid(), images)
                .listener(n -> { if (n.action().equals(Notification.POST_DUMP)) throw refusal; }).build()));
        assertSame(refusal, e.getCause());
        assertTrue(e.cause().contains("listener failed"), e.cause());
        assertTrue(Workload.alive(w.pid()), "the dumped tasks were resumed, not killed");
        long now = DumpRestoreTest.readCount(count);
        Workload.await(() -> DumpRestoreTest.readCount(count) > now + 3, Duration.ofSeconds(10), "the source to go on counting");
    }

    @Test
    void severalDumpsAndRestoresAtOnce() throws Exception {
        int n = 3;
        List<Path> counts = new ArrayList<>();
        List<Workload> ws = new ArrayList<>();
        // Pid-namespace inits, so that concurrent restores cannot race for pids. Their dumps can collide in CRIU's
        // parasite (a fixed /proc mount point in /tmp): the engine retries that cause, checked below from the logs.
        for (int i = 0; i < n; i++) {
            Path c = tmp.resolve("count-" + i);
            counts.add(c);
            ws.add(counting(c));
        }
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            List<Future<DumpResult>> dumps = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                DumpOptions o = DumpOptions.builder(ws.get(i).pid(), tmp.resolve("images-" + i)).build();
                dumps.add(pool.submit(() -> criu.dump(o)));
            }
            for (int i = 0; i < n; i++) assertTrue(unwrap("dump " + i, dumps.get(i)).stats().isPresent());
            long[] atDump = new long[n];
            for (int i = 0; i < n; i++) {
                ws.get(i).awaitGone();
                atDump[i] = DumpRestoreTest.readCount(counts.get(i));
            }
            List<Future<RestoreResult>> restores = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                RestoreOptions o = RestoreOptions.builder(tmp.resolve("images-" + i)).build();
                restores.add(pool.submit(() -> criu.restore(o)));
            }
            for (int i = 0; i < n; i++) {
                int pid = ws.get(i).adopt(unwrap("restore " + i, restores.get(i)).pid());
                assertTrue(Workload.alive(pid));
                Path c = counts.get(i);
                long from = atDump[i];
                Workload.await(() -> DumpRestoreTest.readCount(c) > from + 3, Duration.ofSeconds(10), "copy " + i + " to count on");
                assertTrue(DumpRestoreTest.readCount(c) < from + 200);
            }
            for (int i = 0; i < n; i++) {
                List<Path> logs;
                try (var files = Files.list(tmp.resolve("images-" + i))) {
                    logs = files.filter(p -> p.getFileName().toString().endsWith(".log"))
                            .sorted(java.util.Comparator.comparing(p -> p.toFile().lastModified())).toList();
                }
                List<Path> dumpLogs = logs.stream().filter(p -> p.getFileName().toString().startsWith("dump-")).toList();
                assertEquals(1, logs.size() - dumpLogs.size(), "one restore log: " + logs);
                // every dump attempt but the last failed on the parasite's /proc race, and was retried
                for (Path failed : dumpLogs.subList(0, dumpLogs.size() - 1))
                    assertEquals(FailureCause.PROC_MOUNTPOINT_TAKEN, CriuLog.read(failed).cause().orElse(null), failed.toString());
                assertTrue(CriuLog.read(dumpLogs.getLast()).lines().stream().anyMatch(l -> l.contains("Dumping finished successfully")));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** The result of a concurrent call; a CRIU failure fails the test with the whole log, to be diagnosable. */
    static <T> T unwrap(String what, Future<T> f) throws Exception {
        try {
            return f.get();
        } catch (java.util.concurrent.ExecutionException x) {
            if (!(x.getCause() instanceof CriuException ce)) throw x;
            String log = ce.logPath().map(l -> {
                try { return Files.readString(l); } catch (java.io.IOException io) { return "unreadable: " + io; }
            }).orElse("no log");
            throw new AssertionError(what + " failed: " + ce.cause() + "\n" + String.join("\n", ce.logLines()) + "\nlog:\n" + log, ce);
        }
    }

    @Test
    void iterativeDumpFallsBackToOneDumpWithoutMemoryTracking() throws Exception {
        Path count = tmp.resolve("count");
        Workload w = counting(count);
        Path images = tmp.resolve("images");
        IterativeDumpResult r = criu.dump(DumpOptions.builder(w.pid(), images).build(), PreDumpPolicy.defaults());
        if (criu.features().memoryTracking()) {
            assertFalse(r.preDumps().isEmpty());
            assertTrue(r.fallback().isEmpty());
        } else {
            assertEquals(List.of(), r.preDumps());
            assertTrue(r.fallback().orElseThrow().contains("single stop-and-copy dump"), r.fallback().toString());
            try (var files = Files.list(images)) {
                assertTrue(files.noneMatch(p -> p.getFileName().toString().startsWith("pre-")), "no pre-dump directory");
            }
        }
        assertTrue(Files.exists(images.resolve("inventory.img")));
        w.awaitGone();
        int pid = w.adopt(criu.restore(RestoreOptions.builder(images).build()).pid());
        assertTrue(Workload.alive(pid));
    }
}
