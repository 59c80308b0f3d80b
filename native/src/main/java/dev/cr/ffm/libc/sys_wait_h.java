package dev.cr.ffm.libc;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

import static dev.cr.ffm.libc.Libc.C_INT;
import static dev.cr.ffm.libc.Libc.C_POINTER;

/** {@code <sys/wait.h>}: {@code waitpid} and the macros that read its status. */
public final class sys_wait_h {
    private sys_wait_h() {}

    /** {@snippet lang=c : #define WNOHANG 1 } */
    public static int WNOHANG() { return 1; }

    /** {@snippet lang=c : #define WIFEXITED(status) (((status) & 0x7f) == 0) } */
    public static boolean WIFEXITED(int status) { return (status & 0x7f) == 0; }
    /** {@snippet lang=c : #define WEXITSTATUS(status) (((status) & 0xff00) >> 8) } */
    public static int WEXITSTATUS(int status) { return (status & 0xff00) >> 8; }
    /** {@snippet lang=c : #define WIFSIGNALED(status) (((signed char) (((status) & 0x7f) + 1) >> 1) > 0) } */
    public static boolean WIFSIGNALED(int status) { return ((byte) ((status & 0x7f) + 1) >> 1) > 0; }
    /** {@snippet lang=c : #define WTERMSIG(status) ((status) & 0x7f) } */
    public static int WTERMSIG(int status) { return status & 0x7f; }

    private static final MethodHandle WAITPID = Libc.handle("waitpid",
            FunctionDescriptor.of(C_INT, C_INT, C_POINTER, C_INT), errno_h.CAPTURE_ERRNO);

    /** {@snippet lang=c : pid_t waitpid(pid_t pid, int *wstatus, int options); } with errno written to {@code errnoState}. */
    public static int waitpid(MemorySegment errnoState, int pid, MemorySegment wstatus, int options) {
        try {
            return (int) WAITPID.invokeExact(errnoState, pid, wstatus, options);
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }
}
