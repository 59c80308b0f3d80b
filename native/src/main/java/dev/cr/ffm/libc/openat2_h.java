package dev.cr.ffm.libc;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

/**
 * openat2(2) (linux/openat2.h), which glibc 2.36 does not wrap: it is called through {@code syscall(2)}. It opens
 * a path relative to a directory descriptor with resolution rules the kernel enforces on every component:
 * {@code RESOLVE_BENEATH} (never above the directory), {@code RESOLVE_NO_SYMLINKS}, {@code RESOLVE_NO_MAGICLINKS}.
 * The {@code O_*} flags it takes are those of fcntl.h (x86_64 values). {@code errno} is captured per call into a
 * segment the caller allocates ({@link #errnoState}); nothing here is shared between threads.
 */
public final class openat2_h {
    private openat2_h() {}

    /** {@snippet lang=c : #define SYS_openat2 437 } (x86_64, asm/unistd_64.h) */
    public static long SYS_openat2() { return 437; }
    /** {@snippet lang=c : #define AT_FDCWD -100 } */
    public static int AT_FDCWD() { return -100; }
    /** {@snippet lang=c : #define O_RDONLY 0 } */
    public static long O_RDONLY() { return 0; }
    /** {@snippet lang=c : #define O_NONBLOCK 04000 } */
    public static long O_NONBLOCK() { return 04000; }
    /** {@snippet lang=c : #define O_DIRECTORY 0200000 } */
    public static long O_DIRECTORY() { return 0200000; }
    /** {@snippet lang=c : #define O_NOFOLLOW 0400000 } */
    public static long O_NOFOLLOW() { return 0400000; }
    /** {@snippet lang=c : #define O_CLOEXEC 02000000 } */
    public static long O_CLOEXEC() { return 02000000; }
    /** {@snippet lang=c : #define O_PATH 010000000 } */
    public static long O_PATH() { return 010000000; }
    /** {@snippet lang=c : #define RESOLVE_NO_XDEV 0x01 } */
    public static long RESOLVE_NO_XDEV() { return 0x01; }
    /** {@snippet lang=c : #define RESOLVE_NO_MAGICLINKS 0x02 } */
    public static long RESOLVE_NO_MAGICLINKS() { return 0x02; }
    /** {@snippet lang=c : #define RESOLVE_NO_SYMLINKS 0x04 } */
    public static long RESOLVE_NO_SYMLINKS() { return 0x04; }
    /** {@snippet lang=c : #define RESOLVE_BENEATH 0x08 } */
    public static long RESOLVE_BENEATH() { return 0x08; }

    private static final Linker LINKER = Linker.nativeLinker();
    private static final Linker.Option CAPTURE_ERRNO = Linker.Option.captureCallState("errno");
    private static final StructLayout CAPTURE_LAYOUT = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CAPTURE_LAYOUT.varHandle(MemoryLayout.PathElement.groupElement("errno"));

    /** The layout of the segment the calls here write errno into. */
    public static StructLayout errnoState() { return CAPTURE_LAYOUT; }

    /** The errno captured in {@code state} by the last call that used it. */
    public static int errno(MemorySegment state) { return (int) ERRNO.get(state, 0L); }

    private static final class syscall_openat2 {
        // long syscall(long number, ...): variadic after the number; the kernel takes (int, const char *, struct open_how *, size_t).
        static final FunctionDescriptor DESC = FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG,
                ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG);
        static final MethodHandle HANDLE = LINKER.downcallHandle(LINKER.defaultLookup().find("syscall").orElseThrow(), DESC,
                CAPTURE_ERRNO, Linker.Option.firstVariadicArg(1));
    }

    /**
     * {@snippet lang=c : long syscall(SYS_openat2, int dirfd, const char *pathname, struct open_how *how, size_t size); }
     * with errno written to {@code errnoState}. Returns the new descriptor, or -1.
     */
    public static long openat2(MemorySegment errnoState, int dirfd, MemorySegment pathname, MemorySegment how, long size) {
        try {
            return (long) syscall_openat2.HANDLE.invokeExact(errnoState, SYS_openat2(), dirfd, pathname, how, size);
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class close {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT);
        static final MethodHandle HANDLE = LINKER.downcallHandle(LINKER.defaultLookup().find("close").orElseThrow(), DESC, CAPTURE_ERRNO);
    }

    /** {@snippet lang=c : int close(int fd); } (unistd.h) with errno written to {@code errnoState}. */
    public static int close(MemorySegment errnoState, int fd) {
        try {
            return (int) close.HANDLE.invokeExact(errnoState, fd);
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }
}
