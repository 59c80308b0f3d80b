package dev.cr.ffm.libc;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

import static dev.cr.ffm.libc.Libc.C_INT;
import static dev.cr.ffm.libc.Libc.C_POINTER;

/** {@code <sys/socket.h>}: {@code socketpair}, for a connection to a child process. */
public final class sys_socket_h {
    private sys_socket_h() {}

    /** {@snippet lang=c : #define AF_UNIX 1 } */
    public static int AF_UNIX() { return 1; }
    /** {@snippet lang=c : #define SOCK_SEQPACKET 5 } */
    public static int SOCK_SEQPACKET() { return 5; }
    /** {@snippet lang=c : #define SOCK_CLOEXEC 02000000 } */
    public static int SOCK_CLOEXEC() { return 02000000; }

    private static final MethodHandle SOCKETPAIR = Libc.handle("socketpair",
            FunctionDescriptor.of(C_INT, C_INT, C_INT, C_INT, C_POINTER), errno_h.CAPTURE_ERRNO);

    /** {@snippet lang=c : int socketpair(int domain, int type, int protocol, int sv[2]); } with errno written to {@code errnoState}. */
    public static int socketpair(MemorySegment errnoState, int domain, int type, int protocol, MemorySegment sv) {
        try {
            return (int) SOCKETPAIR.invokeExact(errnoState, domain, type, protocol, sv);
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }
}
