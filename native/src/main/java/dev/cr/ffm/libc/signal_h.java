package dev.cr.ffm.libc;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

import static dev.cr.ffm.libc.Libc.C_INT;
import static dev.cr.ffm.libc.Libc.C_POINTER;

/** The {@code <signal.h>} functions that fill a {@link sigset_t} for {@link spawn_h}. */
public final class signal_h {
    private signal_h() {}

    private static final MethodHandle SIGEMPTYSET = Libc.handle("sigemptyset", FunctionDescriptor.of(C_INT, C_POINTER));
    private static final MethodHandle SIGFILLSET = Libc.handle("sigfillset", FunctionDescriptor.of(C_INT, C_POINTER));

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
