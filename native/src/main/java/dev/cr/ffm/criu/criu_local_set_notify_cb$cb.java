package dev.cr.ffm.criu;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * The notify callback of {@snippet lang=c : void criu_local_set_notify_cb(criu_opts *opts, int (*cb)(char *action, criu_notify_arg_t na)); }
 * The upcall must not throw: an exception escaping an upcall ends the JVM. Return non-zero to make CRIU fail.
 */
public final class criu_local_set_notify_cb$cb {
    private criu_local_set_notify_cb$cb() {}

    /** The callback's shape: {@code int cb(char *action, criu_notify_arg_t na)}. */
    @FunctionalInterface
    public interface Function {
        int apply(MemorySegment action, MemorySegment na);
    }

    private static final FunctionDescriptor $DESC = FunctionDescriptor.of(criu_h.C_INT, criu_h.C_POINTER, criu_h.C_POINTER);

    /** The function descriptor of the callback. */
    public static FunctionDescriptor descriptor() { return $DESC; }

    private static final MethodHandle UP$MH;
    static {
        try {
            UP$MH = MethodHandles.lookup().findVirtual(Function.class, "apply",
                    MethodType.methodType(int.class, MemorySegment.class, MemorySegment.class));
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** An upcall stub for {@code fi}, valid as long as {@code arena} is alive. */
    public static MemorySegment allocate(Function fi, Arena arena) {
        return Linker.nativeLinker().upcallStub(UP$MH.bindTo(fi), $DESC, arena);
    }

    private static final MethodHandle DOWN$MH = Linker.nativeLinker().downcallHandle($DESC);

    /** Calls a function pointer of this type. */
    public static int invoke(MemorySegment funcPtr, MemorySegment action, MemorySegment na) {
        try {
            return (int) DOWN$MH.invokeExact(funcPtr, action, na);
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }
}
