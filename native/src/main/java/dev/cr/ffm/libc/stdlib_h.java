package dev.cr.ffm.libc;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

import static dev.cr.ffm.libc.Libc.C_INT;
import static dev.cr.ffm.libc.Libc.C_POINTER;

/**
 * The few functions of {@code <stdlib.h>} that working with liblxc needs: {@code free} for the strings and
 * arrays it hands over, {@code setenv}/{@code getenv} for the C environment its children inherit (liblxc runs the
 * {@code criu} it finds on the C environment's PATH, which Java's {@code ProcessBuilder} environment does not reach).
 */
public final class stdlib_h {
    private stdlib_h() {}

    private static final MethodHandle FREE = Libc.handle("free", FunctionDescriptor.ofVoid(C_POINTER));
    private static final MethodHandle SETENV = Libc.handle("setenv", FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER, C_INT));
    private static final MethodHandle GETENV = Libc.handle("getenv", FunctionDescriptor.of(C_POINTER, C_POINTER));

    /** {@code void free(void *ptr);} */
    public static void free(MemorySegment ptr) {
        try {
            FREE.invokeExact(ptr);
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }

    /** {@code int setenv(const char *name, const char *value, int overwrite);} */
    public static int setenv(MemorySegment name, MemorySegment value, int overwrite) {
        try {
            return (int) SETENV.invokeExact(name, value, overwrite);
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }

    /** {@code char *getenv(const char *name);} */
    public static MemorySegment getenv(MemorySegment name) {
        try {
            return (MemorySegment) GETENV.invokeExact(name);
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }
}
