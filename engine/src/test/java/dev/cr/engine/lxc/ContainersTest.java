package dev.cr.engine.lxc;

import dev.cr.engine.criu.FailureCause;
import dev.cr.engine.testing.Requirements;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Checkpoint and restore of real LXC containers through liblxc, with the provisioned CRIU. */
class ContainersTest {
    Containers containers;

    @BeforeEach
    void needLxc() {
        Requirements.liblxc();
        containers = Containers.at(TestContainer.LXCPATH);
    }

    @Test
    void checkpointThenRestoreGoesOnCountingWithItsPidNamespaceWhole() throws Exception {
        try (var ct = TestContainer.start(null)) {
            Path images = TestContainer.LXCPATH.resolve(ct.name + "-images");
            try {
                int pidBefore = containers.initPid(ct.name);
                Map<Integer, String> before = TestContainer.namespaceProcesses(pidBefore);
                assertEquals("/bin/sh /counter.sh", before.get(1), before.toString());

                LxcMigrateCall dump = containers.checkpoint(ct.name, CheckpointOptions.to(images).stopAfter(true));
                assertEquals(ContainerState.STOPPED, containers.state(ct.name));
                assertTrue(Files.exists(images.resolve("inventory.img")));
                assertTrue(dump.logPath().getFileName().toString().matches("migration_dump_\\d{8}T\\d{6}\\.\\d{3}\\.log"),
                        dump.logPath().toString());
                assertTrue(Files.readString(dump.logPath()).contains("Dumping finished successfully"));
                var stats = dump.dumpStats().orElseThrow();
                assertTrue(stats.pagesWritten() > 0 && stats.frozenTime().toNanos() > 0, stats.toString());
                int frozenAt = ct.counter();
                Thread.sleep(300);
                assertEquals(frozenAt, ct.counter(), "a stopped container must not count");

                LxcMigrateCall restore;
                Path marker = Files.createTempFile("cr-lxc-open-in-caller", ".txt");
                try (var open = java.nio.channels.FileChannel.open(marker)) {
                    restore = containers.restore(ct.name, images);
                    // The monitor process liblxc forked for the container holds nothing this JVM had open.
                    int monitor = TestContainer.monitorPid(ct.name);
                    try (var fds = Files.list(Path.of("/proc", String.valueOf(monitor), "fd"))) {
                        for (Path fd : fds.toList()) {
                            String target;
                            try {
                                target = Files.readSymbolicLink(fd).toString();
                            } catch (java.nio.file.NoSuchFileException closedMeanwhile) {
                                continue; // the monitor closed it between the listing and the look: it holds nothing
                            }
                            assertFalse(target.contains("cr-lxc-open-in-caller"), "monitor holds the caller's " + target);
                        }
                    }
                } finally {
                    Files.deleteIfExists(marker);
                }
                assertEquals(ContainerState.RUNNING, containers.state(ct.name));
                assertTrue(restore.logPath().getFileName().toString().startsWith("migration_restore_"));
                assertTrue(Files.readString(restore.logPath()).contains("Restore finished successfully"));
                assertTrue(restore.restoreStats().orElseThrow().restoreTime().toNanos() > 0);
                int pidAfter = containers.initPid(ct.name);
                assertEquals(pidAfter, restore.initPid());
                // The counter goes on from where it stopped (a fresh boot would start again at 1).
                int seen = ct.awaitCounter(n -> n > frozenAt + 5, Duration.ofSeconds(20));
                assertTrue(seen > frozenAt);
                // Same processes with the same pids inside the namespace, init being pid 1.
                assertEquals(before, TestContainer.namespaceProcesses(pidAfter));
                assertEquals(1, TestContainer.innermostPid(Path.of("/proc", String.valueOf(pidAfter))));
                // The monitor is this JVM's child (liblxc forked it from the restoring thread): once the container
                // stops, it is reaped rather than left a zombie for this JVM's whole life.
                int monitor = TestContainer.monitorPid(ct.name);
                Path monitorStatus = Path.of("/proc", String.valueOf(monitor), "status");
                assertTrue(Files.readAllLines(monitorStatus).contains("PPid:\t" + ProcessHandle.current().pid()),
                        "the monitor's parent is this JVM");
                assertTrue(containers.stop(ct.name));
                long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
                while (Files.exists(monitorStatus) && System.nanoTime() < end) Thread.sleep(50);
                assertFalse(Files.exists(monitorStatus), "monitor " + monitor + " was reaped, not left a zombie: "
                        + (Files.exists(monitorStatus) ? Files.readAllLines(monitorStatus).stream()
                                .filter(l -> l.startsWith("State:")).findFirst().orElse("") : ""));
            } finally {
                Containers.deleteQuietly(images);
            }
        }
    }

    @Test
    void statefulStopThenStartRestoresAndRemovesTheState() throws Exception {
        try (var ct = TestContainer.start(null)) {
            int pidBefore = containers.initPid(ct.name);
            Map<Integer, String> before = TestContainer.namespaceProcesses(pidBefore);
            LxcMigrateCall stop = containers.stopStateful(ct.name);
            assertEquals(ContainerState.STOPPED, containers.state(ct.name));
            assertTrue(Files.exists(containers.stateDir(ct.name).resolve("inventory.img")));
            assertEquals(containers.logDir(ct.name), stop.logPath().getParent());
            assertTrue(containers.lookup(ct.name).orElseThrow().hasSavedState());
            int stoppedAt = ct.counter();

            var started = containers.start(ct.name);
            assertTrue(started.isPresent(), "start must restore from the saved state");
            assertEquals(ContainerState.RUNNING, containers.state(ct.name));
            assertFalse(Files.exists(containers.stateDir(ct.name)), "the state is removed after the restore");
            assertTrue(Files.exists(started.get().logPath()), "the restore log is kept");
            assertTrue(Files.exists(stop.logPath()), "the dump log is kept");
            ct.awaitCounter(n -> n > stoppedAt + 5, Duration.ofSeconds(20));
            assertEquals(before, TestContainer.namespaceProcesses(containers.initPid(ct.name)));
        }
    }

    @Test
    void statefulSnapshotBringsBackFilesystemAndRunningState() throws Exception {
        try (var ct = TestContainer.start(null)) {
            Snapshot snap = containers.snapshot(ct.name, "before-change", true);
            assertTrue(snap.stateful());
            assertEquals("before-change", snap.name());
            assertEquals(ContainerState.RUNNING, containers.state(ct.name), "a stateful snapshot leaves it running");
            int atSnapshot = ct.counter();
            Files.writeString(ct.rootfs().resolve("changed-after-snapshot"), "x");
            int later = ct.awaitCounter(n -> n > atSnapshot + 10, Duration.ofSeconds(20));

            var info = containers.lookup(ct.name).orElseThrow();
            assertEquals(1, info.snapshots().size());
            assertEquals("(stateful)", info.snapshots().get(0).kind());

            var restored = containers.restoreSnapshot(ct.name, "before-change");
            assertTrue(restored.isPresent());
            assertTrue(Files.exists(restored.get().logPath()));
            try (var logs = Files.list(containers.logDir(ct.name))) {
                // dump and restore of the snapshot, restore of the snapshot's state: a snapshot restore wipes none
                assertEquals(3, logs.count());
            }
            assertEquals(ContainerState.RUNNING, containers.state(ct.name));
            assertFalse(Files.exists(ct.rootfs().resolve("changed-after-snapshot")), "the filesystem is the snapshot's");
            // The counter went back to the snapshot's moment and goes on from there.
            int back = ct.awaitCounter(n -> n > 0, Duration.ofSeconds(10));
            assertTrue(back < later, "counter " + back + " should be back near " + atSnapshot + ", not " + later);
            ct.awaitCounter(n -> n > back + 3, Duration.ofSeconds(20));

            // Stateless: refused while running (liblxc copies stopped containers only), taken once stopped.
            var e = assertThrows(LxcException.class, () -> containers.snapshot(ct.name, "cold", false));
            assertTrue(e.fix().orElseThrow().contains("stateful snapshot"), e.fix().toString());
            assertTrue(containers.stop(ct.name));
            Snapshot cold = containers.snapshot(ct.name, "cold", false);
            assertFalse(cold.stateful());
            var kinds = containers.lookup(ct.name).orElseThrow().snapshots().stream()
                    .map(x -> x.name() + " " + x.kind()).toList();
            assertEquals(java.util.List.of("before-change (stateful)", "cold (stateless)"), kinds);
            assertThrows(LxcException.class, () -> containers.snapshot(ct.name, "cold", false), "names are unique");
            assertTrue(containers.restoreSnapshot(ct.name, "cold").isEmpty());
            assertEquals(ContainerState.STOPPED, containers.state(ct.name), "a stopped container stays stopped");
        }
    }

    @Test
    void aContainerCriuCannotDumpFailsWithTheCauseAndKeepsRunning() throws Exception {
        // A process in a user namespace of its own: CRIU cannot dump nested user namespaces.
        try (var ct = TestContainer.start("unshare -U -r sleep 100000 &")) {
            Path images = TestContainer.LXCPATH.resolve(ct.name + "-images");
            try {
                var e = assertThrows(LxcException.class,
                        () -> containers.checkpoint(ct.name, CheckpointOptions.to(images).stopAfter(true)));
                assertEquals(FailureCause.NESTED_USER_NAMESPACE, e.kind().orElse(null), e.cause() + "\n" + e.logLines());
                assertTrue(e.cause().contains("nested user namespace"), e.cause());
                assertTrue(e.logPath().isPresent());
                assertTrue(Files.exists(e.logPath().get()), e.logPath().get().toString());
                assertTrue(e.logLines().stream().anyMatch(l -> l.contains("Dumping FAILED")), e.logLines().toString());
                assertTrue(e.fix().isPresent());
                assertEquals(ContainerState.RUNNING, containers.state(ct.name));
                int now = ct.counter();
                ct.awaitCounter(n -> n > now + 3, Duration.ofSeconds(20));
            } finally {
                Containers.deleteQuietly(images);
            }
        }
    }

    @Test
    void aCriuFailureOfAContainerIsExplainedAsCrDumpExplainsIt() throws Exception {
        // A process of another user in the container: root here lacks CAP_SYS_RESOURCE, so CRIU cannot read its
        // resource limits, as for a process dump (FailureCatalogTest); the same cause, words and fix come out.
        // (busybox's setpriv cannot change the user; its start-stop-daemon can, by name, and the template has root only)
        try (var ct = TestContainer.start("echo nobody:x:65534:65534:nobody:/:/bin/false >> /etc/passwd; "
                + "echo nogroup:x:65534: >> /etc/group; start-stop-daemon -S -b -c nobody:nogroup -x /bin/sleep -- 100001")) {
            int pid = TestContainer.hostPidOf("/bin/sleep 100001", Duration.ofSeconds(10));
            Path images = TestContainer.LXCPATH.resolve(ct.name + "-images");
            try {
                if (dev.cr.engine.criu.Capabilities.ofThisProcess().canDumpOtherUsers()) {
                    // Where root has CAP_SYS_RESOURCE, the same container checkpoints: the cause is the capability.
                    containers.checkpoint(ct.name, CheckpointOptions.to(images));
                    return;
                }
                var e = assertThrows(LxcException.class, () -> containers.checkpoint(ct.name, CheckpointOptions.to(images)));
                FailureCause cause = FailureCause.OTHER_USER_NEEDS_CAP_SYS_RESOURCE;
                assertEquals(cause, e.kind().orElse(null), e.cause() + "\n" + e.logLines());
                assertEquals(cause.summary() + " (pid " + pid + " runs as nobody (uid 65534)) (the container is still running)",
                        e.cause());
                assertEquals(cause.fix(), e.fix().orElseThrow());
                assertTrue(e.logLines().stream().anyMatch(l -> l.contains("Can't get rlimit")), e.logLines().toString());
                assertTrue(Files.isRegularFile(e.logPath().orElseThrow()));
                assertEquals(ContainerState.RUNNING, containers.state(ct.name));
                assertTrue(Files.exists(Path.of("/proc", Integer.toString(pid))), "the other user's process runs on");
            } finally {
                Containers.deleteQuietly(images);
            }
        }
    }

    @Test
    void aRestoreCriuFailsIsExplainedAsCrRestoreExplainsIt() throws Exception {
        // The init holds a file of the container open; it is gone when the container is restored.
        try (var ct = TestContainer.start("echo kept > /held.txt; exec 3</held.txt")) {
            Path images = TestContainer.LXCPATH.resolve(ct.name + "-images");
            try {
                containers.checkpoint(ct.name, CheckpointOptions.to(images).stopAfter(true));
                Files.delete(ct.rootfs().resolve("held.txt"));
                var e = assertThrows(LxcException.class, () -> containers.restore(ct.name, images));
                FailureCause cause = FailureCause.FILE_MISSING_AT_RESTORE;
                assertEquals(cause, e.kind().orElse(null), e.cause() + "\n" + e.logLines());
                assertEquals(cause.summary() + " (the checkpoint in " + images + " is untouched)", e.cause());
                assertEquals(cause.fix(), e.fix().orElseThrow());
                assertTrue(e.logLines().stream().anyMatch(l -> l.contains("held.txt")), e.logLines().toString());
                assertTrue(Files.isRegularFile(e.logPath().orElseThrow()));
                assertEquals(ContainerState.STOPPED, containers.state(ct.name));
                assertTrue(Files.exists(images.resolve("inventory.img")), "the checkpoint is kept");
            } finally {
                Containers.deleteQuietly(images);
            }
        }
    }

    @Test
    void badInputIsRefusedBeforeAnythingRuns() throws Exception {
        Path empty = Files.createTempDirectory(TestContainer.LXCPATH, "no-checkpoint");
        try {
            assertTrue(containers.lookup("crt-does-not-exist").isEmpty());
            var e = assertThrows(LxcException.class, () -> containers.restore("crt-does-not-exist", empty));
            assertTrue(e.cause().contains("no checkpoint"), e.cause());
            var e2 = assertThrows(LxcException.class, () -> containers.state("crt-does-not-exist"));
            assertTrue(e2.cause().contains("no container named crt-does-not-exist"), e2.cause());
            assertThrows(LxcException.class, () -> containers.state("../etc"));
        } finally {
            Containers.deleteQuietly(empty);
        }
    }

    @Test
    void featureCheckAgreesWithCriuAndPreDumpNeedsMemoryTracking() throws Exception {
        Path criu = Requirements.criu();
        var features = containers.featureCheck(java.util.EnumSet.allOf(Feature.class));
        boolean memTrack = new ProcessBuilder(criu.toString(), "check", "--feature", "mem_dirty_track")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor() == 0;
        assertEquals(memTrack, features.contains(Feature.MEM_TRACK));
        if (memTrack) return; // pre-dump works on this kernel: covered where it does not, below
        try (var ct = TestContainer.start(null)) {
            Path images = TestContainer.LXCPATH.resolve(ct.name + "-pre");
            try {
                var e = assertThrows(LxcException.class, () -> containers.preDump(ct.name, CheckpointOptions.to(images)));
                assertTrue(e.cause().contains("mem_dirty_track"), e.cause());
                assertNotEquals(-1, containers.initPid(ct.name));
                assertEquals(ContainerState.RUNNING, containers.state(ct.name));
            } finally {
                Containers.deleteQuietly(images);
            }
        }
    }
}
