package dev.cr.ffm.criu;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * The iteration callback of {@snippet lang=c : int criu_local_dump_iters(criu_opts *opts, int (*more)(criu_predump_info pi)); }
 * The upcall must not throw. Positive: one more iteration; zero: final dump; negative: abort.
 */
public final class criu_local_dump_iters$more {
    private criu_local_dump_iters$more() {}

    /** The callback's shape: {@code int more(criu_predump_info pi)}. */
    @FunctionalInterface
    public interface Function {
        int apply(MemorySegment pi);
    }

    private static final FunctionDescriptor $DESC = FunctionDescriptor.of(criu_h.C_INT, criu_h.C_POINTER);

    /** The function descriptor of the callback. */
    public static FunctionDescriptor descriptor() { return $DESC; }

    private static final MethodHandle UP$MH;
    static {
        try {
            UP$MH = MethodHandles.lookup().findVirtual(Function.class, "apply",
                    MethodType.methodType(int.class, MemorySegment.class));
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
    public static int invoke(MemorySegment funcPtr, MemorySegment pi) {
        try {
            return (int) DOWN$MH.invokeExact(funcPtr, pi);
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }
}
