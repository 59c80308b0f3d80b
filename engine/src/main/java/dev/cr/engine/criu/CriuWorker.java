package dev.cr.engine.criu;

import dev.cr.ffm.libc.errno_h;
import dev.cr.ffm.libc.fcntl_h;
import dev.cr.ffm.libc.posix_spawn_file_actions_t;
import dev.cr.ffm.libc.posix_spawnattr_t;
import dev.cr.ffm.libc.sigset_t;
import dev.cr.ffm.libc.signal_h;
import dev.cr.ffm.libc.spawn_h;
import dev.cr.ffm.libc.sys_socket_h;
import dev.cr.ffm.libc.sys_wait_h;
import dev.cr.ffm.libc.unistd_h;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.List;

/**
 * One {@code criu swrk FD} child serving one libcriu call, started with {@code posix_spawn} over a socketpair.
 *
 * <p>Why not let libcriu start it: libcriu {@code fork}s the calling process, and forking a JVM copies its page
 * tables and makes it take copy-on-write faults until the child execs, a cost that grows with the JVM. glibc's
 * {@code posix_spawn} starts the child without copying this process. libcriu then talks to the child through
 * the connected end ({@code criu_local_set_service_fd}), speaking the same requests as it would to its own child.
 *
 * <p>Both ends are close-on-exec, so a child that another thread starts meanwhile (another CRIU call, a
 * {@link ProcessBuilder}) cannot inherit them and keep a dead CRIU's connection open; only this child gets its end,
 * without the flag, at the same number it is told on its command line. The child starts with no blocked signal and
 * every signal at its default action, as CRIU expects (libcriu's own child unblocked SIGCHLD for the same reason).
 *
 * <p>The worker answers one request and exits; {@link #close()} waits for it, so no call leaves a zombie.
 */
final class CriuWorker implements AutoCloseable {
    private final Arena arena = Arena.ofConfined();
    private final MemorySegment errno = arena.allocate(errno_h.errnoState());
    private final int pid;
    private int fd;
    private boolean handedOver;
    private Integer status;

    private CriuWorker(String operation, Path binary) {
        MemorySegment sv = arena.allocate(ValueLayout.JAVA_INT, 2);
        if (sys_socket_h.socketpair(errno, sys_socket_h.AF_UNIX(), sys_socket_h.SOCK_SEQPACKET() | sys_socket_h.SOCK_CLOEXEC(), 0, sv) != 0) {
            int e = errno_h.errno(errno);
            arena.close();
            throw new CriuException(operation, null, "cannot make a socket pair to talk to CRIU: " + Errno.describe(e),
                    null, null, List.of(), null);
        }
        fd = sv.getAtIndex(ValueLayout.JAVA_INT, 0);
        int childEnd = sv.getAtIndex(ValueLayout.JAVA_INT, 1);
        MemorySegment actions = posix_spawn_file_actions_t.allocate(arena);
        MemorySegment attr = posix_spawnattr_t.allocate(arena);
        int rc;
        spawn_h.posix_spawn_file_actions_init(actions);
        spawn_h.posix_spawnattr_init(attr);
        try {
            spawn_h.posix_spawn_file_actions_adddup2(actions, childEnd, childEnd);  // same number: drops CLOEXEC
            MemorySegment none = sigset_t.allocate(arena);
            MemorySegment all = sigset_t.allocate(arena);
            signal_h.sigemptyset(none);
            signal_h.sigfillset(all);
            spawn_h.posix_spawnattr_setsigmask(attr, none);
            spawn_h.posix_spawnattr_setsigdefault(attr, all);
            spawn_h.posix_spawnattr_setflags(attr, (short) (spawn_h.POSIX_SPAWN_SETSIGMASK() | spawn_h.POSIX_SPAWN_SETSIGDEF()));
            MemorySegment path = arena.allocateFrom(binary.toString());
            MemorySegment argv = arena.allocate(ValueLayout.ADDRESS, 4);
            argv.setAtIndex(ValueLayout.ADDRESS, 0, path);
            argv.setAtIndex(ValueLayout.ADDRESS, 1, arena.allocateFrom("swrk"));
            argv.setAtIndex(ValueLayout.ADDRESS, 2, arena.allocateFrom(Integer.toString(childEnd)));
            argv.setAtIndex(ValueLayout.ADDRESS, 3, MemorySegment.NULL);
            MemorySegment pidOut = arena.allocate(ValueLayout.JAVA_INT);
            rc = spawn_h.posix_spawn(pidOut, path, actions, attr, argv, unistd_h.environ());
            pid = rc == 0 ? pidOut.get(ValueLayout.JAVA_INT, 0) : -1;
        } finally {
            spawn_h.posix_spawn_file_actions_destroy(actions);
            spawn_h.posix_spawnattr_destroy(attr);
            fcntl_h.close(errno, childEnd);
        }
        if (rc != 0) {
            fcntl_h.close(errno, fd);
            arena.close();
            throw new CriuException(operation, null, "cannot start " + binary + " swrk: " + Errno.describe(rc),
                    "check that " + binary + " is an executable CRIU (or point CR_CRIU at one)", null, List.of(), null);
        }
    }

    /** Starts {@code binary swrk} connected to this process. */
    static CriuWorker start(String operation, Path binary) {
        return new CriuWorker(operation, binary);
    }

    /** The pid of the {@code criu swrk} child. */
    int pid() { return pid; }

    /**
     * The descriptor libcriu talks to the worker through. libcriu closes it when its call returns (every request
     * function does, on success and on failure), so the caller marks it {@link #handedOver()} before the call.
     */
    int serviceFd() { return fd; }

    /** libcriu owns the descriptor from now on; closing this worker must not close it a second time. */
    void handedOver() { handedOver = true; }

    /** How the worker ended ({@code waitpid} status), once {@link #close()} reaped it; null before or when unknown. */
    Integer status() { return status; }

    /** In words, how the worker ended when that was not a normal exit: "killed by signal 11", or null. */
    String abnormalEnd() {
        if (status == null) return null;
        if (sys_wait_h.WIFSIGNALED(status)) return "criu swrk (pid " + pid + ") was killed by signal " + sys_wait_h.WTERMSIG(status);
        return null;
    }

    /**
     * Closes this end unless libcriu has it (the worker exits when it reads end-of-file), then reaps the worker.
     */
    @Override
    public void close() {
        if (!arena.scope().isAlive()) return;
        try {
            if (!handedOver) fcntl_h.close(errno, fd);
            fd = -1;
            MemorySegment st = arena.allocate(ValueLayout.JAVA_INT);
            while (true) {
                int r = sys_wait_h.waitpid(errno, pid, st, 0);
                if (r == pid) {
                    status = st.get(ValueLayout.JAVA_INT, 0);
                    break;
                }
                // EINTR: a signal came in; ECHILD: someone else reaped it (an embedder ignoring SIGCHLD)
                if (r < 0 && errno_h.errno(errno) == errno_h.EINTR()) continue;
                break;
            }
        } finally {
            arena.close();
        }
    }
}
