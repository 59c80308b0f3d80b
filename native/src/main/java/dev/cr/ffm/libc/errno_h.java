package dev.cr.ffm.libc;

import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.VarHandle;

/**
 * {@code errno} as the functions of this package report it: each function that sets errno takes, as its first
 * argument, a segment of {@link #errnoState()} that the caller allocates, and the linker writes errno there right
 * after the call (a segment per call or per thread, never a shared one: errno is per thread).
 */
public final class errno_h {
    private errno_h() {}

    /** {@snippet lang=c : #define EINTR 4 } */
    public static int EINTR() { return 4; }
    /** {@snippet lang=c : #define ESRCH 3 } */
    public static int ESRCH() { return 3; }
    /** {@snippet lang=c : #define ECHILD 10 } */
    public static int ECHILD() { return 10; }

    static final Linker.Option CAPTURE_ERRNO = Linker.Option.captureCallState("errno");
    private static final StructLayout CAPTURE_LAYOUT = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CAPTURE_LAYOUT.varHandle(MemoryLayout.PathElement.groupElement("errno"));

    /** The layout of the segment errno is written into. */
    public static StructLayout errnoState() { return CAPTURE_LAYOUT; }

    /** The errno captured in {@code state} by the last call that used it. */
    public static int errno(MemorySegment state) { return (int) ERRNO.get(state, 0L); }
}
