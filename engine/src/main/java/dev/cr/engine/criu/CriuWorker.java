package dev.cr.engine.criu;

import dev.cr.ffm.libc.Posix;
import dev.cr.ffm.libc.WorkerSpawn;

import java.nio.file.Path;

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
    private final int pid;
    private int fd;
    private boolean handedOver;
    private boolean closed;
    private Integer status;

    private CriuWorker(String operation, Path binary) {
        WorkerSpawn.Spawned w = WorkerSpawn.start(binary.toString(), "swrk");
        if (!w.started() && w.failedStep() == WorkerSpawn.Step.SOCKETPAIR) {
            throw CriuException.setupFailed(operation, "cannot make a socket pair to talk to CRIU: " + Errno.describe(w.error()),
                    null, null);
        }
        if (!w.started()) {
            throw CriuException.setupFailed(operation, "cannot start " + binary + " swrk: " + Errno.describe(w.error()),
                    "check that " + binary + " is an executable CRIU (or point CR_CRIU at one)", null);
        }
        pid = w.pid();
        fd = w.fd();
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
        int signal = Posix.killedBySignal(status);
        return signal != 0 ? "criu swrk (pid " + pid + ") was killed by signal " + signal : null;
    }

    /**
     * Closes this end unless libcriu has it (the worker exits when it reads end-of-file), then reaps the worker.
     * A failed wait (ECHILD: an embedder ignoring SIGCHLD had it reaped) leaves the status unknown.
     */
    @Override
    public void close() {
        if (closed) return;
        closed = true;
        if (!handedOver) Posix.close(fd);
        fd = -1;
        int st = Posix.waitFor(pid);
        if (st >= 0) status = st;
    }
}
