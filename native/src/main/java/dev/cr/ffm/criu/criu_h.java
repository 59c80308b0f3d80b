package dev.cr.ffm.criu;

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
 * Bindings for {@code <criu/criu.h>} (libcriu.so.2), in the shape jextract generates: one lazily initialised
 * holder class per C function, a static wrapper with the C name, and {@code $descriptor()}, {@code $handle()},
 * {@code $address()} accessors. Only the thread-safe {@code criu_local_*} API is bound (plus the two
 * notification accessors): the global {@code criu_set_*} functions share one options struct across threads.
 * <p>
 * The library is opened on first use of any function; when it is missing, that first use throws
 * {@link UnsatisfiedLinkError} naming the library, and {@link #libraryLoadError()} says why.
 */
@SuppressWarnings("unused")
public final class criu_h {
    private criu_h() {}

    /** The shared object these bindings open. */
    public static final String LIBRARY = "libcriu.so.2";

    static final boolean TRACE_DOWNCALLS = Boolean.getBoolean("jextract.trace.downcalls");

    static void traceDowncall(String name, Object... args) {
        String traceArgs = Arrays.stream(args).map(Object::toString).collect(Collectors.joining(", "));
        System.out.printf("%s(%s)\n", name, traceArgs);
    }

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

    public static final ValueLayout.OfBoolean C_BOOL = ValueLayout.JAVA_BOOLEAN;
    public static final ValueLayout.OfByte C_CHAR = ValueLayout.JAVA_BYTE;
    public static final ValueLayout.OfInt C_INT = ValueLayout.JAVA_INT;
    public static final ValueLayout.OfLong C_LONG = ValueLayout.JAVA_LONG;
    public static final AddressLayout C_POINTER = ValueLayout.ADDRESS
            .withTargetLayout(MemoryLayout.sequenceLayout(Long.MAX_VALUE, ValueLayout.JAVA_BYTE));

    // #define CRIU_LOG_* (log levels)
    /** {@snippet lang=c : #define CRIU_LOG_UNSET (-1) } */
    public static int CRIU_LOG_UNSET() { return -1; }
    /** {@snippet lang=c : #define CRIU_LOG_MSG (0) } */
    public static int CRIU_LOG_MSG() { return 0; }
    /** {@snippet lang=c : #define CRIU_LOG_ERROR (1) } */
    public static int CRIU_LOG_ERROR() { return 1; }
    /** {@snippet lang=c : #define CRIU_LOG_WARN (2) } */
    public static int CRIU_LOG_WARN() { return 2; }
    /** {@snippet lang=c : #define CRIU_LOG_INFO (3) } */
    public static int CRIU_LOG_INFO() { return 3; }
    /** {@snippet lang=c : #define CRIU_LOG_DEBUG (4) } */
    public static int CRIU_LOG_DEBUG() { return 4; }

    // enum criu_service_comm
    /** {@snippet lang=c : enum criu_service_comm.CRIU_COMM_SK = 0 } */
    public static int CRIU_COMM_SK() { return 0; }
    /** {@snippet lang=c : enum criu_service_comm.CRIU_COMM_FD = 1 } */
    public static int CRIU_COMM_FD() { return 1; }
    /** {@snippet lang=c : enum criu_service_comm.CRIU_COMM_BIN = 2 } */
    public static int CRIU_COMM_BIN() { return 2; }

    // enum criu_cg_mode
    /** {@snippet lang=c : enum criu_cg_mode.CRIU_CG_MODE_IGNORE = 0 } */
    public static int CRIU_CG_MODE_IGNORE() { return 0; }
    /** {@snippet lang=c : enum criu_cg_mode.CRIU_CG_MODE_NONE = 1 } */
    public static int CRIU_CG_MODE_NONE() { return 1; }
    /** {@snippet lang=c : enum criu_cg_mode.CRIU_CG_MODE_PROPS = 2 } */
    public static int CRIU_CG_MODE_PROPS() { return 2; }
    /** {@snippet lang=c : enum criu_cg_mode.CRIU_CG_MODE_SOFT = 3 } */
    public static int CRIU_CG_MODE_SOFT() { return 3; }
    /** {@snippet lang=c : enum criu_cg_mode.CRIU_CG_MODE_FULL = 4 } */
    public static int CRIU_CG_MODE_FULL() { return 4; }
    /** {@snippet lang=c : enum criu_cg_mode.CRIU_CG_MODE_STRICT = 5 } */
    public static int CRIU_CG_MODE_STRICT() { return 5; }
    /** {@snippet lang=c : enum criu_cg_mode.CRIU_CG_MODE_DEFAULT = 6 } */
    public static int CRIU_CG_MODE_DEFAULT() { return 6; }

    // enum criu_network_lock_method
    /** {@snippet lang=c : enum criu_network_lock_method.CRIU_NETWORK_LOCK_IPTABLES = 1 } */
    public static int CRIU_NETWORK_LOCK_IPTABLES() { return 1; }
    /** {@snippet lang=c : enum criu_network_lock_method.CRIU_NETWORK_LOCK_NFTABLES = 2 } */
    public static int CRIU_NETWORK_LOCK_NFTABLES() { return 2; }

    // enum criu_pre_dump_mode
    /** {@snippet lang=c : enum criu_pre_dump_mode.CRIU_PRE_DUMP_SPLICE = 1 } */
    public static int CRIU_PRE_DUMP_SPLICE() { return 1; }
    /** {@snippet lang=c : enum criu_pre_dump_mode.CRIU_PRE_DUMP_READ = 2 } */
    public static int CRIU_PRE_DUMP_READ() { return 2; }

    private static final class criu_notify_pid {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER);
        static final MemorySegment ADDR = findOrThrow("criu_notify_pid");
        static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /** Function descriptor for: {@snippet lang=c : int criu_notify_pid(criu_notify_arg_t na); } */
    public static FunctionDescriptor criu_notify_pid$descriptor() { return criu_notify_pid.DESC; }

    /** Downcall method handle for: {@snippet lang=c : int criu_notify_pid(criu_notify_arg_t na); } */
    public static MethodHandle criu_notify_pid$handle() { return criu_notify_pid.HANDLE; }

    /** Address of: {@snippet lang=c : int criu_notify_pid(criu_notify_arg_t na); } */
    public static MemorySegment criu_notify_pid$address() { return criu_notify_pid.ADDR; }

    /** {@snippet lang=c : int criu_notify_pid(criu_notify_arg_t na); } */
    public static int criu_notify_pid(MemorySegment na) {
        var mh$ = criu_notify_pid.HANDLE;
        try {
            if (TRACE_DOWNCALLS) traceDowncall("criu_notify_pid", na);
            return (int) mh$.invokeExact(na);
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class criu_get_orphan_pts_master_fd {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT);
        static final MemorySegment ADDR = findOrThrow("criu_get_orphan_pts_master_fd");
        static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /** Function descriptor for: {@snippet lang=c : int criu_get_orphan_pts_master_fd(void); } */
    public static FunctionDescriptor criu_get_orphan_pts_master_fd$descriptor() { return criu_get_orphan_pts_master_fd.DESC; }

    /** Downcall method handle for: {@snippet lang=c : int criu_get_orphan_pts_master_fd(void); } */
    public static MethodHandle criu_get_orphan_pts_master_fd$handle() { return criu_get_orphan_pts_master_fd.HANDLE; }

    /** Address of: {@snippet lang=c : int criu_get_orphan_pts_master_fd(void); } */
    public static MemorySegment criu_get_orphan_pts_master_fd$address() { return criu_get_orphan_pts_master_fd.ADDR; }

    /** {@snippet lang=c : int criu_get_orphan_pts_master_fd(void); } */
    public static int criu_get_orphan_pts_master_fd() {
        var mh$ = criu_get_orphan_pts_master_fd.HANDLE;
        try {
            if (TRACE_DOWNCALLS) traceDowncall("criu_get_orphan_pts_master_fd");
            return (int) mh$.invokeExact();
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class criu_local_init_opts {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER);
        static final MemorySegment ADDR = findOrThrow("criu_local_init_opts");
        static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /** Function descriptor for: {@snippet lang=c : int criu_local_init_opts(criu_opts **opts); } */
    public static FunctionDescriptor criu_local_init_opts$descriptor() { return criu_local_init_opts.DESC; }

    /** Downcall method handle for: {@snippet lang=c : int criu_local_init_opts(criu_opts **opts); } */
    public static MethodHandle criu_local_init_opts$handle() { return criu_local_init_opts.HANDLE; }

    /** Address of: {@snippet lang=c : int criu_local_init_opts(criu_opts **opts); } */
    public static MemorySegment criu_local_init_opts$address() { return criu_local_init_opts.ADDR; }

    /** {@snippet lang=c : int criu_local_init_opts(criu_opts **opts); } */
    public static int criu_local_init_opts(MemorySegment opts) {
        var mh$ = criu_local_init_opts.HANDLE;
        try {
            if (TRACE_DOWNCALLS) traceDowncall("criu_local_init_opts", opts);
            return (int) mh$.invokeExact(opts);
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class criu_local_free_opts {
        static final FunctionDescriptor DESC = FunctionDescriptor.ofVoid(C_POINTER);
        static final MemorySegment ADDR = findOrThrow("criu_local_free_opts");
        static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /** Function descriptor for: {@snippet lang=c : void criu_local_free_opts(criu_opts *opts); } */
    public static FunctionDescriptor criu_local_free_opts$descriptor() { return criu_local_free_opts.DESC; }

    /** Downcall method handle for: {@snippet lang=c : void criu_local_free_opts(criu_opts *opts); } */
    public static MethodHandle criu_local_free_opts$handle() { return criu_local_free_opts.HANDLE; }

    /** Address of: {@snippet lang=c : void criu_local_free_opts(criu_opts *opts); } */
    public static MemorySegment criu_local_free_opts$address() { return criu_local_free_opts.ADDR; }

    /** {@snippet lang=c : void criu_local_free_opts(criu_opts *opts); } */
    public static void criu_local_free_opts(MemorySegment opts) {
        var mh$ = criu_local_free_opts.HANDLE;
        try {
            if (TRACE_DOWNCALLS) traceDowncall("criu_local_free_opts", opts);
            mh$.invokeExact(opts);
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class criu_local_set_service_address {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER);
        static final MemorySegment ADDR = findOrThrow("criu_local_set_service_address");
        static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /** Function descriptor for: {@snippet lang=c : int criu_local_set_service_address(criu_opts *opts, const char *path); } */
    public static FunctionDescriptor criu_local_set_service_address$descriptor() { return criu_local_set_service_address.DESC; }

    /** Downcall method handle for: {@snippet lang=c : int criu_local_set_service_address(criu_opts *opts, const char *path); } */
    public static MethodHandle criu_local_set_service_address$handle() { return criu_local_set_service_address.HANDLE; }

    /** Address of: {@snippet lang=c : int criu_local_set_service_address(criu_opts *opts, const char *path); } */
    public static MemorySegment criu_local_set_service_address$address() { return criu_local_set_service_address.ADDR; }

    /** {@snippet lang=c : int criu_local_set_service_address(criu_opts *opts, const char *path); } */
    public static int criu_local_set_service_address(MemorySegment opts, MemorySegment path) {
        var mh$ = criu_local_set_service_address.HANDLE;
        try {
            if (TRACE_DOWNCALLS) traceDowncall("criu_local_set_service_address", opts, path);
            return (int) mh$.invokeExact(opts, path);
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class criu_local_set_service_fd {
        static final FunctionDescriptor DESC = FunctionDescriptor.ofVoid(C_POINTER, C_INT);
        static final MemorySegment ADDR = findOrThrow("criu_local_set_service_fd");
        static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /** Function descriptor for: {@snippet lang=c : void criu_local_set_service_fd(criu_opts *opts, int fd); } */
    public static FunctionDescriptor criu_local_set_service_fd$descriptor() { return criu_local_set_service_fd.DESC; }

    /** Downcall method handle for: {@snippet lang=c : void criu_local_set_service_fd(criu_opts *opts, int fd); } */
    public static MethodHandle criu_local_set_service_fd$handle() { return criu_local_set_service_fd.HANDLE; }

    /** Address of: {@snippet lang=c : void criu_local_set_service_fd(criu_opts *opts, int fd); } */
    public static MemorySegment criu_local_set_service_fd$address() { return criu_local_set_service_fd.ADDR; }

    /** {@snippet lang=c : void criu_local_set_service_fd(criu_opts *opts, int fd); } */
    public static void criu_local_set_service_fd(MemorySegment opts, int fd) {
        var mh$ = criu_local_set_service_fd.HANDLE;
        try {
            if (TRACE_DOWNCALLS) traceDowncall("criu_local_set_service_fd", opts, fd);
            mh$.invokeExact(opts, fd);
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class criu_local_set_pid {
        static final FunctionDescriptor DESC = FunctionDescriptor.ofVoid(C_POINTER, C_INT);
        static final MemorySegment ADDR = findOrThrow("criu_local_set_pid");
        static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /** Function descriptor for: {@snippet lang=c : void criu_local_set_pid(criu_opts *opts, int pid); } */
    public static FunctionDescriptor criu_local_set_pid$descriptor() { return criu_local_set_pid.DESC; }

    /** Downcall method handle for: {@snippet lang=c : void criu_local_set_pid(criu_opts *opts, int pid); } */
    public static MethodHandle criu_local_set_pid$handle() { return criu_local_set_pid.HANDLE; }

    /** Address of: {@snippet lang=c : void criu_local_set_pid(criu_opts *opts, int pid); } */
    public static MemorySegment criu_local_set_pid$address() { return criu_local_set_pid.ADDR; }

    /** {@snippet lang=c : void criu_local_set_pid(criu_opts *opts, int pid); } */
    public static void criu_local_set_pid(MemorySegment opts, int pid) {
        var mh$ = criu_local_set_pid.HANDLE;
        try {
            if (TRACE_DOWNCALLS) traceDowncall("criu_local_set_pid", opts, pid);
            mh$.invokeExact(opts, pid);
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class criu_local_set_images_dir_fd {
        static final FunctionDescriptor DESC = FunctionDescriptor.ofVoid(C_POINTER, C_INT);
        static final MemorySegment ADDR = findOrThrow("criu_local_set_images_dir_fd");
        static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /** Function descriptor for: {@snippet lang=c : void criu_local_set_images_dir_fd(criu_opts *opts, int fd); } */
    public static FunctionDescriptor criu_local_set_images_dir_fd$descriptor() { return criu_local_set_images_dir_fd.DESC; }

    /** Downcall method handle for: {@snippet lang=c : void criu_local_set_images_dir_fd(criu_opts *opts, int fd); } */
    public static MethodHandle criu_local_set_images_dir_fd$handle() { return criu_local_set_images_dir_fd.HANDLE; }

    /** Address of: {@snippet lang=c : void criu_local_set_images_dir_fd(criu_opts *opts, int fd); } */
    public static MemorySegment criu_local_set_images_dir_fd$address() { return criu_local_set_images_dir_fd.ADDR; }

    /** {@snippet lang=c : void criu_local_set_images_dir_fd(criu_opts *opts, int fd); } */
    public static void criu_local_set_images_dir_fd(MemorySegment opts, int fd) {
        var mh$ = criu_local_set_images_dir_fd.HANDLE;
        try {
            if (TRACE_DOWNCALLS) traceDowncall("criu_local_set_images_dir_fd", opts, fd);
            mh$.invokeExact(opts, fd);
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class criu_local_set_parent_images {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER);
        static final MemorySegment ADDR = findOrThrow("criu_local_set_parent_images");
        static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /** Function descriptor for: {@snippet lang=c : int criu_local_set_parent_images(criu_opts *opts, const char *path); } */
    public static FunctionDescriptor criu_local_set_parent_images$descriptor() { return criu_local_set_parent_images.DESC; }

    /** Downcall method handle for: {@snippet lang=c : int criu_local_set_parent_images(criu_opts *opts, const char *path); } */
    public static MethodHandle criu_local_set_parent_images$handle() { return criu_local_set_parent_images.HANDLE; }

    /** Address of: {@snippet lang=c : int criu_local_set_parent_images(criu_opts *opts, const char *path); } */
    public static MemorySegment criu_local_set_parent_images$address() { return criu_local_set_parent_images.ADDR; }

    /** {@snippet lang=c : int criu_local_set_parent_images(criu_opts *opts, const char *path); } */
    public static int criu_local_set_parent_images(MemorySegment opts, MemorySegment path) {
        var mh$ = criu_local_set_parent_images.HANDLE;
        try {
            if (TRACE_DOWNCALLS) traceDowncall("criu_local_set_parent_images", opts, path);
            return (int) mh$.invokeExact(opts, path);
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class criu_local_set_service_binary {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER);
        static final MemorySegment ADDR = findOrThrow("criu_local_set_service_binary");
        static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /** Function descriptor for: {@snippet lang=c : int criu_local_set_service_binary(criu_opts *opts, const char *path); } */
    public static FunctionDescriptor criu_local_set_service_binary$descriptor() { return criu_local_set_service_binary.DESC; }

    /** Downcall method handle for: {@snippet lang=c : int criu_local_set_service_binary(criu_opts *opts, const char *path); } */
    public static MethodHandle criu_local_set_service_binary$handle() { return criu_local_set_service_binary.HANDLE; }

    /** Address of: {@snippet lang=c : int criu_local_set_service_binary(criu_opts *opts, const char *path); } */
    public static MemorySegment criu_local_set_service_binary$address() { return criu_local_set_service_binary.ADDR; }

    /** {@snippet lang=c : int criu_local_set_service_binary(criu_opts *opts, const char *path); } */
    public static int criu_local_set_service_binary(MemorySegment opts, MemorySegment path) {
        var mh$ = criu_local_set_service_binary.HANDLE;
        try {
            if (TRACE_DOWNCALLS) traceDowncall("criu_local_set_service_binary", opts, path);
            return (int) mh$.invokeExact(opts, path);
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class criu_local_set_work_dir_fd {
        static final FunctionDescriptor DESC = FunctionDescriptor.ofVoid(C_POINTER, C_INT);
        static final MemorySegment ADDR = findOrThrow("criu_local_set_work_dir_fd");
        static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /** Function descriptor for: {@snippet lang=c : void criu_local_set_work_dir_fd(criu_opts *opts, int fd); } */
    public static FunctionDescriptor criu_local_set_work_dir_fd$descriptor() { return criu_local_set_work_dir_fd.DESC; }

    /** Downcall method handle for: {@snippet lang=c : void criu_local_set_work_dir_fd(criu_opts *opts, int fd); } */
    public static MethodHandle criu_local_set_work_dir_fd$handle() { return criu_local_set_work_dir_fd.HANDLE; }

    /** Address of: {@snippet lang=c : void criu_local_set_work_dir_fd(criu_opts *opts, int fd); } */
    public static MemorySegment criu_local_set_work_dir_fd$address() { return criu_local_set_work_dir_fd.ADDR; }

    /** {@snippet lang=c : void criu_local_set_work_dir_fd(criu_opts *opts, int fd); } */
    public static void criu_local_set_work_dir_fd(MemorySegment opts, int fd) {
        var mh$ = criu_local_set_work_dir_fd.HANDLE;
        try {
            if (TRACE_DOWNCALLS) traceDowncall("criu_local_set_work_dir_fd", opts, fd);
            mh$.invokeExact(opts, fd);
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class criu_local_set_leave_running {
        static final FunctionDescriptor DESC = FunctionDescriptor.ofVoid(C_POINTER, C_BOOL);
        static final MemorySegment ADDR = findOrThrow("criu_local_set_leave_running");
        static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /** Function descriptor for: {@snippet lang=c : void criu_local_set_leave_running(criu_opts *opts, bool leave_running); } */
    public static FunctionDescriptor criu_local_set_leave_running$descriptor() { return criu_local_set_leave_running.DESC; }

    /** Downcall method handle for: {@snippet lang=c : void criu_local_set_leave_running(criu_opts *opts, bool leave_running); } */
    public static MethodHandle criu_local_set_leave_running$handle() { return criu_local_set_leave_running.HANDLE; }

    /** Address of: {@snippet lang=c : void criu_local_set_leave_running(criu_opts *opts, bool leave_running); } */
    public static MemorySegment criu_local_set_leave_running$address() { return criu_local_set_leave_running.ADDR; }

    /** {@snippet lang=c : void criu_local_set_leave_running(criu_opts *opts, bool leave_running); } */
    public static void criu_local_set_leave_running(MemorySegment opts, boolean leave_running) {
        var mh$ = criu_local_set_leave_running.HANDLE;
        try {
            if (TRACE_DOWNCALLS) traceDowncall("criu_local_set_leave_running", opts, leave_running);
            mh$.invokeExact(opts, leave_running);
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class criu_local_set_ext_unix_sk {
        static final FunctionDescriptor DESC = FunctionDescriptor.ofVoid(C_POINTER, C_BOOL);
        static final MemorySegment ADDR = findOrThrow("criu_local_set_ext_unix_sk");
        static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /** Function descriptor for: {@snippet lang=c : void criu_local_set_ext_unix_sk(criu_opts *opts, bool ext_unix_sk); } */
    public static FunctionDescriptor criu_local_set_ext_unix_sk$descriptor() { return criu_local_set_ext_unix_sk.DESC; }

    /** Downcall method handle for: {@snippet lang=c : void criu_local_set_ext_unix_sk(criu_opts *opts, bool ext_unix_sk); } */
    public static MethodHandle criu_local_set_ext_unix_sk$handle() { return criu_local_set_ext_unix_sk.HANDLE; }

    /** Address of: {@snippet lang=c : void criu_local_set_ext_unix_sk(criu_opts *opts, bool ext_unix_sk); } */
    public static MemorySegment criu_local_set_ext_unix_sk$address() { return criu_local_set_ext_unix_sk.ADDR; }

    /** {@snippet lang=c : void criu_local_set_ext_unix_sk(criu_opts *opts, bool ext_unix_sk); } */
    public static void criu_local_set_ext_unix_sk(MemorySegment opts, boolean ext_unix_sk) {
        var mh$ = criu_local_set_ext_unix_sk.HANDLE;
        try {
            if (TRACE_DOWNCALLS) traceDowncall("criu_local_set_ext_unix_sk", opts, ext_unix_sk);
            mh$.invokeExact(opts, ext_unix_sk);
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class criu_local_add_unix_sk {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_INT);
        static final MemorySegment ADDR = findOrThrow("criu_local_add_unix_sk");
        static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /** Function descriptor for: {@snippet lang=c : int criu_local_add_unix_sk(criu_opts *opts, unsigned int inode); } */
    public static FunctionDescriptor criu_local_add_unix_sk$descriptor() { return criu_local_add_unix_sk.DESC; }

    /** Downcall method handle for: {@snippet lang=c : int criu_local_add_unix_sk(criu_opts *opts, unsigned int inode); } */
    public static MethodHandle criu_local_add_unix_sk$handle() { return criu_local_add_unix_sk.HANDLE; }

    /** Address of: {@snippet lang=c : int criu_local_add_unix_sk(criu_opts *opts, unsigned int inode); } */
    public static MemorySegment criu_local_add_unix_sk$address() { return criu_local_add_unix_sk.ADDR; }

    /** {@snippet lang=c : int criu_local_add_unix_sk(criu_opts *opts, unsigned int inode); } */
    public static int criu_local_add_unix_sk(MemorySegment opts, int inode) {
        var mh$ = criu_local_add_unix_sk.HANDLE;
        try {
            if (TRACE_DOWNCALLS) traceDowncall("criu_local_add_unix_sk", opts, inode);
            return (int) mh$.invokeExact(opts, inode);
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class criu_local_set_tcp_established {
        static final FunctionDescriptor DESC = FunctionDescriptor.ofVoid(C_POINTER, C_BOOL);
        static final MemorySegment ADDR = findOrThrow("criu_local_set_tcp_established");
        static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /** Function descriptor for: {@snippet lang=c : void criu_local_set_tcp_established(criu_opts *opts, bool tcp_established); } */
    public static FunctionDescriptor criu_local_set_tcp_established$descriptor() { return criu_local_set_tcp_established.DESC; }

    /** Downcall method handle for: {@snippet lang=c : void criu_local_set_tcp_established(criu_opts *opts, bool tcp_established); } */
    public static MethodHandle criu_local_set_tcp_established$handle() { return criu_local_set_tcp_established.HANDLE; }

    /** Address of: {@snippet lang=c : void criu_local_set_tcp_established(criu_opts *opts, bool tcp_established); } */
    public static MemorySegment criu_local_set_tcp_established$address() { return criu_local_set_tcp_established.ADDR; }

    /** {@snippet lang=c : void criu_local_set_tcp_established(criu_opts *opts, bool tcp_established); } */
    public static void criu_local_set_tcp_established(MemorySegment opts, boolean tcp_established) {
        var mh$ = criu_local_set_tcp_established.HANDLE;
        try {
            if (TRACE_DOWNCALLS) traceDowncall("criu_local_set_tcp_established", opts, tcp_established);
            mh$.invokeExact(opts, tcp_established);
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class criu_local_set_tcp_skip_in_flight {
        static final FunctionDescriptor DESC = FunctionDescriptor.ofVoid(C_POINTER, C_BOOL);
        static final MemorySegment ADDR = findOrThrow("criu_local_set_tcp_skip_in_flight");
        static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /** Function descriptor for: {@snippet lang=c : void criu_local_set_tcp_skip_in_flight(criu_opts *opts, bool tcp_skip_in_flight); } */
    public static FunctionDescriptor criu_local_set_tcp_skip_in_flight$descriptor() { return criu_local_set_tcp_skip_in_flight.DESC; }

    /** Downcall method handle for: {@snippet lang=c : void criu_local_set_tcp_skip_in_flight(criu_opts *opts, bool tcp_skip_in_flight); } */
    public static MethodHandle criu_local_set_tcp_skip_in_flight$handle() { return criu_local_set_tcp_skip_in_flight.HANDLE; }

    /** Address of: {@snippet lang=c : void criu_local_set_tcp_skip_in_flight(criu_opts *opts, bool tcp_skip_in_flight); } */
    public static MemorySegment criu_local_set_tcp_skip_in_flight$address() { return criu_local_set_tcp_skip_in_flight.ADDR; }

    /** {@snippet lang=c : void criu_local_set_tcp_skip_in_flight(criu_opts *opts, bool tcp_skip_in_flight); } */
    public static void criu_local_set_tcp_skip_in_flight(MemorySegment opts, boolean tcp_skip_in_flight) {
        var mh$ = criu_local_set_tcp_skip_in_flight.HANDLE;
        try {
            if (TRACE_DOWNCALLS) traceDowncall("criu_local_set_tcp_skip_in_flight", opts, tcp_skip_in_flight);
            mh$.invokeExact(opts, tcp_skip_in_flight);
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class criu_local_set_tcp_close {
        static final FunctionDescriptor DESC = FunctionDescriptor.ofVoid(C_POINTER, C_BOOL);
        static final MemorySegment ADDR = findOrThrow("criu_local_set_tcp_close");
        static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /** Function descriptor for: {@snippet lang=c : void criu_local_set_tcp_close(criu_opts *opts, bool tcp_close); } */
    public static FunctionDescriptor criu_local_set_tcp_close$descriptor() { return criu_local_set_tcp_close.DESC; }

    /** Downcall method handle for: {@snippet lang=c : void criu_local_set_tcp_close(criu_opts *opts, bool tcp_close); } */
    public static MethodHandle criu_local_set_tcp_close$handle() { return criu_local_set_tcp_close.HANDLE; }

    /** Address of: {@snippet lang=c : void criu_local_set_tcp_close(criu_opts *opts, bool tcp_close); } */
    public static MemorySegment criu_local_set_tcp_close$address() { return criu_local_set_tcp_close.ADDR; }

    /** {@snippet lang=c : void criu_local_set_tcp_close(criu_opts *opts, bool tcp_close); } */
    public static void criu_local_set_tcp_close(MemorySegment opts, boolean tcp_close) {
        var mh$ = criu_local_set_tcp_close.HANDLE;
        try {
            if (TRACE_DOWNCALLS) traceDowncall("criu_local_set_tcp_close", opts, tcp_close);
            mh$.invokeExact(opts, tcp_close);
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class criu_local_set_weak_sysctls {
        static final FunctionDescriptor DESC = FunctionDescriptor.ofVoid(C_POINTER, C_BOOL);
        static final MemorySegment ADDR = findOrThrow("criu_local_set_weak_sysctls");
        static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /** Function descriptor for: {@snippet lang=c : void criu_local_set_weak_sysctls(criu_opts *opts, bool val); } */
    public static FunctionDescriptor criu_local_set_weak_sysctls$descriptor() { return criu_local_set_weak_sysctls.DESC; }

    /** Downcall method handle for: {@snippet lang=c : void criu_local_set_weak_sysctls(criu_opts *opts, bool val); } */
    public static MethodHandle criu_local_set_weak_sysctls$handle() { return criu_local_set_weak_sysctls.HANDLE; }

    /** Address of: {@snippet lang=c : void criu_local_set_weak_sysctls(criu_opts *opts, bool val); } */
    public static MemorySegment criu_local_set_weak_sysctls$address() { return criu_local_set_weak_sysctls.ADDR; }

    /** {@snippet lang=c : void criu_local_set_weak_sysctls(criu_opts *opts, bool val); } */
    public static void criu_local_set_weak_sysctls(MemorySegment opts, boolean val) {
        var mh$ = criu_local_set_weak_sysctls.HANDLE;
        try {
            if (TRACE_DOWNCALLS) traceDowncall("criu_local_set_weak_sysctls", opts, val);
            mh$.invokeExact(opts, val);
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class criu_local_set_evasive_devices {
        static final FunctionDescriptor DESC = FunctionDescriptor.ofVoid(C_POINTER, C_BOOL);
        static final MemorySegment ADDR = findOrThrow("criu_local_set_evasive_devices");
        static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /** Function descriptor for: {@snippet lang=c : void criu_local_set_evasive_devices(criu_opts *opts, bool evasive_devices); } */
    public static FunctionDescriptor criu_local_set_evasive_devices$descriptor() { return criu_local_set_evasive_devices.DESC; }

    /** Downcall method handle for: {@snippet lang=c : void criu_local_set_evasive_devices(criu_opts *opts, bool evasive_devices); } */
    public static MethodHandle criu_local_set_evasive_devices$handle() { return criu_local_set_evasive_devices.HANDLE; }

    /** Address of: {@snippet lang=c : void criu_local_set_evasive_devices(criu_opts *opts, bool evasive_devices); } */
    public static MemorySegment criu_local_set_evasive_devices$address() { return criu_local_set_evasive_devices.ADDR; }

    /** {@snippet lang=c : void criu_local_set_evasive_devices(criu_opts *opts, bool evasive_devices); } */
    public static void criu_local_set_evasive_devices(MemorySegment opts, boolean evasive_devices) {
        var mh$ = criu_local_set_evasive_devices.HANDLE;
        try {
            if (TRACE_DOWNCALLS) traceDowncall("criu_local_set_evasive_devices", opts, evasive_devices);
            mh$.invokeExact(opts, evasive_devices);
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class criu_local_set_shell_job {
        static final FunctionDescriptor DESC = FunctionDescriptor.ofVoid(C_POINTER, C_BOOL);
        static final MemorySegment ADDR = findOrThrow("criu_local_set_shell_job");
        static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /** Function descriptor for: {@snippet lang=c : void criu_local_set_shell_job(criu_opts *opts, bool shell_job); } */
    public static FunctionDescriptor criu_local_set_shell_job$descriptor() { return criu_local_set_shell_job.DESC; }

    /** Downcall method handle for: {@snippet lang=c : void criu_local_set_shell_job(criu_opts *opts, bool shell_job); } */
    public static MethodHandle criu_local_set_shell_job$handle() { return criu_local_set_shell_job.HANDLE; }

    /** Address of: {@snippet lang=c : void criu_local_set_shell_job(criu_opts *opts, bool shell_job); } */
    public static MemorySegment criu_local_set_shell_job$address() { return criu_local_set_shell_job.ADDR; }

    /** {@snippet lang=c : void criu_local_set_shell_job(criu_opts *opts, bool shell_job); } */
    public static void criu_local_set_shell_job(MemorySegment opts, boolean shell_job) {
        var mh$ = criu_local_set_shell_job.HANDLE;
        try {
            if (TRACE_DOWNCALLS) traceDowncall("criu_local_set_shell_job", opts, shell_job);
            mh$.invokeExact(opts, shell_job);
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class criu_local_set_orphan_pts_master {
        static final FunctionDescriptor DESC = FunctionDescriptor.ofVoid(C_POINTER, C_BOOL);
        static final MemorySegment ADDR = findOrThrow("criu_local_set_orphan_pts_master");
        static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /** Function descriptor for: {@snippet lang=c : void criu_local_set_orphan_pts_master(criu_opts *opts, bool orphan_pts_master); } */
    public static FunctionDescriptor criu_local_set_orphan_pts_master$descriptor() { return criu_local_set_orphan_pts_master.DESC; }

    /** Downcall method handle for: {@snippet lang=c : void criu_local_set_orphan_pts_master(criu_opts *opts, bool orphan_pts_master); } */
    public static MethodHandle criu_local_set_orphan_pts_master$handle() { return criu_local_set_orphan_pts_master.HANDLE; }

    /** Address of: {@snippet lang=c : void criu_local_set_orphan_pts_master(criu_opts *opts, bool orphan_pts_master); } */
    public static MemorySegment criu_local_set_orphan_pts_master$address() { return criu_local_set_orphan_pts_master.ADDR; }

    /** {@snippet lang=c : void criu_local_set_orphan_pts_master(criu_opts *opts, bool orphan_pts_master); } */
    public static void criu_local_set_orphan_pts_master(MemorySegment opts, boolean orphan_pts_master) {
        var mh$ = criu_local_set_orphan_pts_master.HANDLE;
        try {
            if (TRACE_DOWNCALLS) traceDowncall("criu_local_set_orphan_pts_master", opts, orphan_pts_master);
            mh$.invokeExact(opts, orphan_pts_master);
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class criu_local_set_file_locks {
        static final FunctionDescriptor DESC = FunctionDescriptor.ofVoid(C_POINTER, C_BOOL);
        static final MemorySegment ADDR = findOrThrow("criu_local_set_file_locks");
        static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /** Function descriptor for: {@snippet lang=c : void criu_local_set_file_locks(criu_opts *opts, bool file_locks); } */
    public static FunctionDescriptor criu_local_set_file_locks$descriptor() { return criu_local_set_file_locks.DESC; }

    /** Downcall method handle for: {@snippet lang=c : void criu_local_set_file_locks(criu_opts *opts, bool file_locks); } */
    public static MethodHandle criu_local_set_file_locks$handle() { return criu_local_set_file_locks.HANDLE; }

    /** Address of: {@snippet lang=c : void criu_local_set_file_locks(criu_opts *opts, bool file_locks); } */
    public static MemorySegment criu_local_set_file_locks$address() { return criu_local_set_file_locks.ADDR; }

    /** {@snippet lang=c : void criu_local_set_file_locks(criu_opts *opts, bool file_locks); } */
    public static void criu_local_set_file_locks(MemorySegment opts, boolean file_locks) {
        var mh$ = criu_local_set_file_locks.HANDLE;
        try {
            if (TRACE_DOWNCALLS) traceDowncall("criu_local_set_file_locks", opts, file_locks);
            mh$.invokeExact(opts, file_locks);
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class criu_local_set_track_mem {
        static final FunctionDescriptor DESC = FunctionDescriptor.ofVoid(C_POINTER, C_BOOL);
        static final MemorySegment ADDR = findOrThrow("criu_local_set_track_mem");
        static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /** Function descriptor for: {@snippet lang=c : void criu_local_set_track_mem(criu_opts *opts, bool track_mem); } */
    public static FunctionDescriptor criu_local_set_track_mem$descriptor() { return criu_local_set_track_mem.DESC; }

    /** Downcall method handle for: {@snippet lang=c : void criu_local_set_track_mem(criu_opts *opts, bool track_mem); } */
    public static MethodHandle criu_local_set_track_mem$handle() { return criu_local_set_track_mem.HANDLE; }

    /** Address of: {@snippet lang=c : void criu_local_set_track_mem(criu_opts *opts, bool track_mem); } */
    public static MemorySegment criu_local_set_track_mem$address() { return criu_local_set_track_mem.ADDR; }

    /** {@snippet lang=c : void criu_local_set_track_mem(criu_opts *opts, bool track_mem); } */
    public static void criu_local_set_track_mem(MemorySegment opts, boolean track_mem) {
        var mh$ = criu_local_set_track_mem.HANDLE;
        try {
            if (TRACE_DOWNCALLS) traceDowncall("criu_local_set_track_mem", opts, track_mem);
            mh$.invokeExact(opts, track_mem);
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class criu_local_set_auto_dedup {
        static final FunctionDescriptor DESC = FunctionDescriptor.ofVoid(C_POINTER, C_BOOL);
        static final MemorySegment ADDR = findOrThrow("criu_local_set_auto_dedup");
        static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /** Function descriptor for: {@snippet lang=c : void criu_local_set_auto_dedup(criu_opts *opts, bool auto_dedup); } */
    public static FunctionDescriptor criu_local_set_auto_dedup$descriptor() { return criu_local_set_auto_dedup.DESC; }

    /** Downcall method handle for: {@snippet lang=c : void criu_local_set_auto_dedup(criu_opts *opts, bool auto_dedup); } */
    public static MethodHandle criu_local_set_auto_dedup$handle() { return criu_local_set_auto_dedup.HANDLE; }

    /** Address of: {@snippet lang=c : void criu_local_set_auto_dedup(criu_opts *opts, bool auto_dedup); } */
    public static MemorySegment criu_local_set_auto_dedup$address() { return criu_local_set_auto_dedup.ADDR; }

    /** {@snippet lang=c : void criu_local_set_auto_dedup(criu_opts *opts, bool auto_dedup); } */
    public static void criu_local_set_auto_dedup(MemorySegment opts, boolean auto_dedup) {
        var mh$ = criu_local_set_auto_dedup.HANDLE;
        try {
            if (TRACE_DOWNCALLS) traceDowncall("criu_local_set_auto_dedup", opts, auto_dedup);
            mh$.invokeExact(opts, auto_dedup);
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class criu_local_set_force_irmap {
        static final FunctionDescriptor DESC = FunctionDescriptor.ofVoid(C_POINTER, C_BOOL);
        static final MemorySegment ADDR = findOrThrow("criu_local_set_force_irmap");
        static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /** Function descriptor for: {@snippet lang=c : void criu_local_set_force_irmap(criu_opts *opts, bool force_irmap); } */
    public static FunctionDescriptor criu_local_set_force_irmap$descriptor() { return criu_local_set_force_irmap.DESC; }

    /** Downcall method handle for: {@snippet lang=c : void criu_local_set_force_irmap(criu_opts *opts, bool force_irmap); } */
    public static MethodHandle criu_local_set_force_irmap$handle() { return criu_local_set_force_irmap.HANDLE; }

    /** Address of: {@snippet lang=c : void criu_local_set_force_irmap(criu_opts *opts, bool force_irmap); } */
    public static MemorySegment criu_local_set_force_irmap$address() { return criu_local_set_force_irmap.ADDR; }

    /** {@snippet lang=c : void criu_local_set_force_irmap(criu_opts *opts, bool force_irmap); } */
    public static void criu_local_set_force_irmap(MemorySegment opts, boolean force_irmap) {
        var mh$ = criu_local_set_force_irmap.HANDLE;
        try {
            if (TRACE_DOWNCALLS) traceDowncall("criu_local_set_force_irmap", opts, force_irmap);
            mh$.invokeExact(opts, force_irmap);
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class criu_local_set_link_remap {
        static final FunctionDescriptor DESC = FunctionDescriptor.ofVoid(C_POINTER, C_BOOL);
        static final MemorySegment ADDR = findOrThrow("criu_local_set_link_remap");
        static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /** Function descriptor for: {@snippet lang=c : void criu_local_set_link_remap(criu_opts *opts, bool link_remap); } */
    public static FunctionDescriptor criu_local_set_link_remap$descriptor() { return criu_local_set_link_remap.DESC; }

    /** Downcall method handle for: {@snippet lang=c : void criu_local_set_link_remap(criu_opts *opts, bool link_remap); } */
    public static MethodHandle criu_local_set_link_remap$handle() { return criu_local_set_link_remap.HANDLE; }

    /** Address of: {@snippet lang=c : void criu_local_set_link_remap(criu_opts *opts, bool link_remap); } */
    public static MemorySegment criu_local_set_link_remap$address() { return criu_local_set_link_remap.ADDR; }

    /** {@snippet lang=c : void criu_local_set_link_remap(criu_opts *opts, bool link_remap); } */
    public static void criu_local_set_link_remap(MemorySegment opts, boolean link_remap) {
        var mh$ = criu_local_set_link_remap.HANDLE;
        try {
            if (TRACE_DOWNCALLS) traceDowncall("criu_local_set_link_remap", opts, link_remap);
            mh$.invokeExact(opts, link_remap);
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class criu_local_set_log_level {
        static final FunctionDescriptor DESC = FunctionDescriptor.ofVoid(C_POINTER, C_INT);
        static final MemorySegment ADDR = findOrThrow("criu_local_set_log_level");
        static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /** Function descriptor for: {@snippet lang=c : void criu_local_set_log_level(criu_opts *opts, int log_level); } */
    public static FunctionDescriptor criu_local_set_log_level$descriptor() { return criu_local_set_log_level.DESC; }

    /** Downcall method handle for: {@snippet lang=c : void criu_local_set_log_level(criu_opts *opts, int log_level); } */
    public static MethodHandle criu_local_set_log_level$handle() { return criu_local_set_log_level.HANDLE; }

    /** Address of: {@snippet lang=c : void criu_local_set_log_level(criu_opts *opts, int log_level); } */
    public static MemorySegment criu_local_set_log_level$address() { return criu_local_set_log_level.ADDR; }

    /** {@snippet lang=c : void criu_local_set_log_level(criu_opts *opts, int log_level); } */
    public static void criu_local_set_log_level(MemorySegment opts, int log_level) {
        var mh$ = criu_local_set_log_level.HANDLE;
        try {
            if (TRACE_DOWNCALLS) traceDowncall("criu_local_set_log_level", opts, log_level);
            mh$.invokeExact(opts, log_level);
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class criu_local_set_log_file {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER);
        static final MemorySegment ADDR = findOrThrow("criu_local_set_log_file");
        static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /** Function descriptor for: {@snippet lang=c : int criu_local_set_log_file(criu_opts *opts, const char *log_file); } */
    public static FunctionDescriptor criu_local_set_log_file$descriptor() { return criu_local_set_log_file.DESC; }

    /** Downcall method handle for: {@snippet lang=c : int criu_local_set_log_file(criu_opts *opts, const char *log_file); } */
    public static MethodHandle criu_local_set_log_file$handle() { return criu_local_set_log_file.HANDLE; }

    /** Address of: {@snippet lang=c : int criu_local_set_log_file(criu_opts *opts, const char *log_file); } */
    public static MemorySegment criu_local_set_log_file$address() { return criu_local_set_log_file.ADDR; }

    /** {@snippet lang=c : int criu_local_set_log_file(criu_opts *opts, const char *log_file); } */
    public static int criu_local_set_log_file(MemorySegment opts, MemorySegment log_file) {
        var mh$ = criu_local_set_log_file.HANDLE;
        try {
            if (TRACE_DOWNCALLS) traceDowncall("criu_local_set_log_file", opts, log_file);
            return (int) mh$.invokeExact(opts, log_file);
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class criu_local_set_cpu_cap {
        static final FunctionDescriptor DESC = FunctionDescriptor.ofVoid(C_POINTER, C_INT);
        static final MemorySegment ADDR = findOrThrow("criu_local_set_cpu_cap");
        static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /** Function descriptor for: {@snippet lang=c : void criu_local_set_cpu_cap(criu_opts *opts, unsigned int cap); } */
    public static FunctionDescriptor criu_local_set_cpu_cap$descriptor() { return criu_local_set_cpu_cap.DESC; }

    /** Downcall method handle for: {@snippet lang=c : void criu_local_set_cpu_cap(criu_opts *opts, unsigned int cap); } */
    public static MethodHandle criu_local_set_cpu_cap$handle() { return criu_local_set_cpu_cap.HANDLE; }

    /** Address of: {@snippet lang=c : void criu_local_set_cpu_cap(criu_opts *opts, unsigned int cap); } */
    public static MemorySegment criu_local_set_cpu_cap$address() { return criu_local_set_cpu_cap.ADDR; }

    /** {@snippet lang=c : void criu_local_set_cpu_cap(criu_opts *opts, unsigned int cap); } */
    public static void criu_local_set_cpu_cap(MemorySegment opts, int cap) {
        var mh$ = criu_local_set_cpu_cap.HANDLE;
        try {
            if (TRACE_DOWNCALLS) traceDowncall("criu_local_set_cpu_cap", opts, cap);
            mh$.invokeExact(opts, cap);
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class criu_local_set_root {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER);
        static final MemorySegment ADDR = findOrThrow("criu_local_set_root");
        static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /** Function descriptor for: {@snippet lang=c : int criu_local_set_root(criu_opts *opts, const char *root); } */
    public static FunctionDescriptor criu_local_set_root$descriptor() { return criu_local_set_root.DESC; }

    /** Downcall method handle for: {@snippet lang=c : int criu_local_set_root(criu_opts *opts, const char *root); } */
    public static MethodHandle criu_local_set_root$handle() { return criu_local_set_root.HANDLE; }

    /** Address of: {@snippet lang=c : int criu_local_set_root(criu_opts *opts, const char *root); } */
    public static MemorySegment criu_local_set_root$address() { return criu_local_set_root.ADDR; }

    /** {@snippet lang=c : int criu_local_set_root(criu_opts *opts, const char *root); } */
    public static int criu_local_set_root(MemorySegment opts, MemorySegment root) {
        var mh$ = criu_local_set_root.HANDLE;
        try {
            if (TRACE_DOWNCALLS) traceDowncall("criu_local_set_root", opts, root);
            return (int) mh$.invokeExact(opts, root);
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class criu_local_set_manage_cgroups {
        static final FunctionDescriptor DESC = FunctionDescriptor.ofVoid(C_POINTER, C_BOOL);
        static final MemorySegment ADDR = findOrThrow("criu_local_set_manage_cgroups");
        static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /** Function descriptor for: {@snippet lang=c : void criu_local_set_manage_cgroups(criu_opts *opts, bool manage); } */
    public static FunctionDescriptor criu_local_set_manage_cgroups$descriptor() { return criu_local_set_manage_cgroups.DESC; }

    /** Downcall method handle for: {@snippet lang=c : void criu_local_set_manage_cgroups(criu_opts *opts, bool manage); } */
    public static MethodHandle criu_local_set_manage_cgroups$handle() { return criu_local_set_manage_cgroups.HANDLE; }

    /** Address of: {@snippet lang=c : void criu_local_set_manage_cgroups(criu_opts *opts, bool manage); } */
    public static MemorySegment criu_local_set_manage_cgroups$address() { return criu_local_set_manage_cgroups.ADDR; }

    /** {@snippet lang=c : void criu_local_set_manage_cgroups(criu_opts *opts, bool manage); } */
    public static void criu_local_set_manage_cgroups(MemorySegment opts, boolean manage) {
        var mh$ = criu_local_set_manage_cgroups.HANDLE;
        try {
            if (TRACE_DOWNCALLS) traceDowncall("criu_local_set_manage_cgroups", opts, manage);
            mh$.invokeExact(opts, manage);
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class criu_local_set_manage_cgroups_mode {
        static final FunctionDescriptor DESC = FunctionDescriptor.ofVoid(C_POINTER, C_INT);
        static final MemorySegment ADDR = findOrThrow("criu_local_set_manage_cgroups_mode");
        static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /** Function descriptor for: {@snippet lang=c : void criu_local_set_manage_cgroups_mode(criu_opts *opts, enum criu_cg_mode mode); } */
    public static FunctionDescriptor criu_local_set_manage_cgroups_mode$descriptor() { return criu_local_set_manage_cgroups_mode.DESC; }

    /** Downcall method handle for: {@snippet lang=c : void criu_local_set_manage_cgroups_mode(criu_opts *opts, enum criu_cg_mode mode); } */
    public static MethodHandle criu_local_set_manage_cgroups_mode$handle() { return criu_local_set_manage_cgroups_mode.HANDLE; }

    /** Address of: {@snippet lang=c : void criu_local_set_manage_cgroups_mode(criu_opts *opts, enum criu_cg_mode mode); } */
    public static MemorySegment criu_local_set_manage_cgroups_mode$address() { return criu_local_set_manage_cgroups_mode.ADDR; }

    /** {@snippet lang=c : void criu_local_set_manage_cgroups_mode(criu_opts *opts, enum criu_cg_mode mode); } */
    public static void criu_local_set_manage_cgroups_mode(MemorySegment opts, int mode) {
        var mh$ = criu_local_set_manage_cgroups_mode.HANDLE;
        try {
            if (TRACE_DOWNCALLS) traceDowncall("criu_local_set_manage_cgroups_mode", opts, mode);
            mh$.invokeExact(opts, mode);
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class criu_local_set_freeze_cgroup {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER);
        static final MemorySegment ADDR = findOrThrow("criu_local_set_freeze_cgroup");
        static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /** Function descriptor for: {@snippet lang=c : int criu_local_set_freeze_cgroup(criu_opts *opts, const char *name); } */
    public static FunctionDescriptor criu_local_set_freeze_cgroup$descriptor() { return criu_local_set_freeze_cgroup.DESC; }

    /** Downcall method handle for: {@snippet lang=c : int criu_local_set_freeze_cgroup(criu_opts *opts, const char *name); } */
    public static MethodHandle criu_local_set_freeze_cgroup$handle() { return criu_local_set_freeze_cgroup.HANDLE; }

    /** Address of: {@snippet lang=c : int criu_local_set_freeze_cgroup(criu_opts *opts, const char *name); } */
    public static MemorySegment criu_local_set_freeze_cgroup$address() { return criu_local_set_freeze_cgroup.ADDR; }

    /** {@snippet lang=c : int criu_local_set_freeze_cgroup(criu_opts *opts, const char *name); } */
    public static int criu_local_set_freeze_cgroup(MemorySegment opts, MemorySegment name) {
        var mh$ = criu_local_set_freeze_cgroup.HANDLE;
        try {
            if (TRACE_DOWNCALLS) traceDowncall("criu_local_set_freeze_cgroup", opts, name);
            return (int) mh$.invokeExact(opts, name);
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class criu_local_set_lsm_profile {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER);
        static final MemorySegment ADDR = findOrThrow("criu_local_set_lsm_profile");
        static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /** Function descriptor for: {@snippet lang=c : int criu_local_set_lsm_profile(criu_opts *opts, const char *name); } */
    public static FunctionDescriptor criu_local_set_lsm_profile$descriptor() { return criu_local_set_lsm_profile.DESC; }

    /** Downcall method handle for: {@snippet lang=c : int criu_local_set_lsm_profile(criu_opts *opts, const char *name); } */
    public static MethodHandle criu_local_set_lsm_profile$handle() { return criu_local_set_lsm_profile.HANDLE; }

    /** Address of: {@snippet lang=c : int criu_local_set_lsm_profile(criu_opts *opts, const char *name); } */
    public static MemorySegment criu_local_set_lsm_profile$address() { return criu_local_set_lsm_profile.ADDR; }

    /** {@snippet lang=c : int criu_local_set_lsm_profile(criu_opts *opts, const char *name); } */
    public static int criu_local_set_lsm_profile(MemorySegment opts, MemorySegment name) {
        var mh$ = criu_local_set_lsm_profile.HANDLE;
        try {
            if (TRACE_DOWNCALLS) traceDowncall("criu_local_set_lsm_profile", opts, name);
            return (int) mh$.invokeExact(opts, name);
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class criu_local_set_lsm_mount_context {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER);
        static final MemorySegment ADDR = findOrThrow("criu_local_set_lsm_mount_context");
        static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /** Function descriptor for: {@snippet lang=c : int criu_local_set_lsm_mount_context(criu_opts *opts, const char *name); } */
    public static FunctionDescriptor criu_local_set_lsm_mount_context$descriptor() { return criu_local_set_lsm_mount_context.DESC; }

    /** Downcall method handle for: {@snippet lang=c : int criu_local_set_lsm_mount_context(criu_opts *opts, const char *name); } */
    public static MethodHandle criu_local_set_lsm_mount_context$handle() { return criu_local_set_lsm_mount_context.HANDLE; }

    /** Address of: {@snippet lang=c : int criu_local_set_lsm_mount_context(criu_opts *opts, const char *name); } */
    public static MemorySegment criu_local_set_lsm_mount_context$address() { return criu_local_set_lsm_mount_context.ADDR; }

    /** {@snippet lang=c : int criu_local_set_lsm_mount_context(criu_opts *opts, const char *name); } */
    public static int criu_local_set_lsm_mount_context(MemorySegment opts, MemorySegment name) {
        var mh$ = criu_local_set_lsm_mount_context.HANDLE;
        try {
            if (TRACE_DOWNCALLS) traceDowncall("criu_local_set_lsm_mount_context", opts, name);
            return (int) mh$.invokeExact(opts, name);
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class criu_local_set_timeout {
        static final FunctionDescriptor DESC = FunctionDescriptor.ofVoid(C_POINTER, C_INT);
        static final MemorySegment ADDR = findOrThrow("criu_local_set_timeout");
        static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /** Function descriptor for: {@snippet lang=c : void criu_local_set_timeout(criu_opts *opts, unsigned int timeout); } */
    public static FunctionDescriptor criu_local_set_timeout$descriptor() { return criu_local_set_timeout.DESC; }

    /** Downcall method handle for: {@snippet lang=c : void criu_local_set_timeout(criu_opts *opts, unsigned int timeout); } */
    public static MethodHandle criu_local_set_timeout$handle() { return criu_local_set_timeout.HANDLE; }

    /** Address of: {@snippet lang=c : void criu_local_set_timeout(criu_opts *opts, unsigned int timeout); } */
    public static MemorySegment criu_local_set_timeout$address() { return criu_local_set_timeout.ADDR; }

    /** {@snippet lang=c : void criu_local_set_timeout(criu_opts *opts, unsigned int timeout); } */
    public static void criu_local_set_timeout(MemorySegment opts, int timeout) {
        var mh$ = criu_local_set_timeout.HANDLE;
        try {
            if (TRACE_DOWNCALLS) traceDowncall("criu_local_set_timeout", opts, timeout);
            mh$.invokeExact(opts, timeout);
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class criu_local_set_auto_ext_mnt {
        static final FunctionDescriptor DESC = FunctionDescriptor.ofVoid(C_POINTER, C_BOOL);
        static final MemorySegment ADDR = findOrThrow("criu_local_set_auto_ext_mnt");
        static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /** Function descriptor for: {@snippet lang=c : void criu_local_set_auto_ext_mnt(criu_opts *opts, bool val); } */
    public static FunctionDescriptor criu_local_set_auto_ext_mnt$descriptor() { return criu_local_set_auto_ext_mnt.DESC; }

    /** Downcall method handle for: {@snippet lang=c : void criu_local_set_auto_ext_mnt(criu_opts *opts, bool val); } */
    public static MethodHandle criu_local_set_auto_ext_mnt$handle() { return criu_local_set_auto_ext_mnt.HANDLE; }

    /** Address of: {@snippet lang=c : void criu_local_set_auto_ext_mnt(criu_opts *opts, bool val); } */
    public static MemorySegment criu_local_set_auto_ext_mnt$address() { return criu_local_set_auto_ext_mnt.ADDR; }

    /** {@snippet lang=c : void criu_local_set_auto_ext_mnt(criu_opts *opts, bool val); } */
    public static void criu_local_set_auto_ext_mnt(MemorySegment opts, boolean val) {
        var mh$ = criu_local_set_auto_ext_mnt.HANDLE;
        try {
            if (TRACE_DOWNCALLS) traceDowncall("criu_local_set_auto_ext_mnt", opts, val);
            mh$.invokeExact(opts, val);
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class criu_local_set_ext_sharing {
        static final FunctionDescriptor DESC = FunctionDescriptor.ofVoid(C_POINTER, C_BOOL);
        static final MemorySegment ADDR = findOrThrow("criu_local_set_ext_sharing");
        static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /** Function descriptor for: {@snippet lang=c : void criu_local_set_ext_sharing(criu_opts *opts, bool val); } */
    public static FunctionDescriptor criu_local_set_ext_sharing$descriptor() { return criu_local_set_ext_sharing.DESC; }

    /** Downcall method handle for: {@snippet lang=c : void criu_local_set_ext_sharing(criu_opts *opts, bool val); } */
    public static MethodHandle criu_local_set_ext_sharing$handle() { return criu_local_set_ext_sharing.HANDLE; }

    /** Address of: {@snippet lang=c : void criu_local_set_ext_sharing(criu_opts *opts, bool val); } */
    public static MemorySegment criu_local_set_ext_sharing$address() { return criu_local_set_ext_sharing.ADDR; }

    /** {@snippet lang=c : void criu_local_set_ext_sharing(criu_opts *opts, bool val); } */
    public static void criu_local_set_ext_sharing(MemorySegment opts, boolean val) {
        var mh$ = criu_local_set_ext_sharing.HANDLE;
        try {
            if (TRACE_DOWNCALLS) traceDowncall("criu_local_set_ext_sharing", opts, val);
            mh$.invokeExact(opts, val);
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class criu_local_set_ext_masters {
        static final FunctionDescriptor DESC = FunctionDescriptor.ofVoid(C_POINTER, C_BOOL);
        static final MemorySegment ADDR = findOrThrow("criu_local_set_ext_masters");
        static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /** Function descriptor for: {@snippet lang=c : void criu_local_set_ext_masters(criu_opts *opts, bool val); } */
    public static FunctionDescriptor criu_local_set_ext_masters$descriptor() { return criu_local_set_ext_masters.DESC; }

    /** Downcall method handle for: {@snippet lang=c : void criu_local_set_ext_masters(criu_opts *opts, bool val); } */
    public static MethodHandle criu_local_set_ext_masters$handle() { return criu_local_set_ext_masters.HANDLE; }

    /** Address of: {@snippet lang=c : void criu_local_set_ext_masters(criu_opts *opts, bool val); } */
    public static MemorySegment criu_local_set_ext_masters$address() { return criu_local_set_ext_masters.ADDR; }

    /** {@snippet lang=c : void criu_local_set_ext_masters(criu_opts *opts, bool val); } */
    public static void criu_local_set_ext_masters(MemorySegment opts, boolean val) {
        var mh$ = criu_local_set_ext_masters.HANDLE;
        try {
            if (TRACE_DOWNCALLS) traceDowncall("criu_local_set_ext_masters", opts, val);
            mh$.invokeExact(opts, val);
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class criu_local_set_exec_cmd {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_INT, C_POINTER);
        static final MemorySegment ADDR = findOrThrow("criu_local_set_exec_cmd");
        static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /** Function descriptor for: {@snippet lang=c : int criu_local_set_exec_cmd(criu_opts *opts, int argc, char *argv[]); } */
    public static FunctionDescriptor criu_local_set_exec_cmd$descriptor() { return criu_local_set_exec_cmd.DESC; }

    /** Downcall method handle for: {@snippet lang=c : int criu_local_set_exec_cmd(criu_opts *opts, int argc, char *argv[]); } */
    public static MethodHandle criu_local_set_exec_cmd$handle() { return criu_local_set_exec_cmd.HANDLE; }

    /** Address of: {@snippet lang=c : int criu_local_set_exec_cmd(criu_opts *opts, int argc, char *argv[]); } */
    public static MemorySegment criu_local_set_exec_cmd$address() { return criu_local_set_exec_cmd.ADDR; }

    /** {@snippet lang=c : int criu_local_set_exec_cmd(criu_opts *opts, int argc, char *argv[]); } */
    public static int criu_local_set_exec_cmd(MemorySegment opts, int argc, MemorySegment argv) {
        var mh$ = criu_local_set_exec_cmd.HANDLE;
        try {
            if (TRACE_DOWNCALLS) traceDowncall("criu_local_set_exec_cmd", opts, argc, argv);
            return (int) mh$.invokeExact(opts, argc, argv);
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class criu_local_add_ext_mount {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER, C_POINTER);
        static final MemorySegment ADDR = findOrThrow("criu_local_add_ext_mount");
        static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /** Function descriptor for: {@snippet lang=c : int criu_local_add_ext_mount(criu_opts *opts, const char *key, const char *val); } */
    public static FunctionDescriptor criu_local_add_ext_mount$descriptor() { return criu_local_add_ext_mount.DESC; }

    /** Downcall method handle for: {@snippet lang=c : int criu_local_add_ext_mount(criu_opts *opts, const char *key, const char *val); } */
    public static MethodHandle criu_local_add_ext_mount$handle() { return criu_local_add_ext_mount.HANDLE; }

    /** Address of: {@snippet lang=c : int criu_local_add_ext_mount(criu_opts *opts, const char *key, const char *val); } */
    public static MemorySegment criu_local_add_ext_mount$address() { return criu_local_add_ext_mount.ADDR; }

    /** {@snippet lang=c : int criu_local_add_ext_mount(criu_opts *opts, const char *key, const char *val); } */
    public static int criu_local_add_ext_mount(MemorySegment opts, MemorySegment key, MemorySegment val) {
        var mh$ = criu_local_add_ext_mount.HANDLE;
        try {
            if (TRACE_DOWNCALLS) traceDowncall("criu_local_add_ext_mount", opts, key, val);
            return (int) mh$.invokeExact(opts, key, val);
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class criu_local_add_veth_pair {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER, C_POINTER);
        static final MemorySegment ADDR = findOrThrow("criu_local_add_veth_pair");
        static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /** Function descriptor for: {@snippet lang=c : int criu_local_add_veth_pair(criu_opts *opts, const char *in, const char *out); } */
    public static FunctionDescriptor criu_local_add_veth_pair$descriptor() { return criu_local_add_veth_pair.DESC; }

    /** Downcall method handle for: {@snippet lang=c : int criu_local_add_veth_pair(criu_opts *opts, const char *in, const char *out); } */
    public static MethodHandle criu_local_add_veth_pair$handle() { return criu_local_add_veth_pair.HANDLE; }

    /** Address of: {@snippet lang=c : int criu_local_add_veth_pair(criu_opts *opts, const char *in, const char *out); } */
    public static MemorySegment criu_local_add_veth_pair$address() { return criu_local_add_veth_pair.ADDR; }

    /** {@snippet lang=c : int criu_local_add_veth_pair(criu_opts *opts, const char *in, const char *out); } */
    public static int criu_local_add_veth_pair(MemorySegment opts, MemorySegment in, MemorySegment out) {
        var mh$ = criu_local_add_veth_pair.HANDLE;
        try {
            if (TRACE_DOWNCALLS) traceDowncall("criu_local_add_veth_pair", opts, in, out);
            return (int) mh$.invokeExact(opts, in, out);
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class criu_local_add_cg_root {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER, C_POINTER);
        static final MemorySegment ADDR = findOrThrow("criu_local_add_cg_root");
        static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /** Function descriptor for: {@snippet lang=c : int criu_local_add_cg_root(criu_opts *opts, const char *ctrl, const char *path); } */
    public static FunctionDescriptor criu_local_add_cg_root$descriptor() { return criu_local_add_cg_root.DESC; }

    /** Downcall method handle for: {@snippet lang=c : int criu_local_add_cg_root(criu_opts *opts, const char *ctrl, const char *path); } */
    public static MethodHandle criu_local_add_cg_root$handle() { return criu_local_add_cg_root.HANDLE; }

    /** Address of: {@snippet lang=c : int criu_local_add_cg_root(criu_opts *opts, const char *ctrl, const char *path); } */
    public static MemorySegment criu_local_add_cg_root$address() { return criu_local_add_cg_root.ADDR; }

    /** {@snippet lang=c : int criu_local_add_cg_root(criu_opts *opts, const char *ctrl, const char *path); } */
    public static int criu_local_add_cg_root(MemorySegment opts, MemorySegment ctrl, MemorySegment path) {
        var mh$ = criu_local_add_cg_root.HANDLE;
        try {
            if (TRACE_DOWNCALLS) traceDowncall("criu_local_add_cg_root", opts, ctrl, path);
            return (int) mh$.invokeExact(opts, ctrl, path);
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class criu_local_add_enable_fs {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER);
        static final MemorySegment ADDR = findOrThrow("criu_local_add_enable_fs");
        static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /** Function descriptor for: {@snippet lang=c : int criu_local_add_enable_fs(criu_opts *opts, const char *fs); } */
    public static FunctionDescriptor criu_local_add_enable_fs$descriptor() { return criu_local_add_enable_fs.DESC; }

    /** Downcall method handle for: {@snippet lang=c : int criu_local_add_enable_fs(criu_opts *opts, const char *fs); } */
    public static MethodHandle criu_local_add_enable_fs$handle() { return criu_local_add_enable_fs.HANDLE; }

    /** Address of: {@snippet lang=c : int criu_local_add_enable_fs(criu_opts *opts, const char *fs); } */
    public static MemorySegment criu_local_add_enable_fs$address() { return criu_local_add_enable_fs.ADDR; }

    /** {@snippet lang=c : int criu_local_add_enable_fs(criu_opts *opts, const char *fs); } */
    public static int criu_local_add_enable_fs(MemorySegment opts, MemorySegment fs) {
        var mh$ = criu_local_add_enable_fs.HANDLE;
        try {
            if (TRACE_DOWNCALLS) traceDowncall("criu_local_add_enable_fs", opts, fs);
            return (int) mh$.invokeExact(opts, fs);
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class criu_local_add_skip_mnt {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER);
        static final MemorySegment ADDR = findOrThrow("criu_local_add_skip_mnt");
        static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /** Function descriptor for: {@snippet lang=c : int criu_local_add_skip_mnt(criu_opts *opts, const char *mnt); } */
    public static FunctionDescriptor criu_local_add_skip_mnt$descriptor() { return criu_local_add_skip_mnt.DESC; }

    /** Downcall method handle for: {@snippet lang=c : int criu_local_add_skip_mnt(criu_opts *opts, const char *mnt); } */
    public static MethodHandle criu_local_add_skip_mnt$handle() { return criu_local_add_skip_mnt.HANDLE; }

    /** Address of: {@snippet lang=c : int criu_local_add_skip_mnt(criu_opts *opts, const char *mnt); } */
    public static MemorySegment criu_local_add_skip_mnt$address() { return criu_local_add_skip_mnt.ADDR; }

    /** {@snippet lang=c : int criu_local_add_skip_mnt(criu_opts *opts, const char *mnt); } */
    public static int criu_local_add_skip_mnt(MemorySegment opts, MemorySegment mnt) {
        var mh$ = criu_local_add_skip_mnt.HANDLE;
        try {
            if (TRACE_DOWNCALLS) traceDowncall("criu_local_add_skip_mnt", opts, mnt);
            return (int) mh$.invokeExact(opts, mnt);
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class criu_local_set_ghost_limit {
        static final FunctionDescriptor DESC = FunctionDescriptor.ofVoid(C_POINTER, C_INT);
        static final MemorySegment ADDR = findOrThrow("criu_local_set_ghost_limit");
        static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /** Function descriptor for: {@snippet lang=c : void criu_local_set_ghost_limit(criu_opts *opts, unsigned int limit); } */
    public static FunctionDescriptor criu_local_set_ghost_limit$descriptor() { return criu_local_set_ghost_limit.DESC; }

    /** Downcall method handle for: {@snippet lang=c : void criu_local_set_ghost_limit(criu_opts *opts, unsigned int limit); } */
    public static MethodHandle criu_local_set_ghost_limit$handle() { return criu_local_set_ghost_limit.HANDLE; }

    /** Address of: {@snippet lang=c : void criu_local_set_ghost_limit(criu_opts *opts, unsigned int limit); } */
    public static MemorySegment criu_local_set_ghost_limit$address() { return criu_local_set_ghost_limit.ADDR; }

    /** {@snippet lang=c : void criu_local_set_ghost_limit(criu_opts *opts, unsigned int limit); } */
    public static void criu_local_set_ghost_limit(MemorySegment opts, int limit) {
        var mh$ = criu_local_set_ghost_limit.HANDLE;
        try {
            if (TRACE_DOWNCALLS) traceDowncall("criu_local_set_ghost_limit", opts, limit);
            mh$.invokeExact(opts, limit);
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class criu_local_add_irmap_path {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER);
        static final MemorySegment ADDR = findOrThrow("criu_local_add_irmap_path");
        static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /** Function descriptor for: {@snippet lang=c : int criu_local_add_irmap_path(criu_opts *opts, const char *path); } */
    public static FunctionDescriptor criu_local_add_irmap_path$descriptor() { return criu_local_add_irmap_path.DESC; }

    /** Downcall method handle for: {@snippet lang=c : int criu_local_add_irmap_path(criu_opts *opts, const char *path); } */
    public static MethodHandle criu_local_add_irmap_path$handle() { return criu_local_add_irmap_path.HANDLE; }

    /** Address of: {@snippet lang=c : int criu_local_add_irmap_path(criu_opts *opts, const char *path); } */
    public static MemorySegment criu_local_add_irmap_path$address() { return criu_local_add_irmap_path.ADDR; }

    /** {@snippet lang=c : int criu_local_add_irmap_path(criu_opts *opts, const char *path); } */
    public static int criu_local_add_irmap_path(MemorySegment opts, MemorySegment path) {
        var mh$ = criu_local_add_irmap_path.HANDLE;
        try {
            if (TRACE_DOWNCALLS) traceDowncall("criu_local_add_irmap_path", opts, path);
            return (int) mh$.invokeExact(opts, path);
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class criu_local_add_cg_props {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER);
        static final MemorySegment ADDR = findOrThrow("criu_local_add_cg_props");
        static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /** Function descriptor for: {@snippet lang=c : int criu_local_add_cg_props(criu_opts *opts, const char *stream); } */
    public static FunctionDescriptor criu_local_add_cg_props$descriptor() { return criu_local_add_cg_props.DESC; }

    /** Downcall method handle for: {@snippet lang=c : int criu_local_add_cg_props(criu_opts *opts, const char *stream); } */
    public static MethodHandle criu_local_add_cg_props$handle() { return criu_local_add_cg_props.HANDLE; }

    /** Address of: {@snippet lang=c : int criu_local_add_cg_props(criu_opts *opts, const char *stream); } */
    public static MemorySegment criu_local_add_cg_props$address() { return criu_local_add_cg_props.ADDR; }

    /** {@snippet lang=c : int criu_local_add_cg_props(criu_opts *opts, const char *stream); } */
    public static int criu_local_add_cg_props(MemorySegment opts, MemorySegment stream) {
        var mh$ = criu_local_add_cg_props.HANDLE;
        try {
            if (TRACE_DOWNCALLS) traceDowncall("criu_local_add_cg_props", opts, stream);
            return (int) mh$.invokeExact(opts, stream);
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class criu_local_add_cg_props_file {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER);
        static final MemorySegment ADDR = findOrThrow("criu_local_add_cg_props_file");
        static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /** Function descriptor for: {@snippet lang=c : int criu_local_add_cg_props_file(criu_opts *opts, const char *path); } */
    public static FunctionDescriptor criu_local_add_cg_props_file$descriptor() { return criu_local_add_cg_props_file.DESC; }

    /** Downcall method handle for: {@snippet lang=c : int criu_local_add_cg_props_file(criu_opts *opts, const char *path); } */
    public static MethodHandle criu_local_add_cg_props_file$handle() { return criu_local_add_cg_props_file.HANDLE; }

    /** Address of: {@snippet lang=c : int criu_local_add_cg_props_file(criu_opts *opts, const char *path); } */
    public static MemorySegment criu_local_add_cg_props_file$address() { return criu_local_add_cg_props_file.ADDR; }

    /** {@snippet lang=c : int criu_local_add_cg_props_file(criu_opts *opts, const char *path); } */
    public static int criu_local_add_cg_props_file(MemorySegment opts, MemorySegment path) {
        var mh$ = criu_local_add_cg_props_file.HANDLE;
        try {
            if (TRACE_DOWNCALLS) traceDowncall("criu_local_add_cg_props_file", opts, path);
            return (int) mh$.invokeExact(opts, path);
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class criu_local_add_cg_dump_controller {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER);
        static final MemorySegment ADDR = findOrThrow("criu_local_add_cg_dump_controller");
        static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /** Function descriptor for: {@snippet lang=c : int criu_local_add_cg_dump_controller(criu_opts *opts, const char *name); } */
    public static FunctionDescriptor criu_local_add_cg_dump_controller$descriptor() { return criu_local_add_cg_dump_controller.DESC; }

    /** Downcall method handle for: {@snippet lang=c : int criu_local_add_cg_dump_controller(criu_opts *opts, const char *name); } */
    public static MethodHandle criu_local_add_cg_dump_controller$handle() { return criu_local_add_cg_dump_controller.HANDLE; }

    /** Address of: {@snippet lang=c : int criu_local_add_cg_dump_controller(criu_opts *opts, const char *name); } */
    public static MemorySegment criu_local_add_cg_dump_controller$address() { return criu_local_add_cg_dump_controller.ADDR; }

    /** {@snippet lang=c : int criu_local_add_cg_dump_controller(criu_opts *opts, const char *name); } */
    public static int criu_local_add_cg_dump_controller(MemorySegment opts, MemorySegment name) {
        var mh$ = criu_local_add_cg_dump_controller.HANDLE;
        try {
            if (TRACE_DOWNCALLS) traceDowncall("criu_local_add_cg_dump_controller", opts, name);
            return (int) mh$.invokeExact(opts, name);
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class criu_local_add_cg_yard {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER);
        static final MemorySegment ADDR = findOrThrow("criu_local_add_cg_yard");
        static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /** Function descriptor for: {@snippet lang=c : int criu_local_add_cg_yard(criu_opts *opts, const char *path); } */
    public static FunctionDescriptor criu_local_add_cg_yard$descriptor() { return criu_local_add_cg_yard.DESC; }

    /** Downcall method handle for: {@snippet lang=c : int criu_local_add_cg_yard(criu_opts *opts, const char *path); } */
    public static MethodHandle criu_local_add_cg_yard$handle() { return criu_local_add_cg_yard.HANDLE; }

    /** Address of: {@snippet lang=c : int criu_local_add_cg_yard(criu_opts *opts, const char *path); } */
    public static MemorySegment criu_local_add_cg_yard$address() { return criu_local_add_cg_yard.ADDR; }

    /** {@snippet lang=c : int criu_local_add_cg_yard(criu_opts *opts, const char *path); } */
    public static int criu_local_add_cg_yard(MemorySegment opts, MemorySegment path) {
        var mh$ = criu_local_add_cg_yard.HANDLE;
        try {
            if (TRACE_DOWNCALLS) traceDowncall("criu_local_add_cg_yard", opts, path);
            return (int) mh$.invokeExact(opts, path);
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class criu_local_add_inherit_fd {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_INT, C_POINTER);
        static final MemorySegment ADDR = findOrThrow("criu_local_add_inherit_fd");
        static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /** Function descriptor for: {@snippet lang=c : int criu_local_add_inherit_fd(criu_opts *opts, int fd, const char *key); } */
    public static FunctionDescriptor criu_local_add_inherit_fd$descriptor() { return criu_local_add_inherit_fd.DESC; }

    /** Downcall method handle for: {@snippet lang=c : int criu_local_add_inherit_fd(criu_opts *opts, int fd, const char *key); } */
    public static MethodHandle criu_local_add_inherit_fd$handle() { return criu_local_add_inherit_fd.HANDLE; }

    /** Address of: {@snippet lang=c : int criu_local_add_inherit_fd(criu_opts *opts, int fd, const char *key); } */
    public static MemorySegment criu_local_add_inherit_fd$address() { return criu_local_add_inherit_fd.ADDR; }

    /** {@snippet lang=c : int criu_local_add_inherit_fd(criu_opts *opts, int fd, const char *key); } */
    public static int criu_local_add_inherit_fd(MemorySegment opts, int fd, MemorySegment key) {
        var mh$ = criu_local_add_inherit_fd.HANDLE;
        try {
            if (TRACE_DOWNCALLS) traceDowncall("criu_local_add_inherit_fd", opts, fd, key);
            return (int) mh$.invokeExact(opts, fd, key);
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class criu_local_add_external {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER);
        static final MemorySegment ADDR = findOrThrow("criu_local_add_external");
        static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /** Function descriptor for: {@snippet lang=c : int criu_local_add_external(criu_opts *opts, const char *key); } */
    public static FunctionDescriptor criu_local_add_external$descriptor() { return criu_local_add_external.DESC; }

    /** Downcall method handle for: {@snippet lang=c : int criu_local_add_external(criu_opts *opts, const char *key); } */
    public static MethodHandle criu_local_add_external$handle() { return criu_local_add_external.HANDLE; }

    /** Address of: {@snippet lang=c : int criu_local_add_external(criu_opts *opts, const char *key); } */
    public static MemorySegment criu_local_add_external$address() { return criu_local_add_external.ADDR; }

    /** {@snippet lang=c : int criu_local_add_external(criu_opts *opts, const char *key); } */
    public static int criu_local_add_external(MemorySegment opts, MemorySegment key) {
        var mh$ = criu_local_add_external.HANDLE;
        try {
            if (TRACE_DOWNCALLS) traceDowncall("criu_local_add_external", opts, key);
            return (int) mh$.invokeExact(opts, key);
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class criu_local_set_page_server_address_port {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER, C_INT);
        static final MemorySegment ADDR = findOrThrow("criu_local_set_page_server_address_port");
        static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /** Function descriptor for: {@snippet lang=c : int criu_local_set_page_server_address_port(criu_opts *opts, const char *address, int port); } */
    public static FunctionDescriptor criu_local_set_page_server_address_port$descriptor() { return criu_local_set_page_server_address_port.DESC; }

    /** Downcall method handle for: {@snippet lang=c : int criu_local_set_page_server_address_port(criu_opts *opts, const char *address, int port); } */
    public static MethodHandle criu_local_set_page_server_address_port$handle() { return criu_local_set_page_server_address_port.HANDLE; }

    /** Address of: {@snippet lang=c : int criu_local_set_page_server_address_port(criu_opts *opts, const char *address, int port); } */
    public static MemorySegment criu_local_set_page_server_address_port$address() { return criu_local_set_page_server_address_port.ADDR; }

    /** {@snippet lang=c : int criu_local_set_page_server_address_port(criu_opts *opts, const char *address, int port); } */
    public static int criu_local_set_page_server_address_port(MemorySegment opts, MemorySegment address, int port) {
        var mh$ = criu_local_set_page_server_address_port.HANDLE;
        try {
            if (TRACE_DOWNCALLS) traceDowncall("criu_local_set_page_server_address_port", opts, address, port);
            return (int) mh$.invokeExact(opts, address, port);
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class criu_local_set_pre_dump_mode {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_INT);
        static final MemorySegment ADDR = findOrThrow("criu_local_set_pre_dump_mode");
        static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /** Function descriptor for: {@snippet lang=c : int criu_local_set_pre_dump_mode(criu_opts *opts, enum criu_pre_dump_mode mode); } */
    public static FunctionDescriptor criu_local_set_pre_dump_mode$descriptor() { return criu_local_set_pre_dump_mode.DESC; }

    /** Downcall method handle for: {@snippet lang=c : int criu_local_set_pre_dump_mode(criu_opts *opts, enum criu_pre_dump_mode mode); } */
    public static MethodHandle criu_local_set_pre_dump_mode$handle() { return criu_local_set_pre_dump_mode.HANDLE; }

    /** Address of: {@snippet lang=c : int criu_local_set_pre_dump_mode(criu_opts *opts, enum criu_pre_dump_mode mode); } */
    public static MemorySegment criu_local_set_pre_dump_mode$address() { return criu_local_set_pre_dump_mode.ADDR; }

    /** {@snippet lang=c : int criu_local_set_pre_dump_mode(criu_opts *opts, enum criu_pre_dump_mode mode); } */
    public static int criu_local_set_pre_dump_mode(MemorySegment opts, int mode) {
        var mh$ = criu_local_set_pre_dump_mode.HANDLE;
        try {
            if (TRACE_DOWNCALLS) traceDowncall("criu_local_set_pre_dump_mode", opts, mode);
            return (int) mh$.invokeExact(opts, mode);
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class criu_local_set_pidfd_store_sk {
        static final FunctionDescriptor DESC = FunctionDescriptor.ofVoid(C_POINTER, C_INT);
        static final MemorySegment ADDR = findOrThrow("criu_local_set_pidfd_store_sk");
        static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /** Function descriptor for: {@snippet lang=c : void criu_local_set_pidfd_store_sk(criu_opts *opts, int sk); } */
    public static FunctionDescriptor criu_local_set_pidfd_store_sk$descriptor() { return criu_local_set_pidfd_store_sk.DESC; }

    /** Downcall method handle for: {@snippet lang=c : void criu_local_set_pidfd_store_sk(criu_opts *opts, int sk); } */
    public static MethodHandle criu_local_set_pidfd_store_sk$handle() { return criu_local_set_pidfd_store_sk.HANDLE; }

    /** Address of: {@snippet lang=c : void criu_local_set_pidfd_store_sk(criu_opts *opts, int sk); } */
    public static MemorySegment criu_local_set_pidfd_store_sk$address() { return criu_local_set_pidfd_store_sk.ADDR; }

    /** {@snippet lang=c : void criu_local_set_pidfd_store_sk(criu_opts *opts, int sk); } */
    public static void criu_local_set_pidfd_store_sk(MemorySegment opts, int sk) {
        var mh$ = criu_local_set_pidfd_store_sk.HANDLE;
        try {
            if (TRACE_DOWNCALLS) traceDowncall("criu_local_set_pidfd_store_sk", opts, sk);
            mh$.invokeExact(opts, sk);
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class criu_local_set_network_lock {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_INT);
        static final MemorySegment ADDR = findOrThrow("criu_local_set_network_lock");
        static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /** Function descriptor for: {@snippet lang=c : int criu_local_set_network_lock(criu_opts *opts, enum criu_network_lock_method method); } */
    public static FunctionDescriptor criu_local_set_network_lock$descriptor() { return criu_local_set_network_lock.DESC; }

    /** Downcall method handle for: {@snippet lang=c : int criu_local_set_network_lock(criu_opts *opts, enum criu_network_lock_method method); } */
    public static MethodHandle criu_local_set_network_lock$handle() { return criu_local_set_network_lock.HANDLE; }

    /** Address of: {@snippet lang=c : int criu_local_set_network_lock(criu_opts *opts, enum criu_network_lock_method method); } */
    public static MemorySegment criu_local_set_network_lock$address() { return criu_local_set_network_lock.ADDR; }

    /** {@snippet lang=c : int criu_local_set_network_lock(criu_opts *opts, enum criu_network_lock_method method); } */
    public static int criu_local_set_network_lock(MemorySegment opts, int method) {
        var mh$ = criu_local_set_network_lock.HANDLE;
        try {
            if (TRACE_DOWNCALLS) traceDowncall("criu_local_set_network_lock", opts, method);
            return (int) mh$.invokeExact(opts, method);
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class criu_local_join_ns_add {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER, C_POINTER, C_POINTER);
        static final MemorySegment ADDR = findOrThrow("criu_local_join_ns_add");
        static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /** Function descriptor for: {@snippet lang=c : int criu_local_join_ns_add(criu_opts *opts, const char *ns, const char *ns_file, const char *extra_opt); } */
    public static FunctionDescriptor criu_local_join_ns_add$descriptor() { return criu_local_join_ns_add.DESC; }

    /** Downcall method handle for: {@snippet lang=c : int criu_local_join_ns_add(criu_opts *opts, const char *ns, const char *ns_file, const char *extra_opt); } */
    public static MethodHandle criu_local_join_ns_add$handle() { return criu_local_join_ns_add.HANDLE; }

    /** Address of: {@snippet lang=c : int criu_local_join_ns_add(criu_opts *opts, const char *ns, const char *ns_file, const char *extra_opt); } */
    public static MemorySegment criu_local_join_ns_add$address() { return criu_local_join_ns_add.ADDR; }

    /** {@snippet lang=c : int criu_local_join_ns_add(criu_opts *opts, const char *ns, const char *ns_file, const char *extra_opt); } */
    public static int criu_local_join_ns_add(MemorySegment opts, MemorySegment ns, MemorySegment ns_file, MemorySegment extra_opt) {
        var mh$ = criu_local_join_ns_add.HANDLE;
        try {
            if (TRACE_DOWNCALLS) traceDowncall("criu_local_join_ns_add", opts, ns, ns_file, extra_opt);
            return (int) mh$.invokeExact(opts, ns, ns_file, extra_opt);
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class criu_local_set_mntns_compat_mode {
        static final FunctionDescriptor DESC = FunctionDescriptor.ofVoid(C_POINTER, C_BOOL);
        static final MemorySegment ADDR = findOrThrow("criu_local_set_mntns_compat_mode");
        static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /** Function descriptor for: {@snippet lang=c : void criu_local_set_mntns_compat_mode(criu_opts *opts, bool val); } */
    public static FunctionDescriptor criu_local_set_mntns_compat_mode$descriptor() { return criu_local_set_mntns_compat_mode.DESC; }

    /** Downcall method handle for: {@snippet lang=c : void criu_local_set_mntns_compat_mode(criu_opts *opts, bool val); } */
    public static MethodHandle criu_local_set_mntns_compat_mode$handle() { return criu_local_set_mntns_compat_mode.HANDLE; }

    /** Address of: {@snippet lang=c : void criu_local_set_mntns_compat_mode(criu_opts *opts, bool val); } */
    public static MemorySegment criu_local_set_mntns_compat_mode$address() { return criu_local_set_mntns_compat_mode.ADDR; }

    /** {@snippet lang=c : void criu_local_set_mntns_compat_mode(criu_opts *opts, bool val); } */
    public static void criu_local_set_mntns_compat_mode(MemorySegment opts, boolean val) {
        var mh$ = criu_local_set_mntns_compat_mode.HANDLE;
        try {
            if (TRACE_DOWNCALLS) traceDowncall("criu_local_set_mntns_compat_mode", opts, val);
            mh$.invokeExact(opts, val);
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class criu_local_set_notify_cb {
        static final FunctionDescriptor DESC = FunctionDescriptor.ofVoid(C_POINTER, C_POINTER);
        static final MemorySegment ADDR = findOrThrow("criu_local_set_notify_cb");
        static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /** Function descriptor for: {@snippet lang=c : void criu_local_set_notify_cb(criu_opts *opts, int (*cb)(char *action, criu_notify_arg_t na)); } */
    public static FunctionDescriptor criu_local_set_notify_cb$descriptor() { return criu_local_set_notify_cb.DESC; }

    /** Downcall method handle for: {@snippet lang=c : void criu_local_set_notify_cb(criu_opts *opts, int (*cb)(char *action, criu_notify_arg_t na)); } */
    public static MethodHandle criu_local_set_notify_cb$handle() { return criu_local_set_notify_cb.HANDLE; }

    /** Address of: {@snippet lang=c : void criu_local_set_notify_cb(criu_opts *opts, int (*cb)(char *action, criu_notify_arg_t na)); } */
    public static MemorySegment criu_local_set_notify_cb$address() { return criu_local_set_notify_cb.ADDR; }

    /** {@snippet lang=c : void criu_local_set_notify_cb(criu_opts *opts, int (*cb)(char *action, criu_notify_arg_t na)); } */
    public static void criu_local_set_notify_cb(MemorySegment opts, MemorySegment cb) {
        var mh$ = criu_local_set_notify_cb.HANDLE;
        try {
            if (TRACE_DOWNCALLS) traceDowncall("criu_local_set_notify_cb", opts, cb);
            mh$.invokeExact(opts, cb);
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class criu_local_check {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER);
        static final MemorySegment ADDR = findOrThrow("criu_local_check");
        static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /** Function descriptor for: {@snippet lang=c : int criu_local_check(criu_opts *opts); } */
    public static FunctionDescriptor criu_local_check$descriptor() { return criu_local_check.DESC; }

    /** Downcall method handle for: {@snippet lang=c : int criu_local_check(criu_opts *opts); } */
    public static MethodHandle criu_local_check$handle() { return criu_local_check.HANDLE; }

    /** Address of: {@snippet lang=c : int criu_local_check(criu_opts *opts); } */
    public static MemorySegment criu_local_check$address() { return criu_local_check.ADDR; }

    /** {@snippet lang=c : int criu_local_check(criu_opts *opts); } */
    public static int criu_local_check(MemorySegment opts) {
        var mh$ = criu_local_check.HANDLE;
        try {
            if (TRACE_DOWNCALLS) traceDowncall("criu_local_check", opts);
            return (int) mh$.invokeExact(opts);
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class criu_local_dump {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER);
        static final MemorySegment ADDR = findOrThrow("criu_local_dump");
        static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /** Function descriptor for: {@snippet lang=c : int criu_local_dump(criu_opts *opts); } */
    public static FunctionDescriptor criu_local_dump$descriptor() { return criu_local_dump.DESC; }

    /** Downcall method handle for: {@snippet lang=c : int criu_local_dump(criu_opts *opts); } */
    public static MethodHandle criu_local_dump$handle() { return criu_local_dump.HANDLE; }

    /** Address of: {@snippet lang=c : int criu_local_dump(criu_opts *opts); } */
    public static MemorySegment criu_local_dump$address() { return criu_local_dump.ADDR; }

    /** {@snippet lang=c : int criu_local_dump(criu_opts *opts); } */
    public static int criu_local_dump(MemorySegment opts) {
        var mh$ = criu_local_dump.HANDLE;
        try {
            if (TRACE_DOWNCALLS) traceDowncall("criu_local_dump", opts);
            return (int) mh$.invokeExact(opts);
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class criu_local_pre_dump {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER);
        static final MemorySegment ADDR = findOrThrow("criu_local_pre_dump");
        static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /** Function descriptor for: {@snippet lang=c : int criu_local_pre_dump(criu_opts *opts); } */
    public static FunctionDescriptor criu_local_pre_dump$descriptor() { return criu_local_pre_dump.DESC; }

    /** Downcall method handle for: {@snippet lang=c : int criu_local_pre_dump(criu_opts *opts); } */
    public static MethodHandle criu_local_pre_dump$handle() { return criu_local_pre_dump.HANDLE; }

    /** Address of: {@snippet lang=c : int criu_local_pre_dump(criu_opts *opts); } */
    public static MemorySegment criu_local_pre_dump$address() { return criu_local_pre_dump.ADDR; }

    /** {@snippet lang=c : int criu_local_pre_dump(criu_opts *opts); } */
    public static int criu_local_pre_dump(MemorySegment opts) {
        var mh$ = criu_local_pre_dump.HANDLE;
        try {
            if (TRACE_DOWNCALLS) traceDowncall("criu_local_pre_dump", opts);
            return (int) mh$.invokeExact(opts);
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class criu_local_restore {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER);
        static final MemorySegment ADDR = findOrThrow("criu_local_restore");
        static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /** Function descriptor for: {@snippet lang=c : int criu_local_restore(criu_opts *opts); } */
    public static FunctionDescriptor criu_local_restore$descriptor() { return criu_local_restore.DESC; }

    /** Downcall method handle for: {@snippet lang=c : int criu_local_restore(criu_opts *opts); } */
    public static MethodHandle criu_local_restore$handle() { return criu_local_restore.HANDLE; }

    /** Address of: {@snippet lang=c : int criu_local_restore(criu_opts *opts); } */
    public static MemorySegment criu_local_restore$address() { return criu_local_restore.ADDR; }

    /** {@snippet lang=c : int criu_local_restore(criu_opts *opts); } */
    public static int criu_local_restore(MemorySegment opts) {
        var mh$ = criu_local_restore.HANDLE;
        try {
            if (TRACE_DOWNCALLS) traceDowncall("criu_local_restore", opts);
            return (int) mh$.invokeExact(opts);
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class criu_local_restore_child {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER);
        static final MemorySegment ADDR = findOrThrow("criu_local_restore_child");
        static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /** Function descriptor for: {@snippet lang=c : int criu_local_restore_child(criu_opts *opts); } */
    public static FunctionDescriptor criu_local_restore_child$descriptor() { return criu_local_restore_child.DESC; }

    /** Downcall method handle for: {@snippet lang=c : int criu_local_restore_child(criu_opts *opts); } */
    public static MethodHandle criu_local_restore_child$handle() { return criu_local_restore_child.HANDLE; }

    /** Address of: {@snippet lang=c : int criu_local_restore_child(criu_opts *opts); } */
    public static MemorySegment criu_local_restore_child$address() { return criu_local_restore_child.ADDR; }

    /** {@snippet lang=c : int criu_local_restore_child(criu_opts *opts); } */
    public static int criu_local_restore_child(MemorySegment opts) {
        var mh$ = criu_local_restore_child.HANDLE;
        try {
            if (TRACE_DOWNCALLS) traceDowncall("criu_local_restore_child", opts);
            return (int) mh$.invokeExact(opts);
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class criu_local_dump_iters {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER);
        static final MemorySegment ADDR = findOrThrow("criu_local_dump_iters");
        static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /** Function descriptor for: {@snippet lang=c : int criu_local_dump_iters(criu_opts *opts, int (*more)(criu_predump_info pi)); } */
    public static FunctionDescriptor criu_local_dump_iters$descriptor() { return criu_local_dump_iters.DESC; }

    /** Downcall method handle for: {@snippet lang=c : int criu_local_dump_iters(criu_opts *opts, int (*more)(criu_predump_info pi)); } */
    public static MethodHandle criu_local_dump_iters$handle() { return criu_local_dump_iters.HANDLE; }

    /** Address of: {@snippet lang=c : int criu_local_dump_iters(criu_opts *opts, int (*more)(criu_predump_info pi)); } */
    public static MemorySegment criu_local_dump_iters$address() { return criu_local_dump_iters.ADDR; }

    /** {@snippet lang=c : int criu_local_dump_iters(criu_opts *opts, int (*more)(criu_predump_info pi)); } */
    public static int criu_local_dump_iters(MemorySegment opts, MemorySegment more) {
        var mh$ = criu_local_dump_iters.HANDLE;
        try {
            if (TRACE_DOWNCALLS) traceDowncall("criu_local_dump_iters", opts, more);
            return (int) mh$.invokeExact(opts, more);
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class criu_local_get_version {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER);
        static final MemorySegment ADDR = findOrThrow("criu_local_get_version");
        static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /** Function descriptor for: {@snippet lang=c : int criu_local_get_version(criu_opts *opts); } */
    public static FunctionDescriptor criu_local_get_version$descriptor() { return criu_local_get_version.DESC; }

    /** Downcall method handle for: {@snippet lang=c : int criu_local_get_version(criu_opts *opts); } */
    public static MethodHandle criu_local_get_version$handle() { return criu_local_get_version.HANDLE; }

    /** Address of: {@snippet lang=c : int criu_local_get_version(criu_opts *opts); } */
    public static MemorySegment criu_local_get_version$address() { return criu_local_get_version.ADDR; }

    /** {@snippet lang=c : int criu_local_get_version(criu_opts *opts); } */
    public static int criu_local_get_version(MemorySegment opts) {
        var mh$ = criu_local_get_version.HANDLE;
        try {
            if (TRACE_DOWNCALLS) traceDowncall("criu_local_get_version", opts);
            return (int) mh$.invokeExact(opts);
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class criu_local_check_version {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_INT);
        static final MemorySegment ADDR = findOrThrow("criu_local_check_version");
        static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /** Function descriptor for: {@snippet lang=c : int criu_local_check_version(criu_opts *opts, int minimum); } */
    public static FunctionDescriptor criu_local_check_version$descriptor() { return criu_local_check_version.DESC; }

    /** Downcall method handle for: {@snippet lang=c : int criu_local_check_version(criu_opts *opts, int minimum); } */
    public static MethodHandle criu_local_check_version$handle() { return criu_local_check_version.HANDLE; }

    /** Address of: {@snippet lang=c : int criu_local_check_version(criu_opts *opts, int minimum); } */
    public static MemorySegment criu_local_check_version$address() { return criu_local_check_version.ADDR; }

    /** {@snippet lang=c : int criu_local_check_version(criu_opts *opts, int minimum); } */
    public static int criu_local_check_version(MemorySegment opts, int minimum) {
        var mh$ = criu_local_check_version.HANDLE;
        try {
            if (TRACE_DOWNCALLS) traceDowncall("criu_local_check_version", opts, minimum);
            return (int) mh$.invokeExact(opts, minimum);
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class criu_local_feature_check {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER, C_LONG);
        static final MemorySegment ADDR = findOrThrow("criu_local_feature_check");
        static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /** Function descriptor for: {@snippet lang=c : int criu_local_feature_check(criu_opts *opts, struct criu_feature_check *features, size_t size); } */
    public static FunctionDescriptor criu_local_feature_check$descriptor() { return criu_local_feature_check.DESC; }

    /** Downcall method handle for: {@snippet lang=c : int criu_local_feature_check(criu_opts *opts, struct criu_feature_check *features, size_t size); } */
    public static MethodHandle criu_local_feature_check$handle() { return criu_local_feature_check.HANDLE; }

    /** Address of: {@snippet lang=c : int criu_local_feature_check(criu_opts *opts, struct criu_feature_check *features, size_t size); } */
    public static MemorySegment criu_local_feature_check$address() { return criu_local_feature_check.ADDR; }

    /** {@snippet lang=c : int criu_local_feature_check(criu_opts *opts, struct criu_feature_check *features, size_t size); } */
    public static int criu_local_feature_check(MemorySegment opts, MemorySegment features, long size) {
        var mh$ = criu_local_feature_check.HANDLE;
        try {
            if (TRACE_DOWNCALLS) traceDowncall("criu_local_feature_check", opts, features, size);
            return (int) mh$.invokeExact(opts, features, size);
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

}
