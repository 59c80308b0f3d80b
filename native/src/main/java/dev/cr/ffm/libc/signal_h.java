package dev.cr.ffm.libc;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

import static dev.cr.ffm.libc.Libc.C_INT;
import static dev.cr.ffm.libc.Libc.C_POINTER;

/**
 * The {@code <signal.h>} functions that fill a {@link sigset_t} for {@link spawn_h}, and {@code kill}, which holds a
 * post-copy source's tasks without spawning {@code kill(1)}.
 */
public final class signal_h {
    private signal_h() {}

    private static final MethodHandle SIGEMPTYSET = Libc.handle("sigemptyset", FunctionDescriptor.of(C_INT, C_POINTER));
    private static final MethodHandle SIGFILLSET = Libc.handle("sigfillset", FunctionDescriptor.of(C_INT, C_POINTER));

    private static final class kill {
        static final MethodHandle HANDLE = Libc.handle("kill", FunctionDescriptor.of(C_INT, C_INT, C_INT), errno_h.CAPTURE_ERRNO);
    }

    /** {@snippet lang=c : #define SIGCONT 18 } */
    public static int SIGCONT() { return 18; }
    /** {@snippet lang=c : #define SIGSTOP 19 } */
    public static int SIGSTOP() { return 19; }

    /** {@snippet lang=c : int kill(pid_t pid, int sig); } with errno written to {@code errnoState}. */
    public static int kill(MemorySegment errnoState, int pid, int sig) {
        try {
            return (int) kill.HANDLE.invokeExact(errnoState, pid, sig);
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }

    /** {@snippet lang=c : int sigemptyset(sigset_t *set); } */
    public static int sigemptyset(MemorySegment set) {
        try {
            return (int) SIGEMPTYSET.invokeExact(set);
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }

    /** {@snippet lang=c : int sigfillset(sigset_t *set); } */
    public static int sigfillset(MemorySegment set) {
        try {
            return (int) SIGFILLSET.invokeExact(set);
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }
}
