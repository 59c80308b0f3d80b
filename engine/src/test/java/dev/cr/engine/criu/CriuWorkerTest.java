package dev.cr.engine.criu;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * How {@link CriuWorker} starts its child, seen from inside the child: a probe executable stands where CRIU would
 * and writes down what it was given (arguments, signal mask, descriptors), then reads its socket until end-of-file
 * as {@code criu swrk} does. CRIU's own requests over the socket are covered by the dump, restore and notify tests.
 */
class CriuWorkerTest {
    @TempDir Path tmp;

    /**
     * A probe that writes its arguments to {@code report}, then becomes {@code cat} reading its socket until
     * end-of-file (as {@code criu swrk} reads requests). The signal state and descriptors are read from outside,
     * from /proc, once it is {@code cat}: the shells on the way block signals for moments of their own.
     */
    Path probe(String name, Path report) throws IOException {
        Path p = tmp.resolve(name);
        Files.writeString(p, "#!/bin/sh\n"
                + "echo \"args $*\" > " + report + ".tmp && mv " + report + ".tmp " + report + "\n"
                + "exec bash -c 'exec cat <&$1 >/dev/null' - \"$2\"\n");   // dash cannot redirect from fds above 9
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwx------"));
        return p;
    }

    /** The probe's arguments line, then its SigBlk and SigIgn lines and "fd N TARGET" lines, once it runs cat. */
    static List<String> awaitReport(Path report, int pid) throws Exception {
        long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        Path proc = Path.of("/proc", Integer.toString(pid));
        while (!Files.exists(report) || !Files.readString(proc.resolve("comm")).trim().equals("cat")) {
            if (System.nanoTime() > end) throw new AssertionError("the probe did not start");
            Thread.sleep(10);
        }
        List<String> lines = new ArrayList<>(Files.readAllLines(report));
        Files.readAllLines(proc.resolve("status")).stream().filter(l -> l.matches("Sig(Blk|Ign):.*")).forEach(lines::add);
        try (Stream<Path> fds = Files.list(proc.resolve("fd"))) {
            for (Path f : fds.toList()) lines.add("fd " + f.getFileName() + " " + Files.readSymbolicLink(f));
        }
        return lines;
    }

    static String socketOf(int fd) throws IOException {
        return Files.readSymbolicLink(Path.of("/proc/self/fd", Integer.toString(fd))).toString();
    }

    @Test
    void theChildGetsItsEndByNumberCleanSignalsAndIsReapedOnEndOfFile() throws Exception {
        Path report = tmp.resolve("report");
        CriuWorker w = CriuWorker.start("test", probe("criu", report));
        try {
            childState(w, report);
        } catch (Throwable t) {
            w.close();
            throw t;
        }
        long t0 = System.nanoTime();
        w.close();                                   // closes our end: the probe's cat sees end-of-file and exits
        assertTrue(System.nanoTime() - t0 < Duration.ofSeconds(5).toNanos(), "the worker ended on end-of-file");
        assertEquals(0, (int) w.status(), "reaped with its exit status");
        assertFalse(Files.exists(Path.of("/proc", Integer.toString(w.pid()))), "no zombie left behind");
    }

    void childState(CriuWorker w, Path report) throws Exception {
        List<String> lines = awaitReport(report, w.pid());
        String fd = Integer.toString(w.serviceFd());
        assertTrue(socketOf(w.serviceFd()).startsWith("socket:"), socketOf(w.serviceFd()));
        String args = lines.get(0);
        assertTrue(args.matches("args swrk \\d+"), args);
        String childFd = args.substring("args swrk ".length());
        assertTrue(lines.stream().anyMatch(l -> l.matches("fd " + childFd + " socket:\\[\\d+]")),
                "the child holds its end at the number it was told: " + lines);
        assertTrue(lines.contains("SigBlk:\t0000000000000000"), "no signal blocked in the child: " + lines);
        // glibc's posix_spawn leaves its two internal signals (32, 33) ignored in the child; none of the others
        long ignored = Long.parseLong(lines.stream().filter(l -> l.startsWith("SigIgn:")).findFirst().orElseThrow()
                .substring("SigIgn:".length()).trim(), 16);
        assertEquals(0, ignored & ~0x180000000L, "no signal ignored in the child: " + lines);
        String ours = socketOf(w.serviceFd());
        assertFalse(lines.stream().anyMatch(l -> l.endsWith(" " + ours)),
                "the child does not hold this process's end (fd " + fd + "): " + lines);
    }

    /**
     * A second worker started while the first is connected must not inherit the first one's descriptors: it would
     * keep the first connection open after the first CRIU died, and libcriu would wait on it for ever.
     */
    @Test
    void aWorkerStartedMeanwhileHoldsNoOtherConnection() throws Exception {
        Path reportA = tmp.resolve("a"), reportB = tmp.resolve("b");
        CriuWorker a = CriuWorker.start("test", probe("criu-a", reportA));
        CriuWorker b = null;
        try {
            List<String> linesA = awaitReport(reportA, a.pid());
            String aOurs = socketOf(a.serviceFd());
            String aChildFd = linesA.get(0).substring("args swrk ".length());
            String aTheirs = linesA.stream().filter(l -> l.startsWith("fd " + aChildFd + " ")).findFirst().orElseThrow()
                    .substring(("fd " + aChildFd + " ").length());
            b = CriuWorker.start("test", probe("criu-b", reportB));
            List<String> linesB = awaitReport(reportB, b.pid());
            assertNotEquals(aOurs, socketOf(b.serviceFd()));
            assertFalse(linesB.stream().anyMatch(l -> l.endsWith(" " + aOurs) || l.endsWith(" " + aTheirs)),
                    "worker b holds none of a's connection (" + aOurs + ", " + aTheirs + "): " + linesB);
        } finally {
            a.close();
            if (b != null) b.close();
        }
        assertEquals(0, (int) a.status());
        assertEquals(0, (int) b.status());
    }

    @Test
    void aBinaryThatCannotRunIsNamed() throws Exception {
        Path notExecutable = Files.writeString(tmp.resolve("criu"), "not a program");
        CriuException e = assertThrows(CriuException.class, () -> CriuWorker.start("dump of pid 1", notExecutable));
        assertTrue(e.getMessage().contains(notExecutable.toString()), e.getMessage());
    }
}
