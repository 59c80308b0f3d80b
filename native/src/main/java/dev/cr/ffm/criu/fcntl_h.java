package dev.cr.ffm.criu;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

/**
 * The two libc calls libcriu's options need: it takes the images and work directories as open file
 * descriptors ({@code criu_local_set_images_dir_fd}), which Java's file API cannot hand out.
 * {@code errno} is captured per call into a segment the caller allocates ({@link #errnoState}).
 */
public final class fcntl_h {
    private fcntl_h() {}

    /** {@snippet lang=c : #define O_RDONLY 0 } */
    public static int O_RDONLY() { return 0; }
    /** {@snippet lang=c : #define O_DIRECTORY 0200000 } */
    public static int O_DIRECTORY() { return 0200000; }
    /** {@snippet lang=c : #define O_CLOEXEC 02000000 } */
    public static int O_CLOEXEC() { return 02000000; }
    /** {@snippet lang=c : #define O_PATH 010000000 } */
    public static int O_PATH() { return 010000000; }

    private static final Linker.Option CAPTURE_ERRNO = Linker.Option.captureCallState("errno");
    private static final StructLayout CAPTURE_LAYOUT = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CAPTURE_LAYOUT.varHandle(MemoryLayout.PathElement.groupElement("errno"));

    /** The layout of the segment {@code open} and {@code close} write errno into. */
    public static StructLayout errnoState() { return CAPTURE_LAYOUT; }

    /** The errno captured in {@code state} by the last call that used it. */
    public static int errno(MemorySegment state) { return (int) ERRNO.get(state, 0L); }

    private static final class open {
        // open is variadic; called without the mode argument, its fixed part is (const char *, int).
        static final FunctionDescriptor DESC = FunctionDescriptor.of(ValueLayout.JAVA_INT, criu_h.C_POINTER, ValueLayout.JAVA_INT);
        static final MemorySegment ADDR = Linker.nativeLinker().defaultLookup().find("open").orElseThrow();
        static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC, CAPTURE_ERRNO);
    }

    /** {@snippet lang=c : int open(const char *pathname, int flags); } with errno written to {@code errnoState}. */
    public static int open(MemorySegment errnoState, MemorySegment pathname, int flags) {
        try {
            return (int) open.HANDLE.invokeExact(errnoState, pathname, flags);
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class close {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT);
        static final MemorySegment ADDR = Linker.nativeLinker().defaultLookup().find("close").orElseThrow();
        static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC, CAPTURE_ERRNO);
    }

    /** {@snippet lang=c : int close(int fd); } with errno written to {@code errnoState}. */
    public static int close(MemorySegment errnoState, int fd) {
        try {
            return (int) close.HANDLE.invokeExact(errnoState, fd);
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }
}
