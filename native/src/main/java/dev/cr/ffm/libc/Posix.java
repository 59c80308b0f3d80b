package dev.cr.ffm.libc;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The libc calls the engine makes, as thin static wrappers in Java types, in the manner of the JDK's
 * {@code UnixNativeDispatcher}: each one's Javadoc is the C prototype; a call that can fail returns what the C call
 * returns on success or <em>minus errno</em> on failure, and the engine turns that into its own exception. Strings
 * and out-parameters live in a confined arena scoped to the one call, so no address leaves this class.
 */
public final class Posix {
    private Posix() {}

    /** {@code open(path, O_RDONLY)}'s access mode bits, for {@link #readOnly(int)}. */
    private static final int O_ACCMODE = 3;

    /** {@code int open(const char *pathname, O_RDONLY | O_DIRECTORY | O_CLOEXEC);} the descriptor or -errno. */
    public static int openDirectory(String path) {
        return open(path, fcntl_h.O_RDONLY() | fcntl_h.O_DIRECTORY() | fcntl_h.O_CLOEXEC());
    }

    /** {@code int open(const char *pathname, O_RDWR);} the descriptor or -errno. */
    public static int openReadWrite(String path) {
        return open(path, fcntl_h.O_RDWR());
    }

    private static int open(String path, int flags) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment errno = arena.allocate(errno_h.errnoState());
            int fd = fcntl_h.open(errno, arena.allocateFrom(path), flags);
            return fd >= 0 ? fd : -errno_h.errno(errno);
        }
    }

    /** Whether the flags of an open descriptor ({@code flags:} in {@code /proc/PID/fdinfo/FD}) say read-only. */
    public static boolean readOnly(int openFlags) {
        return (openFlags & O_ACCMODE) == fcntl_h.O_RDONLY();
    }

    /** {@code int close(int fd);} 0 or -errno. */
    public static int close(int fd) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment errno = arena.allocate(errno_h.errnoState());
            return fcntl_h.close(errno, fd) == 0 ? 0 : -errno_h.errno(errno);
        }
    }

    /** {@code int dup2(int oldfd, int newfd);} the new descriptor or -errno. */
    public static int dup2(int oldfd, int newfd) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment errno = arena.allocate(errno_h.errnoState());
            int r = unistd_h.dup2(errno, oldfd, newfd);
            return r >= 0 ? r : -errno_h.errno(errno);
        }
    }

    /**
     * {@code int unshare(CLONE_FILES);} gives the calling thread a descriptor table of its own (a copy of the shared
     * one); 0 or -errno.
     */
    public static int unshareDescriptorTable() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment errno = arena.allocate(errno_h.errnoState());
            return sched_h.unshare(errno, sched_h.CLONE_FILES()) == 0 ? 0 : -errno_h.errno(errno);
        }
    }

    /**
     * {@code pid_t waitpid(pid_t pid, int *wstatus, 0);} waits for a child, again when a signal interrupts the wait
     * (EINTR). The child's wait status (see {@link #killedBySignal(int)}) or -errno (ECHILD: someone else reaped it).
     */
    public static int waitFor(int pid) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment errno = arena.allocate(errno_h.errnoState());
            MemorySegment status = arena.allocate(ValueLayout.JAVA_INT);
            while (true) {
                int r = sys_wait_h.waitpid(errno, pid, status, 0);
                if (r == pid) return status.get(ValueLayout.JAVA_INT, 0);
                int e = r < 0 ? errno_h.errno(errno) : errno_h.ECHILD();
                if (e != errno_h.EINTR()) return -e;
            }
        }
    }

    /** {@code int kill(pid_t pid, SIGSTOP);} 0 or -errno. */
    public static int stop(int pid) {
        return kill(pid, signal_h.SIGSTOP());
    }

    /** {@code int kill(pid_t pid, SIGCONT);} 0 or -errno. */
    public static int resume(int pid) {
        return kill(pid, signal_h.SIGCONT());
    }

    private static int kill(int pid, int sig) {
        if (pid <= 0) return -errno_h.ESRCH(); // never a process group or every process
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment errno = arena.allocate(errno_h.errnoState());
            return signal_h.kill(errno, pid, sig) == 0 ? 0 : -errno_h.errno(errno);
        }
    }

    /** {@code WIFSIGNALED(status) ? WTERMSIG(status) : 0}: the signal that ended a child, or 0. */
    public static int killedBySignal(int waitStatus) {
        return sys_wait_h.WIFSIGNALED(waitStatus) ? sys_wait_h.WTERMSIG(waitStatus) : 0;
    }

    /** {@code char *getenv(const char *name);} from the C environment; null when unset. */
    public static String getenv(String name) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment v = stdlib_h.getenv(arena.allocateFrom(name));
            return v.equals(MemorySegment.NULL) ? null : v.getString(0);
        }
    }

    /** {@code int setenv(const char *name, const char *value, 1);} in the C environment; 0 or -1. */
    public static int setenv(String name, String value) {
        try (Arena arena = Arena.ofConfined()) {
            return stdlib_h.setenv(arena.allocateFrom(name), arena.allocateFrom(value), 1);
        }
    }

    /**
     * {@code long syscall(SYS_openat2, int dirfd, const char *pathname, struct open_how *how, size_t size);} with
     * {@code how} = {flags, mode 0, resolve}: the new descriptor or -errno (ENOSYS before Linux 5.6).
     */
    public static int openat2(int dirfd, String pathname, long flags, long resolve) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment how = arena.allocate(open_how.layout());
            open_how.flags(how, flags);
            open_how.mode(how, 0);
            open_how.resolve(how, resolve);
            MemorySegment errno = arena.allocate(openat2_h.errnoState());
            long r = openat2_h.openat2(errno, dirfd, arena.allocateFrom(pathname), how, open_how.sizeof());
            return r >= 0 ? (int) r : -openat2_h.errno(errno);
        }
    }
}
