package dev.cr.ffm.libc;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

import static dev.cr.ffm.libc.Libc.C_INT;

/** {@code <unistd.h>}: the process's C environment, {@code environ}, which a spawned child is given, and {@code dup2}. */
public final class unistd_h {
    private unistd_h() {}

    private static final class dup2 {
        static final MethodHandle HANDLE = Libc.handle("dup2", FunctionDescriptor.of(C_INT, C_INT, C_INT), errno_h.CAPTURE_ERRNO);
    }

    /** {@snippet lang=c : int dup2(int oldfd, int newfd); } with errno written to {@code errnoState}. */
    public static int dup2(MemorySegment errnoState, int oldfd, int newfd) {
        try {
            return (int) dup2.HANDLE.invokeExact(errnoState, oldfd, newfd);
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }

    private static final class environ$constants {
        static final MemorySegment SEGMENT = Libc.find("environ").reinterpret(Libc.C_POINTER.byteSize());
    }

    /**
     * Getter for variable: {@snippet lang=c : extern char **environ; }
     * Read at each call: {@code setenv} may have moved the array since.
     */
    public static MemorySegment environ() {
        return environ$constants.SEGMENT.get(Libc.C_POINTER, 0L);
    }
}
