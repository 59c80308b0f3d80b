package dev.cr.ffm.lxc;

import java.lang.foreign.AddressLayout;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * Bindings for the functions and constants of {@code <lxc/lxccontainer.h>} (liblxc.so.1, LXC 5.0), in the shape
 * jextract generates: one static method per C function, its Javadoc the C prototype. The library is loaded on
 * first use of this class; {@link #isAvailable()} tells whether that worked without throwing.
 */
public final class lxccontainer_h {
    private lxccontainer_h() {}

    public static final ValueLayout.OfBoolean C_BOOL = ValueLayout.JAVA_BOOLEAN;
    public static final ValueLayout.OfInt C_INT = ValueLayout.JAVA_INT;
    public static final ValueLayout.OfLong C_LONG_LONG = ValueLayout.JAVA_LONG;
    public static final AddressLayout C_POINTER = ValueLayout.ADDRESS
            .withTargetLayout(java.lang.foreign.MemoryLayout.sequenceLayout(Long.MAX_VALUE, ValueLayout.JAVA_BYTE));

    /** {@code enum { MIGRATE_PRE_DUMP, MIGRATE_DUMP, MIGRATE_RESTORE, MIGRATE_FEATURE_CHECK }} */
    public static final int MIGRATE_PRE_DUMP = 0;
    public static final int MIGRATE_DUMP = 1;
    public static final int MIGRATE_RESTORE = 2;
    public static final int MIGRATE_FEATURE_CHECK = 3;

    /** {@code #define FEATURE_MEM_TRACK (1ULL << 0)} */
    public static final long FEATURE_MEM_TRACK = 1L;
    /** {@code #define FEATURE_LAZY_PAGES (1ULL << 1)} */
    public static final long FEATURE_LAZY_PAGES = 1L << 1;

    /** {@code #define LXC_CLONE_SNAPSHOT (1 << 2)} */
    public static final int LXC_CLONE_SNAPSHOT = 1 << 2;

    static final Linker LINKER = Linker.nativeLinker();

    private static final class Lib {
        static final SymbolLookup LOOKUP = SymbolLookup.libraryLookup("liblxc.so.1", Arena.global());

        static MethodHandle handle(String name, FunctionDescriptor fd) {
            MemorySegment addr = LOOKUP.find(name)
                    .orElseThrow(() -> new UnsatisfiedLinkError("liblxc.so.1 has no symbol " + name));
            return LINKER.downcallHandle(addr, fd);
        }

        static final MethodHandle lxc_container_new = handle("lxc_container_new",
                FunctionDescriptor.of(C_POINTER, C_POINTER, C_POINTER));
        static final MethodHandle lxc_container_get = handle("lxc_container_get",
                FunctionDescriptor.of(C_INT, C_POINTER));
        static final MethodHandle lxc_container_put = handle("lxc_container_put",
                FunctionDescriptor.of(C_INT, C_POINTER));
        static final MethodHandle lxc_get_version = handle("lxc_get_version",
                FunctionDescriptor.of(C_POINTER));
        static final MethodHandle lxc_get_global_config_item = handle("lxc_get_global_config_item",
                FunctionDescriptor.of(C_POINTER, C_POINTER));
        static final MethodHandle list_all_containers = handle("list_all_containers",
                FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER, C_POINTER));
    }

    /** True when liblxc.so.1 can be loaded on this machine. */
    public static boolean isAvailable() {
        try {
            return Lib.LOOKUP != null;
        } catch (IllegalArgumentException | ExceptionInInitializerError | NoClassDefFoundError e) {
            return false;
        }
    }

    static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException r) return r;
        if (t instanceof Error e) throw e;
        return new IllegalStateException("unexpected checked exception from a downcall", t);
    }

    /** {@code struct lxc_container *lxc_container_new(const char *name, const char *configpath);} */
    public static MemorySegment lxc_container_new(MemorySegment name, MemorySegment configpath) {
        try {
            return (MemorySegment) Lib.lxc_container_new.invokeExact(name, configpath);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** {@code int lxc_container_get(struct lxc_container *c);} */
    public static int lxc_container_get(MemorySegment c) {
        try {
            return (int) Lib.lxc_container_get.invokeExact(c);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** {@code int lxc_container_put(struct lxc_container *c);} */
    public static int lxc_container_put(MemorySegment c) {
        try {
            return (int) Lib.lxc_container_put.invokeExact(c);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** {@code const char *lxc_get_version(void);} */
    public static MemorySegment lxc_get_version() {
        try {
            return (MemorySegment) Lib.lxc_get_version.invokeExact();
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** {@code const char *lxc_get_global_config_item(const char *key);} */
    public static MemorySegment lxc_get_global_config_item(MemorySegment key) {
        try {
            return (MemorySegment) Lib.lxc_get_global_config_item.invokeExact(key);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** {@code int list_all_containers(const char *lxcpath, char ***names, struct lxc_container ***cret);} */
    public static int list_all_containers(MemorySegment lxcpath, MemorySegment names, MemorySegment cret) {
        try {
            return (int) Lib.list_all_containers.invokeExact(lxcpath, names, cret);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }
}
