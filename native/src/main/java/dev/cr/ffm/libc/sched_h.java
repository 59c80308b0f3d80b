package dev.cr.ffm.libc;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

import static dev.cr.ffm.libc.Libc.C_INT;

/** {@code <sched.h>}: {@code unshare}, for a thread that needs a descriptor table of its own. */
public final class sched_h {
    private sched_h() {}

    /** {@snippet lang=c : #define CLONE_FILES 0x00000400 } */
    public static int CLONE_FILES() { return 0x00000400; }

    private static final MethodHandle UNSHARE = Libc.handle("unshare", FunctionDescriptor.of(C_INT, C_INT),
            errno_h.CAPTURE_ERRNO);

    /**
     * {@snippet lang=c : int unshare(int flags); } with errno written to {@code errnoState}. With
     * {@code CLONE_FILES} only the calling thread gets a copy of the descriptor table; the other threads keep sharing
     * the old one.
     */
    public static int unshare(MemorySegment errnoState, int flags) {
        try {
            return (int) UNSHARE.invokeExact(errnoState, flags);
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }
}
