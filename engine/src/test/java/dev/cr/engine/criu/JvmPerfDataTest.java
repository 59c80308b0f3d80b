package dev.cr.engine.criu;

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
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A real JVM (the JDK running these tests) dumped, then another JVM started, then restored: the JVM that starts
 * deletes the dumped one's /tmp/hsperfdata_USER/PID, which the images map, and the restore must still work.
 */
class JvmPerfDataTest {
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

    static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();

    /** A multi-threaded program: four threads count, the main thread writes the sum to a file every 50 ms. */
    Path program() throws IOException {
        Path src = tmp.resolve("Counting.java");
        Files.writeString(src, """
                import java.nio.file.*; import java.util.concurrent.atomic.AtomicLong;
                public class Counting {
                    public static void main(String[] a) throws Exception {
                        AtomicLong n = new AtomicLong();
                        for (int i = 0; i < 4; i++) Thread.ofPlatform().daemon().start(() -> {
                            while (true) { n.incrementAndGet(); try { Thread.sleep(5); } catch (InterruptedException e) { return; } }
                        });
                        Path out = Path.of(a[0]), part = Path.of(a[0] + ".part");
                        while (true) { Files.writeString(part, Long.toString(n.get())); Files.move(part, out, StandardCopyOption.REPLACE_EXISTING); Thread.sleep(50); }
                    }
                }
                """);
        return src;
    }

    static long count(Path f) {
        try {
            return Long.parseLong(Files.readString(f).trim());
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
    }

    static Path perfFile(int pid) {
        return Path.of("/tmp/hsperfdata_" + System.getProperty("user.name"), Integer.toString(pid));
    }

    static void startAnotherJvm() throws Exception {
        Process p = new ProcessBuilder(JAVA, "-version").redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue());
    }

    @Test
    void aJvmStartedAfterTheDumpCannotBreakTheRestore() throws Exception {
        Path count = tmp.resolve("count");
        // In this pid namespace (not a pid namespace of its own): that is where the next JVM sees the pid dead.
        Workload w = Workload.command(JAVA, "-Xmx64m", "-XX:+UseSerialGC", program().toString(), count.toString());
        workloads.add(w);
        Workload.await(() -> count(count) > 0, Duration.ofSeconds(60), "the JVM to count");
        Path perf = perfFile(w.pid());
        assertTrue(Files.isRegularFile(perf), perf + " is mapped by the JVM");
        byte[] before = Files.readAllBytes(perf);

        Path images = tmp.resolve("images");
        criu.dump(DumpOptions.builder(w.pid(), images).build());
        assertTrue(Files.isRegularFile(images.resolve(JvmPerfData.LIST)), "the dump keeps a copy");
        assertEquals(before.length, Files.size(images.resolve("jvm-perfdata-1")));
        w.awaitGone();
        long atDump = count(count);

        // What broke the restore: a JVM that starts removes the performance-data file of a pid it finds dead.
        startAnotherJvm();
        assertFalse(Files.exists(perf), "a JVM started after the dump removed " + perf);

        // Without the copy (images made by CRIU alone), the refusal names the cause.
        Path bare = tmp.resolve("bare");
        Files.createDirectories(bare);
        try (var files = Files.list(images)) {
            for (Path f : files.toList())
                if (!f.getFileName().toString().startsWith("jvm-perfdata")) Files.copy(f, bare.resolve(f.getFileName()));
        }
        CriuException e = assertThrows(CriuException.class, () -> criu.restore(RestoreOptions.builder(bare).build()));
        assertEquals(FailureCause.JVM_PERF_DATA_MISSING, e.kind().orElse(null), e.cause() + "\n" + e.logLines());
        assertFalse(Files.exists(perf));
        // The failed restore had created the JVM's task: a zombie until init reaps it, holding the pid.
        Workload.await(() -> !Files.exists(Path.of("/proc", Integer.toString(w.pid()))), Duration.ofSeconds(10),
                "the task of the failed restore to be reaped");

        // With it, the restore puts the file back (same size, mode and owner) and the JVM goes on counting.
        RestoreResult r = criu.restore(RestoreOptions.builder(images).build());
        w.adopt(r.pid());
        assertEquals(w.pid(), r.pid());
        assertTrue(Files.isRegularFile(perf));
        assertEquals(before.length, Files.size(perf));
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(perf)));
        Workload.await(() -> count(count) > atDump, Duration.ofSeconds(30), "the restored JVM to count on");
        // And a JVM started now leaves it alone: its pid lives again.
        startAnotherJvm();
        assertTrue(Files.isRegularFile(perf));
        assertTrue(Workload.alive(r.pid()));
    }

    @Test
    void aFilePutBackAndRemovedAgainBeforeCriuOpensItIsPutBackOnceMore() throws Exception {
        Path count = tmp.resolve("count");
        Workload w = Workload.command(JAVA, "-Xmx64m", "-XX:+UseSerialGC", program().toString(), count.toString());
        workloads.add(w);
        Workload.await(() -> count(count) > 0, Duration.ofSeconds(60), "the JVM to count");
        Path perf = perfFile(w.pid());
        Path images = tmp.resolve("images");
        criu.dump(DumpOptions.builder(w.pid(), images).build());
        w.awaitGone();
        long atDump = count(count);
        // What a JVM starting at that moment does: remove the file after cr put it back, before CRIU opens it.
        // CRIU's pre-restore notification comes before it creates any task; the first one removes the file.
        var removals = new java.util.concurrent.atomic.AtomicInteger();
        RestoreResult r = criu.restore(RestoreOptions.builder(images).listener(n -> {
            if (Notification.PRE_RESTORE.equals(n.action()) && removals.get() == 0 && Files.deleteIfExists(perf))
                removals.incrementAndGet();
        }).build());
        w.adopt(r.pid());
        assertEquals(1, removals.get(), "the file was removed once, after it was put back");
        assertTrue(Files.isRegularFile(perf));
        Workload.await(() -> count(count) > atDump, Duration.ofSeconds(30), "the restored JVM to count on");
    }

    @Test
    void theCopyIsOnlyMadeForPerformanceDataFilesAndDroppedWhenTheDumpFails() throws Exception {
        Workload shell = Workload.inPidNamespace("while :; do sleep 0.1; done");
        workloads.add(shell);
        assertTrue(JvmPerfData.mappedBy(shell.pid()).isEmpty(), "a shell maps no performance data");
        Path images = tmp.resolve("images");
        criu.dump(DumpOptions.builder(shell.pid(), images).leaveRunning(true).build());
        assertFalse(Files.exists(images.resolve(JvmPerfData.LIST)));

        Path count = tmp.resolve("count");
        Workload jvm = Workload.command(JAVA, "-Xmx64m", "-XX:+UseSerialGC", program().toString(), count.toString());
        workloads.add(jvm);
        Workload.await(() -> count(count) > 0, Duration.ofSeconds(60), "the JVM to count");
        assertEquals(List.of(perfFile(jvm.pid())), List.copyOf(JvmPerfData.mappedBy(jvm.pid()).keySet()));
        // CRIU's fault injection fails the dump after the copy was made: the copy goes with the failed dump.
        Path wrapper = tmp.resolve("criu-failing-pages");
        Files.writeString(wrapper, "#!/bin/sh\nCRIU_FAULT=3 exec " + criu.binary() + " \"$@\"\n");
        Files.setPosixFilePermissions(wrapper, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        Path failed = tmp.resolve("failed");
        assertThrows(CriuException.class, () -> Criu.at(wrapper).dump(DumpOptions.builder(jvm.pid(), failed).build()));
        try (var files = Files.list(failed)) {
            assertEquals(List.of(), files.filter(f -> f.getFileName().toString().startsWith("jvm-perfdata")).toList());
        }
        assertTrue(Workload.alive(jvm.pid()));
    }
}
