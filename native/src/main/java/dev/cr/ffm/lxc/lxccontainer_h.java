package dev.cr.ffm.lxc;

import java.lang.foreign.AddressLayout;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Bindings for the functions and constants of {@code <lxc/lxccontainer.h>} (liblxc.so.1, LXC 5.0), in the shape
 * jextract generates, as {@code criu_h} has it: one lazily initialised holder class per C function, a static wrapper
 * with the C name, and {@code $descriptor()}, {@code $handle()}, {@code $address()} accessors. The members of
 * {@code struct lxc_container} (a table of function pointers) are in {@link lxc_container}.
 * <p>
 * The library is opened on first use of any function; when it is missing, that first use throws
 * {@link UnsatisfiedLinkError} naming the library, {@link #isAvailable()} answers false and
 * {@link #libraryLoadError()} says why.
 */
@SuppressWarnings("unused")
public final class lxccontainer_h {
    private lxccontainer_h() {}

    /** The shared object these bindings open. */
    public static final String LIBRARY = "liblxc.so.1";

    static final boolean TRACE_DOWNCALLS = Boolean.getBoolean("jextract.trace.downcalls");

    static void traceDowncall(String name, Object... args) {
        String traceArgs = Arrays.stream(args).map(Object::toString).collect(Collectors.joining(", "));
        System.out.printf("%s(%s)\n", name, traceArgs);
    }

    static final Linker LINKER = Linker.nativeLinker();

    /** Opens the library once, on first use of a symbol, so loading this class never fails. */
    private static final class Library {
        static final String LOAD_ERROR;
        static final SymbolLookup LOOKUP;

        static {
            SymbolLookup lookup;
            String error = null;
            try {
                lookup = SymbolLookup.libraryLookup(LIBRARY, Arena.global());
            } catch (IllegalArgumentException e) {
                lookup = name -> java.util.Optional.empty();
                error = LIBRARY + " cannot be loaded: " + e.getMessage();
            }
            LOOKUP = lookup;
            LOAD_ERROR = error;
        }
    }

    static MemorySegment findOrThrow(String symbol) {
        if (Library.LOAD_ERROR != null) throw new UnsatisfiedLinkError(Library.LOAD_ERROR);
        return Library.LOOKUP.find(symbol)
                .orElseThrow(() -> new UnsatisfiedLinkError("unresolved symbol in " + LIBRARY + ": " + symbol));
    }

    /** Why the library could not be opened, or {@code null} when it is loaded. */
    public static String libraryLoadError() {
        return Library.LOAD_ERROR;
    }

    /** True when liblxc.so.1 can be loaded on this machine. */
    public static boolean isAvailable() {
        return libraryLoadError() == null;
    }

    /** Rethrows what a function-pointer downcall ({@link lxc_container}) threw; it declares no checked exception. */
    static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException r) return r;
        if (t instanceof Error e) throw e;
        return new IllegalStateException("unexpected checked exception from a downcall", t);
    }

    public static final ValueLayout.OfBoolean C_BOOL = ValueLayout.JAVA_BOOLEAN;
    public static final ValueLayout.OfInt C_INT = ValueLayout.JAVA_INT;
    public static final ValueLayout.OfLong C_LONG_LONG = ValueLayout.JAVA_LONG;
    public static final AddressLayout C_POINTER = ValueLayout.ADDRESS
            .withTargetLayout(MemoryLayout.sequenceLayout(Long.MAX_VALUE, ValueLayout.JAVA_BYTE));

    /** {@snippet lang=c : enum { MIGRATE_PRE_DUMP, MIGRATE_DUMP, MIGRATE_RESTORE, MIGRATE_FEATURE_CHECK } } */
    public static final int MIGRATE_PRE_DUMP = 0;
    public static final int MIGRATE_DUMP = 1;
    public static final int MIGRATE_RESTORE = 2;
    public static final int MIGRATE_FEATURE_CHECK = 3;

    /** {@snippet lang=c : #define FEATURE_MEM_TRACK (1ULL << 0) } */
    public static final long FEATURE_MEM_TRACK = 1L;
    /** {@snippet lang=c : #define FEATURE_LAZY_PAGES (1ULL << 1) } */
    public static final long FEATURE_LAZY_PAGES = 1L << 1;

    /** {@snippet lang=c : #define LXC_CLONE_SNAPSHOT (1 << 2) } */
    public static final int LXC_CLONE_SNAPSHOT = 1 << 2;

    private static final class lxc_container_new {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_POINTER, C_POINTER, C_POINTER);
        static final MemorySegment ADDR = findOrThrow("lxc_container_new");
        static final MethodHandle HANDLE = LINKER.downcallHandle(ADDR, DESC);
    }

    /** Function descriptor for: {@snippet lang=c : struct lxc_container *lxc_container_new(const char *name, const char *configpath); } */
    public static FunctionDescriptor lxc_container_new$descriptor() { return lxc_container_new.DESC; }

    /** Downcall method handle for: {@snippet lang=c : struct lxc_container *lxc_container_new(const char *name, const char *configpath); } */
    public static MethodHandle lxc_container_new$handle() { return lxc_container_new.HANDLE; }

    /** Address of: {@snippet lang=c : struct lxc_container *lxc_container_new(const char *name, const char *configpath); } */
    public static MemorySegment lxc_container_new$address() { return lxc_container_new.ADDR; }

    /** {@snippet lang=c : struct lxc_container *lxc_container_new(const char *name, const char *configpath); } */
    public static MemorySegment lxc_container_new(MemorySegment name, MemorySegment configpath) {
        var mh$ = lxc_container_new.HANDLE;
        try {
            if (TRACE_DOWNCALLS) traceDowncall("lxc_container_new", name, configpath);
            return (MemorySegment) mh$.invokeExact(name, configpath);
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class lxc_container_get {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER);
        static final MemorySegment ADDR = findOrThrow("lxc_container_get");
        static final MethodHandle HANDLE = LINKER.downcallHandle(ADDR, DESC);
    }

    /** Function descriptor for: {@snippet lang=c : int lxc_container_get(struct lxc_container *c); } */
    public static FunctionDescriptor lxc_container_get$descriptor() { return lxc_container_get.DESC; }

    /** Downcall method handle for: {@snippet lang=c : int lxc_container_get(struct lxc_container *c); } */
    public static MethodHandle lxc_container_get$handle() { return lxc_container_get.HANDLE; }

    /** Address of: {@snippet lang=c : int lxc_container_get(struct lxc_container *c); } */
    public static MemorySegment lxc_container_get$address() { return lxc_container_get.ADDR; }

    /** {@snippet lang=c : int lxc_container_get(struct lxc_container *c); } */
    public static int lxc_container_get(MemorySegment c) {
        var mh$ = lxc_container_get.HANDLE;
        try {
            if (TRACE_DOWNCALLS) traceDowncall("lxc_container_get", c);
            return (int) mh$.invokeExact(c);
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class lxc_container_put {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER);
        static final MemorySegment ADDR = findOrThrow("lxc_container_put");
        static final MethodHandle HANDLE = LINKER.downcallHandle(ADDR, DESC);
    }

    /** Function descriptor for: {@snippet lang=c : int lxc_container_put(struct lxc_container *c); } */
    public static FunctionDescriptor lxc_container_put$descriptor() { return lxc_container_put.DESC; }

    /** Downcall method handle for: {@snippet lang=c : int lxc_container_put(struct lxc_container *c); } */
    public static MethodHandle lxc_container_put$handle() { return lxc_container_put.HANDLE; }

    /** Address of: {@snippet lang=c : int lxc_container_put(struct lxc_container *c); } */
    public static MemorySegment lxc_container_put$address() { return lxc_container_put.ADDR; }

    /** {@snippet lang=c : int lxc_container_put(struct lxc_container *c); } */
    public static int lxc_container_put(MemorySegment c) {
        var mh$ = lxc_container_put.HANDLE;
        try {
            if (TRACE_DOWNCALLS) traceDowncall("lxc_container_put", c);
            return (int) mh$.invokeExact(c);
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class lxc_get_version {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_POINTER);
        static final MemorySegment ADDR = findOrThrow("lxc_get_version");
        static final MethodHandle HANDLE = LINKER.downcallHandle(ADDR, DESC);
    }

    /** Function descriptor for: {@snippet lang=c : const char *lxc_get_version(void); } */
    public static FunctionDescriptor lxc_get_version$descriptor() { return lxc_get_version.DESC; }

    /** Downcall method handle for: {@snippet lang=c : const char *lxc_get_version(void); } */
    public static MethodHandle lxc_get_version$handle() { return lxc_get_version.HANDLE; }

    /** Address of: {@snippet lang=c : const char *lxc_get_version(void); } */
    public static MemorySegment lxc_get_version$address() { return lxc_get_version.ADDR; }

    /** {@snippet lang=c : const char *lxc_get_version(void); } */
    public static MemorySegment lxc_get_version() {
        var mh$ = lxc_get_version.HANDLE;
        try {
            if (TRACE_DOWNCALLS) traceDowncall("lxc_get_version");
            return (MemorySegment) mh$.invokeExact();
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class lxc_get_global_config_item {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_POINTER, C_POINTER);
        static final MemorySegment ADDR = findOrThrow("lxc_get_global_config_item");
        static final MethodHandle HANDLE = LINKER.downcallHandle(ADDR, DESC);
    }

    /** Function descriptor for: {@snippet lang=c : const char *lxc_get_global_config_item(const char *key); } */
    public static FunctionDescriptor lxc_get_global_config_item$descriptor() { return lxc_get_global_config_item.DESC; }

    /** Downcall method handle for: {@snippet lang=c : const char *lxc_get_global_config_item(const char *key); } */
    public static MethodHandle lxc_get_global_config_item$handle() { return lxc_get_global_config_item.HANDLE; }

    /** Address of: {@snippet lang=c : const char *lxc_get_global_config_item(const char *key); } */
    public static MemorySegment lxc_get_global_config_item$address() { return lxc_get_global_config_item.ADDR; }

    /** {@snippet lang=c : const char *lxc_get_global_config_item(const char *key); } */
    public static MemorySegment lxc_get_global_config_item(MemorySegment key) {
        var mh$ = lxc_get_global_config_item.HANDLE;
        try {
            if (TRACE_DOWNCALLS) traceDowncall("lxc_get_global_config_item", key);
            return (MemorySegment) mh$.invokeExact(key);
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class list_all_containers {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER, C_POINTER);
        static final MemorySegment ADDR = findOrThrow("list_all_containers");
        static final MethodHandle HANDLE = LINKER.downcallHandle(ADDR, DESC);
    }

    /** Function descriptor for: {@snippet lang=c : int list_all_containers(const char *lxcpath, char ***names, struct lxc_container ***cret); } */
    public static FunctionDescriptor list_all_containers$descriptor() { return list_all_containers.DESC; }

    /** Downcall method handle for: {@snippet lang=c : int list_all_containers(const char *lxcpath, char ***names, struct lxc_container ***cret); } */
    public static MethodHandle list_all_containers$handle() { return list_all_containers.HANDLE; }

    /** Address of: {@snippet lang=c : int list_all_containers(const char *lxcpath, char ***names, struct lxc_container ***cret); } */
    public static MemorySegment list_all_containers$address() { return list_all_containers.ADDR; }

    /** {@snippet lang=c : int list_all_containers(const char *lxcpath, char ***names, struct lxc_container ***cret); } */
    public static int list_all_containers(MemorySegment lxcpath, MemorySegment names, MemorySegment cret) {
        var mh$ = list_all_containers.HANDLE;
        try {
            if (TRACE_DOWNCALLS) traceDowncall("list_all_containers", lxcpath, names, cret);
            return (int) mh$.invokeExact(lxcpath, names, cret);
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }
}
