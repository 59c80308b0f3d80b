package dev.cr.ffm.libc;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The libc facade: results in Java types, failures as minus errno, never an address. */
class PosixTest {
    private static final int ENOENT = 2, ESRCH = 3, EBADF = 9, ECHILD = 10, ENOTDIR = 20, ELOOP = 40;

    @Test
    void failuresComeBackAsMinusErrno(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("f"), "x");
        assertEquals(-ENOTDIR, Posix.openDirectory(file.toString()));
        assertEquals(-ENOENT, Posix.openDirectory(dir.resolve("missing").toString()));
        assertEquals(-EBADF, Posix.close(-1));
        assertEquals(-ECHILD, Posix.waitFor(1), "init is nobody's child here");
    }

    @Test
    void aDirectoryOpensAndCloses(@TempDir Path dir) {
        int fd = Posix.openDirectory(dir.toString());
        assertTrue(fd >= 0, "fd " + fd);
        assertTrue(Files.isDirectory(Path.of("/proc/self/fd", Integer.toString(fd))));
        assertEquals(0, Posix.close(fd));
        assertEquals(-EBADF, Posix.close(fd));
    }

    @Test
    void openat2RefusesALinkBeneathTheDirectory(@TempDir Path dir) throws Exception {
        Files.createDirectory(dir.resolve("real"));
        Files.createSymbolicLink(dir.resolve("link"), Path.of("/etc"));
        int top = Posix.openat2(openat2_h.AT_FDCWD(), dir.toString(), openat2_h.O_PATH() | openat2_h.O_DIRECTORY(), 0);
        assertTrue(top >= 0, "top " + top);
        try {
            long beneath = openat2_h.RESOLVE_BENEATH() | openat2_h.RESOLVE_NO_SYMLINKS();
            int real = Posix.openat2(top, "real", openat2_h.O_PATH() | openat2_h.O_DIRECTORY(), beneath);
            assertTrue(real >= 0, "real " + real);
            Posix.close(real);
            assertEquals(-ELOOP, Posix.openat2(top, "link", openat2_h.O_PATH() | openat2_h.O_DIRECTORY(), beneath));
        } finally {
            Posix.close(top);
        }
    }

    @Test
    void theCEnvironmentIsReadAndWritten() {
        String name = "CR_POSIX_TEST_" + ProcessHandle.current().pid();
        assertEquals(null, Posix.getenv(name));
        assertEquals(0, Posix.setenv(name, "a:b"));
        assertEquals("a:b", Posix.getenv(name));
    }

    @Test
    void aSpawnedWorkerGetsItsEndAndIsReaped() {
        // sh -c SCRIPT FD: the worker's end of the socket is $0; it exits with 3 when that descriptor is open.
        WorkerSpawn.Spawned w = WorkerSpawn.start("/bin/sh", "-c", "[ -e /proc/self/fd/$0 ] && exit 3; exit 4");
        assertTrue(w.started(), w.toString());
        assertEquals(0, Posix.close(w.fd()));
        int status = Posix.waitFor(w.pid());
        assertEquals(3, (status >> 8) & 0xff, "exit status of the worker (wait status " + status + ")");
        assertEquals(0, Posix.killedBySignal(status));
    }

    @Test
    void aMissingProgramIsAFailedSpawnWithItsErrno() {
        WorkerSpawn.Spawned w = WorkerSpawn.start("/nonexistent/criu", "swrk");
        assertFalse(w.started());
        assertEquals(WorkerSpawn.Step.POSIX_SPAWN, w.failedStep());
        assertEquals(ENOENT, w.error());
    }

    @Test
    void stopAndResumeSignalOneProcessAndNeverAGroup() throws Exception {
        Process sleeper = new ProcessBuilder("sleep", "60").start();
        try {
            int pid = Math.toIntExact(sleeper.pid());
            assertEquals(0, Posix.stop(pid));
            awaitState(pid, 'T');
            assertEquals(0, Posix.resume(pid));
            awaitState(pid, 'S');
        } finally {
            sleeper.destroyForcibly().waitFor();
        }
        int gone = Math.toIntExact(sleeper.pid());
        assertEquals(-ESRCH, Posix.stop(gone), "a reaped process");
        // kill(0, ...) would stop this JVM's whole process group, kill(-1, ...) every process it may signal.
        assertEquals(-ESRCH, Posix.stop(0));
        assertEquals(-ESRCH, Posix.stop(-1));
        assertEquals(-ESRCH, Posix.resume(-1));
    }

    /** Waits for the state letter of /proc/PID/stat (after the command's closing parenthesis). */
    private static void awaitState(int pid, char state) throws Exception {
        String stat = "";
        for (int i = 0; i < 200; i++) {
            stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            if (stat.charAt(stat.lastIndexOf(')') + 2) == state) return;
            Thread.sleep(10);
        }
        throw new AssertionError("pid " + pid + " never reached state " + state + ": " + stat);
    }
}
