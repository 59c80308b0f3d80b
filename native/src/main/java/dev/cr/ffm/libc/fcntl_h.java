package dev.cr.ffm.libc;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

import static dev.cr.ffm.libc.Libc.C_INT;
import static dev.cr.ffm.libc.Libc.C_POINTER;

/**
 * {@code <fcntl.h>} and {@code close}: libcriu takes the images and work directories as open file descriptors
 * ({@code criu_local_set_images_dir_fd}), which Java's file API cannot hand out, and a process that starts children
 * which must not inherit a descriptor marks it close-on-exec. errno goes to a segment of
 * {@link errno_h#errnoState()} the caller passes first.
 */
public final class fcntl_h {
    private fcntl_h() {}

    /** {@snippet lang=c : #define O_RDONLY 0 } */
    public static int O_RDONLY() { return 0; }
    /** {@snippet lang=c : #define O_RDWR 2 } */
    public static int O_RDWR() { return 2; }
    /** {@snippet lang=c : #define O_DIRECTORY 0200000 } */
    public static int O_DIRECTORY() { return 0200000; }
    /** {@snippet lang=c : #define O_CLOEXEC 02000000 } */
    public static int O_CLOEXEC() { return 02000000; }
    /** {@snippet lang=c : #define O_PATH 010000000 } */
    public static int O_PATH() { return 010000000; }
    /** {@snippet lang=c : #define F_GETFD 1 } */
    public static int F_GETFD() { return 1; }
    /** {@snippet lang=c : #define F_SETFD 2 } */
    public static int F_SETFD() { return 2; }
    /** {@snippet lang=c : #define FD_CLOEXEC 1 } */
    public static int FD_CLOEXEC() { return 1; }

    private static final class open {
        // open is variadic; called without the mode argument, its fixed part is (const char *, int).
        static final MethodHandle HANDLE = Libc.handle("open", FunctionDescriptor.of(C_INT, C_POINTER, C_INT),
                errno_h.CAPTURE_ERRNO);
    }

    /** {@snippet lang=c : int open(const char *pathname, int flags); } with errno written to {@code errnoState}. */
    public static int open(MemorySegment errnoState, MemorySegment pathname, int flags) {
        try {
            return (int) open.HANDLE.invokeExact(errnoState, pathname, flags);
        } catch (Throwable ex$) {
            throw Libc.rethrow(ex$);
        }
    }

    private static final class close {
        static final MethodHandle HANDLE = Libc.handle("close", FunctionDescriptor.of(C_INT, C_INT), errno_h.CAPTURE_ERRNO);
    }

    /** {@snippet lang=c : int close(int fd); } with errno written to {@code errnoState}. */
    public static int close(MemorySegment errnoState, int fd) {
        try {
            return (int) close.HANDLE.invokeExact(errnoState, fd);
        } catch (Throwable ex$) {
            throw Libc.rethrow(ex$);
        }
    }

    private static final class fcntl {
        // fcntl is variadic: bound for the commands that take an int argument (F_GETFD ignores it, F_SETFD reads it).
        static final MethodHandle HANDLE = Libc.handle("fcntl", FunctionDescriptor.of(C_INT, C_INT, C_INT, C_INT),
                errno_h.CAPTURE_ERRNO, java.lang.foreign.Linker.Option.firstVariadicArg(2));
    }

    /** {@snippet lang=c : int fcntl(int fd, int cmd, int arg); } with errno written to {@code errnoState}. */
    public static int fcntl(MemorySegment errnoState, int fd, int cmd, int arg) {
        try {
            return (int) fcntl.HANDLE.invokeExact(errnoState, fd, cmd, arg);
        } catch (Throwable ex$) {
            throw Libc.rethrow(ex$);
        }
    }
}
