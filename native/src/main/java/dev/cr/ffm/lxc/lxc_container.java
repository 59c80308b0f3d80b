package dev.cr.ffm.lxc;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemoryLayout.PathElement;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

import static dev.cr.ffm.lxc.lxccontainer_h.C_BOOL;
import static dev.cr.ffm.lxc.lxccontainer_h.C_INT;
import static dev.cr.ffm.lxc.lxccontainer_h.C_POINTER;

/**
 * {@code struct lxc_container} of {@code <lxc/lxccontainer.h>} (LXC 5.0): the data members and every function
 * pointer member, in header order. The C API is a table of function pointers inside the struct: a call reads the
 * pointer at its offset (for example {@link #state(MemorySegment)}) and invokes it through the nested class of
 * the same name ({@code state.invoke(fp, c)}), as jextract generates it. Members the engine does not call have
 * their place in the layout but no invoker.
 */
public final class lxc_container {
    private lxc_container() {}

    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            C_POINTER.withName("name"),
            C_POINTER.withName("configfile"),
            C_POINTER.withName("pidfile"),
            C_POINTER.withName("slock"),
            C_POINTER.withName("privlock"),
            C_INT.withName("numthreads"),
            MemoryLayout.paddingLayout(4),
            C_POINTER.withName("lxc_conf"),
            C_POINTER.withName("error_string"),
            C_INT.withName("error_num"),
            C_BOOL.withName("daemonize"),
            MemoryLayout.paddingLayout(3),
            C_POINTER.withName("config_path"),
            C_POINTER.withName("is_defined"),
            C_POINTER.withName("state"),
            C_POINTER.withName("is_running"),
            C_POINTER.withName("freeze"),
            C_POINTER.withName("unfreeze"),
            C_POINTER.withName("init_pid"),
            C_POINTER.withName("load_config"),
            C_POINTER.withName("start"),
            C_POINTER.withName("startl"),
            C_POINTER.withName("stop"),
            C_POINTER.withName("want_daemonize"),
            C_POINTER.withName("want_close_all_fds"),
            C_POINTER.withName("config_file_name"),
            C_POINTER.withName("wait"),
            C_POINTER.withName("set_config_item"),
            C_POINTER.withName("destroy"),
            C_POINTER.withName("save_config"),
            C_POINTER.withName("create"),
            C_POINTER.withName("createl"),
            C_POINTER.withName("rename"),
            C_POINTER.withName("reboot"),
            C_POINTER.withName("shutdown"),
            C_POINTER.withName("clear_config"),
            C_POINTER.withName("clear_config_item"),
            C_POINTER.withName("get_config_item"),
            C_POINTER.withName("get_running_config_item"),
            C_POINTER.withName("get_keys"),
            C_POINTER.withName("get_interfaces"),
            C_POINTER.withName("get_ips"),
            C_POINTER.withName("get_cgroup_item"),
            C_POINTER.withName("set_cgroup_item"),
            C_POINTER.withName("get_config_path"),
            C_POINTER.withName("set_config_path"),
            C_POINTER.withName("clone"),
            C_POINTER.withName("console_getfd"),
            C_POINTER.withName("console"),
            C_POINTER.withName("attach"),
            C_POINTER.withName("attach_run_wait"),
            C_POINTER.withName("attach_run_waitl"),
            C_POINTER.withName("snapshot"),
            C_POINTER.withName("snapshot_list"),
            C_POINTER.withName("snapshot_restore"),
            C_POINTER.withName("snapshot_destroy"),
            C_POINTER.withName("may_control"),
            C_POINTER.withName("add_device_node"),
            C_POINTER.withName("remove_device_node"),
            C_POINTER.withName("attach_interface"),
            C_POINTER.withName("detach_interface"),
            C_POINTER.withName("checkpoint"),
            C_POINTER.withName("restore"),
            C_POINTER.withName("destroy_with_snapshots"),
            C_POINTER.withName("snapshot_destroy_all"),
            C_POINTER.withName("migrate"),
            C_POINTER.withName("console_log"),
            C_POINTER.withName("reboot2"),
            C_POINTER.withName("mount"),
            C_POINTER.withName("umount"),
            C_POINTER.withName("seccomp_notify_fd"),
            C_POINTER.withName("seccomp_notify_fd_active"),
            C_POINTER.withName("init_pidfd"),
            C_POINTER.withName("devpts_fd")
    ).withName("lxc_container");

    public static StructLayout layout() {
        return LAYOUT;
    }

    public static final long name$OFFSET = LAYOUT.byteOffset(PathElement.groupElement("name"));
    public static final long error_string$OFFSET = LAYOUT.byteOffset(PathElement.groupElement("error_string"));
    public static final long error_num$OFFSET = LAYOUT.byteOffset(PathElement.groupElement("error_num"));
    public static final long daemonize$OFFSET = LAYOUT.byteOffset(PathElement.groupElement("daemonize"));
    public static final long config_path$OFFSET = LAYOUT.byteOffset(PathElement.groupElement("config_path"));
    public static final long is_defined$OFFSET = LAYOUT.byteOffset(PathElement.groupElement("is_defined"));
    public static final long state$OFFSET = LAYOUT.byteOffset(PathElement.groupElement("state"));
    public static final long is_running$OFFSET = LAYOUT.byteOffset(PathElement.groupElement("is_running"));
    public static final long freeze$OFFSET = LAYOUT.byteOffset(PathElement.groupElement("freeze"));
    public static final long unfreeze$OFFSET = LAYOUT.byteOffset(PathElement.groupElement("unfreeze"));
    public static final long init_pid$OFFSET = LAYOUT.byteOffset(PathElement.groupElement("init_pid"));
    public static final long load_config$OFFSET = LAYOUT.byteOffset(PathElement.groupElement("load_config"));
    public static final long start$OFFSET = LAYOUT.byteOffset(PathElement.groupElement("start"));
    public static final long startl$OFFSET = LAYOUT.byteOffset(PathElement.groupElement("startl"));
    public static final long stop$OFFSET = LAYOUT.byteOffset(PathElement.groupElement("stop"));
    public static final long want_daemonize$OFFSET = LAYOUT.byteOffset(PathElement.groupElement("want_daemonize"));
    public static final long want_close_all_fds$OFFSET = LAYOUT.byteOffset(PathElement.groupElement("want_close_all_fds"));
    public static final long config_file_name$OFFSET = LAYOUT.byteOffset(PathElement.groupElement("config_file_name"));
    public static final long wait$OFFSET = LAYOUT.byteOffset(PathElement.groupElement("wait"));
    public static final long set_config_item$OFFSET = LAYOUT.byteOffset(PathElement.groupElement("set_config_item"));
    public static final long destroy$OFFSET = LAYOUT.byteOffset(PathElement.groupElement("destroy"));
    public static final long save_config$OFFSET = LAYOUT.byteOffset(PathElement.groupElement("save_config"));
    public static final long create$OFFSET = LAYOUT.byteOffset(PathElement.groupElement("create"));
    public static final long createl$OFFSET = LAYOUT.byteOffset(PathElement.groupElement("createl"));
    public static final long rename$OFFSET = LAYOUT.byteOffset(PathElement.groupElement("rename"));
    public static final long reboot$OFFSET = LAYOUT.byteOffset(PathElement.groupElement("reboot"));
    public static final long shutdown$OFFSET = LAYOUT.byteOffset(PathElement.groupElement("shutdown"));
    public static final long clear_config$OFFSET = LAYOUT.byteOffset(PathElement.groupElement("clear_config"));
    public static final long clear_config_item$OFFSET = LAYOUT.byteOffset(PathElement.groupElement("clear_config_item"));
    public static final long get_config_item$OFFSET = LAYOUT.byteOffset(PathElement.groupElement("get_config_item"));
    public static final long get_running_config_item$OFFSET = LAYOUT.byteOffset(PathElement.groupElement("get_running_config_item"));
    public static final long get_keys$OFFSET = LAYOUT.byteOffset(PathElement.groupElement("get_keys"));
    public static final long get_interfaces$OFFSET = LAYOUT.byteOffset(PathElement.groupElement("get_interfaces"));
    public static final long get_ips$OFFSET = LAYOUT.byteOffset(PathElement.groupElement("get_ips"));
    public static final long get_cgroup_item$OFFSET = LAYOUT.byteOffset(PathElement.groupElement("get_cgroup_item"));
    public static final long set_cgroup_item$OFFSET = LAYOUT.byteOffset(PathElement.groupElement("set_cgroup_item"));
    public static final long get_config_path$OFFSET = LAYOUT.byteOffset(PathElement.groupElement("get_config_path"));
    public static final long set_config_path$OFFSET = LAYOUT.byteOffset(PathElement.groupElement("set_config_path"));
    public static final long clone$OFFSET = LAYOUT.byteOffset(PathElement.groupElement("clone"));
    public static final long console_getfd$OFFSET = LAYOUT.byteOffset(PathElement.groupElement("console_getfd"));
    public static final long console$OFFSET = LAYOUT.byteOffset(PathElement.groupElement("console"));
    public static final long attach$OFFSET = LAYOUT.byteOffset(PathElement.groupElement("attach"));
    public static final long attach_run_wait$OFFSET = LAYOUT.byteOffset(PathElement.groupElement("attach_run_wait"));
    public static final long attach_run_waitl$OFFSET = LAYOUT.byteOffset(PathElement.groupElement("attach_run_waitl"));
    public static final long snapshot$OFFSET = LAYOUT.byteOffset(PathElement.groupElement("snapshot"));
    public static final long snapshot_list$OFFSET = LAYOUT.byteOffset(PathElement.groupElement("snapshot_list"));
    public static final long snapshot_restore$OFFSET = LAYOUT.byteOffset(PathElement.groupElement("snapshot_restore"));
    public static final long snapshot_destroy$OFFSET = LAYOUT.byteOffset(PathElement.groupElement("snapshot_destroy"));
    public static final long may_control$OFFSET = LAYOUT.byteOffset(PathElement.groupElement("may_control"));
    public static final long add_device_node$OFFSET = LAYOUT.byteOffset(PathElement.groupElement("add_device_node"));
    public static final long remove_device_node$OFFSET = LAYOUT.byteOffset(PathElement.groupElement("remove_device_node"));
    public static final long attach_interface$OFFSET = LAYOUT.byteOffset(PathElement.groupElement("attach_interface"));
    public static final long detach_interface$OFFSET = LAYOUT.byteOffset(PathElement.groupElement("detach_interface"));
    public static final long checkpoint$OFFSET = LAYOUT.byteOffset(PathElement.groupElement("checkpoint"));
    public static final long restore$OFFSET = LAYOUT.byteOffset(PathElement.groupElement("restore"));
    public static final long destroy_with_snapshots$OFFSET = LAYOUT.byteOffset(PathElement.groupElement("destroy_with_snapshots"));
    public static final long snapshot_destroy_all$OFFSET = LAYOUT.byteOffset(PathElement.groupElement("snapshot_destroy_all"));
    public static final long migrate$OFFSET = LAYOUT.byteOffset(PathElement.groupElement("migrate"));
    public static final long console_log$OFFSET = LAYOUT.byteOffset(PathElement.groupElement("console_log"));
    public static final long reboot2$OFFSET = LAYOUT.byteOffset(PathElement.groupElement("reboot2"));
    public static final long mount$OFFSET = LAYOUT.byteOffset(PathElement.groupElement("mount"));
    public static final long umount$OFFSET = LAYOUT.byteOffset(PathElement.groupElement("umount"));
    public static final long seccomp_notify_fd$OFFSET = LAYOUT.byteOffset(PathElement.groupElement("seccomp_notify_fd"));
    public static final long seccomp_notify_fd_active$OFFSET = LAYOUT.byteOffset(PathElement.groupElement("seccomp_notify_fd_active"));
    public static final long init_pidfd$OFFSET = LAYOUT.byteOffset(PathElement.groupElement("init_pidfd"));
    public static final long devpts_fd$OFFSET = LAYOUT.byteOffset(PathElement.groupElement("devpts_fd"));

    /** {@code char *name} */
    public static MemorySegment name(MemorySegment struct) {
        return struct.get(C_POINTER, name$OFFSET);
    }

    /** {@code char *error_string}: human-readable text of the last error, or NULL. */
    public static MemorySegment error_string(MemorySegment struct) {
        return struct.get(C_POINTER, error_string$OFFSET);
    }

    /** {@code int error_num}: the last error number. */
    public static int error_num(MemorySegment struct) {
        return struct.get(C_INT, error_num$OFFSET);
    }

    /** {@code bool daemonize} */
    public static boolean daemonize(MemorySegment struct) {
        return struct.get(C_BOOL, daemonize$OFFSET);
    }

    /** {@code char *config_path}: the lxcpath the container lives in. */
    public static MemorySegment config_path(MemorySegment struct) {
        return struct.get(C_POINTER, config_path$OFFSET);
    }

    /** The function pointer {@code bool (*is_defined)(struct lxc_container *c)}, called through {@link #invoke}. */
    public static final class is_defined {
        private is_defined() {}

        public static final FunctionDescriptor DESC = FunctionDescriptor.of(C_BOOL, C_POINTER);
        static final MethodHandle HANDLE = lxccontainer_h.LINKER.downcallHandle(DESC);

        public static boolean invoke(MemorySegment fp, MemorySegment c) {
            try {
                return (boolean) HANDLE.invokeExact(fp, c);
            } catch (Throwable t) {
                throw lxccontainer_h.rethrow(t);
            }
        }
    }

    /** Reads the {@code is_defined} function pointer of the struct at {@code struct}. */
    public static MemorySegment is_defined(MemorySegment struct) {
        return struct.get(ValueLayout.ADDRESS, is_defined$OFFSET);
    }

    /** The function pointer {@code ptr (*state)(struct lxc_container *c)}, called through {@link #invoke}. */
    public static final class state {
        private state() {}

        public static final FunctionDescriptor DESC = FunctionDescriptor.of(C_POINTER, C_POINTER);
        static final MethodHandle HANDLE = lxccontainer_h.LINKER.downcallHandle(DESC);

        public static MemorySegment invoke(MemorySegment fp, MemorySegment c) {
            try {
                return (MemorySegment) HANDLE.invokeExact(fp, c);
            } catch (Throwable t) {
                throw lxccontainer_h.rethrow(t);
            }
        }
    }

    /** Reads the {@code state} function pointer of the struct at {@code struct}. */
    public static MemorySegment state(MemorySegment struct) {
        return struct.get(ValueLayout.ADDRESS, state$OFFSET);
    }

    /** The function pointer {@code bool (*is_running)(struct lxc_container *c)}, called through {@link #invoke}. */
    public static final class is_running {
        private is_running() {}

        public static final FunctionDescriptor DESC = FunctionDescriptor.of(C_BOOL, C_POINTER);
        static final MethodHandle HANDLE = lxccontainer_h.LINKER.downcallHandle(DESC);

        public static boolean invoke(MemorySegment fp, MemorySegment c) {
            try {
                return (boolean) HANDLE.invokeExact(fp, c);
            } catch (Throwable t) {
                throw lxccontainer_h.rethrow(t);
            }
        }
    }

    /** Reads the {@code is_running} function pointer of the struct at {@code struct}. */
    public static MemorySegment is_running(MemorySegment struct) {
        return struct.get(ValueLayout.ADDRESS, is_running$OFFSET);
    }

    /** The function pointer {@code bool (*freeze)(struct lxc_container *c)}, called through {@link #invoke}. */
    public static final class freeze {
        private freeze() {}

        public static final FunctionDescriptor DESC = FunctionDescriptor.of(C_BOOL, C_POINTER);
        static final MethodHandle HANDLE = lxccontainer_h.LINKER.downcallHandle(DESC);

        public static boolean invoke(MemorySegment fp, MemorySegment c) {
            try {
                return (boolean) HANDLE.invokeExact(fp, c);
            } catch (Throwable t) {
                throw lxccontainer_h.rethrow(t);
            }
        }
    }

    /** Reads the {@code freeze} function pointer of the struct at {@code struct}. */
    public static MemorySegment freeze(MemorySegment struct) {
        return struct.get(ValueLayout.ADDRESS, freeze$OFFSET);
    }

    /** The function pointer {@code bool (*unfreeze)(struct lxc_container *c)}, called through {@link #invoke}. */
    public static final class unfreeze {
        private unfreeze() {}

        public static final FunctionDescriptor DESC = FunctionDescriptor.of(C_BOOL, C_POINTER);
        static final MethodHandle HANDLE = lxccontainer_h.LINKER.downcallHandle(DESC);

        public static boolean invoke(MemorySegment fp, MemorySegment c) {
            try {
                return (boolean) HANDLE.invokeExact(fp, c);
            } catch (Throwable t) {
                throw lxccontainer_h.rethrow(t);
            }
        }
    }

    /** Reads the {@code unfreeze} function pointer of the struct at {@code struct}. */
    public static MemorySegment unfreeze(MemorySegment struct) {
        return struct.get(ValueLayout.ADDRESS, unfreeze$OFFSET);
    }

    /** The function pointer {@code int (*init_pid)(struct lxc_container *c)}, called through {@link #invoke}. */
    public static final class init_pid {
        private init_pid() {}

        public static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER);
        static final MethodHandle HANDLE = lxccontainer_h.LINKER.downcallHandle(DESC);

        public static int invoke(MemorySegment fp, MemorySegment c) {
            try {
                return (int) HANDLE.invokeExact(fp, c);
            } catch (Throwable t) {
                throw lxccontainer_h.rethrow(t);
            }
        }
    }

    /** Reads the {@code init_pid} function pointer of the struct at {@code struct}. */
    public static MemorySegment init_pid(MemorySegment struct) {
        return struct.get(ValueLayout.ADDRESS, init_pid$OFFSET);
    }

    /** The function pointer {@code bool (*load_config)(struct lxc_container *c, ptr alt_file)}, called through {@link #invoke}. */
    public static final class load_config {
        private load_config() {}

        public static final FunctionDescriptor DESC = FunctionDescriptor.of(C_BOOL, C_POINTER, C_POINTER);
        static final MethodHandle HANDLE = lxccontainer_h.LINKER.downcallHandle(DESC);

        public static boolean invoke(MemorySegment fp, MemorySegment c, MemorySegment alt_file) {
            try {
                return (boolean) HANDLE.invokeExact(fp, c, alt_file);
            } catch (Throwable t) {
                throw lxccontainer_h.rethrow(t);
            }
        }
    }

    /** Reads the {@code load_config} function pointer of the struct at {@code struct}. */
    public static MemorySegment load_config(MemorySegment struct) {
        return struct.get(ValueLayout.ADDRESS, load_config$OFFSET);
    }

    /** The function pointer {@code bool (*start)(struct lxc_container *c, int useinit, ptr argv)}, called through {@link #invoke}. */
    public static final class start {
        private start() {}

        public static final FunctionDescriptor DESC = FunctionDescriptor.of(C_BOOL, C_POINTER, C_INT, C_POINTER);
        static final MethodHandle HANDLE = lxccontainer_h.LINKER.downcallHandle(DESC);

        public static boolean invoke(MemorySegment fp, MemorySegment c, int useinit, MemorySegment argv) {
            try {
                return (boolean) HANDLE.invokeExact(fp, c, useinit, argv);
            } catch (Throwable t) {
                throw lxccontainer_h.rethrow(t);
            }
        }
    }

    /** Reads the {@code start} function pointer of the struct at {@code struct}. */
    public static MemorySegment start(MemorySegment struct) {
        return struct.get(ValueLayout.ADDRESS, start$OFFSET);
    }

    /** The function pointer {@code bool (*stop)(struct lxc_container *c)}, called through {@link #invoke}. */
    public static final class stop {
        private stop() {}

        public static final FunctionDescriptor DESC = FunctionDescriptor.of(C_BOOL, C_POINTER);
        static final MethodHandle HANDLE = lxccontainer_h.LINKER.downcallHandle(DESC);

        public static boolean invoke(MemorySegment fp, MemorySegment c) {
            try {
                return (boolean) HANDLE.invokeExact(fp, c);
            } catch (Throwable t) {
                throw lxccontainer_h.rethrow(t);
            }
        }
    }

    /** Reads the {@code stop} function pointer of the struct at {@code struct}. */
    public static MemorySegment stop(MemorySegment struct) {
        return struct.get(ValueLayout.ADDRESS, stop$OFFSET);
    }

    /** The function pointer {@code bool (*want_daemonize)(struct lxc_container *c, bool state)}, called through {@link #invoke}. */
    public static final class want_daemonize {
        private want_daemonize() {}

        public static final FunctionDescriptor DESC = FunctionDescriptor.of(C_BOOL, C_POINTER, C_BOOL);
        static final MethodHandle HANDLE = lxccontainer_h.LINKER.downcallHandle(DESC);

        public static boolean invoke(MemorySegment fp, MemorySegment c, boolean state) {
            try {
                return (boolean) HANDLE.invokeExact(fp, c, state);
            } catch (Throwable t) {
                throw lxccontainer_h.rethrow(t);
            }
        }
    }

    /** Reads the {@code want_daemonize} function pointer of the struct at {@code struct}. */
    public static MemorySegment want_daemonize(MemorySegment struct) {
        return struct.get(ValueLayout.ADDRESS, want_daemonize$OFFSET);
    }

    /** The function pointer {@code bool (*want_close_all_fds)(struct lxc_container *c, bool state)}, called through {@link #invoke}. */
    public static final class want_close_all_fds {
        private want_close_all_fds() {}

        public static final FunctionDescriptor DESC = FunctionDescriptor.of(C_BOOL, C_POINTER, C_BOOL);
        static final MethodHandle HANDLE = lxccontainer_h.LINKER.downcallHandle(DESC);

        public static boolean invoke(MemorySegment fp, MemorySegment c, boolean state) {
            try {
                return (boolean) HANDLE.invokeExact(fp, c, state);
            } catch (Throwable t) {
                throw lxccontainer_h.rethrow(t);
            }
        }
    }

    /** Reads the {@code want_close_all_fds} function pointer of the struct at {@code struct}. */
    public static MemorySegment want_close_all_fds(MemorySegment struct) {
        return struct.get(ValueLayout.ADDRESS, want_close_all_fds$OFFSET);
    }

    /** The function pointer {@code ptr (*config_file_name)(struct lxc_container *c)}, called through {@link #invoke}. */
    public static final class config_file_name {
        private config_file_name() {}

        public static final FunctionDescriptor DESC = FunctionDescriptor.of(C_POINTER, C_POINTER);
        static final MethodHandle HANDLE = lxccontainer_h.LINKER.downcallHandle(DESC);

        public static MemorySegment invoke(MemorySegment fp, MemorySegment c) {
            try {
                return (MemorySegment) HANDLE.invokeExact(fp, c);
            } catch (Throwable t) {
                throw lxccontainer_h.rethrow(t);
            }
        }
    }

    /** Reads the {@code config_file_name} function pointer of the struct at {@code struct}. */
    public static MemorySegment config_file_name(MemorySegment struct) {
        return struct.get(ValueLayout.ADDRESS, config_file_name$OFFSET);
    }

    /** The function pointer {@code bool (*wait)(struct lxc_container *c, ptr state, int timeout)}, called through {@link #invoke}. */
    public static final class wait {
        private wait() {}

        public static final FunctionDescriptor DESC = FunctionDescriptor.of(C_BOOL, C_POINTER, C_POINTER, C_INT);
        static final MethodHandle HANDLE = lxccontainer_h.LINKER.downcallHandle(DESC);

        public static boolean invoke(MemorySegment fp, MemorySegment c, MemorySegment state, int timeout) {
            try {
                return (boolean) HANDLE.invokeExact(fp, c, state, timeout);
            } catch (Throwable t) {
                throw lxccontainer_h.rethrow(t);
            }
        }
    }

    /** Reads the {@code wait} function pointer of the struct at {@code struct}. */
    public static MemorySegment wait(MemorySegment struct) {
        return struct.get(ValueLayout.ADDRESS, wait$OFFSET);
    }

    /** The function pointer {@code bool (*set_config_item)(struct lxc_container *c, ptr key, ptr value)}, called through {@link #invoke}. */
    public static final class set_config_item {
        private set_config_item() {}

        public static final FunctionDescriptor DESC = FunctionDescriptor.of(C_BOOL, C_POINTER, C_POINTER, C_POINTER);
        static final MethodHandle HANDLE = lxccontainer_h.LINKER.downcallHandle(DESC);

        public static boolean invoke(MemorySegment fp, MemorySegment c, MemorySegment key, MemorySegment value) {
            try {
                return (boolean) HANDLE.invokeExact(fp, c, key, value);
            } catch (Throwable t) {
                throw lxccontainer_h.rethrow(t);
            }
        }
    }

    /** Reads the {@code set_config_item} function pointer of the struct at {@code struct}. */
    public static MemorySegment set_config_item(MemorySegment struct) {
        return struct.get(ValueLayout.ADDRESS, set_config_item$OFFSET);
    }

    /** The function pointer {@code bool (*destroy)(struct lxc_container *c)}, called through {@link #invoke}. */
    public static final class destroy {
        private destroy() {}

        public static final FunctionDescriptor DESC = FunctionDescriptor.of(C_BOOL, C_POINTER);
        static final MethodHandle HANDLE = lxccontainer_h.LINKER.downcallHandle(DESC);

        public static boolean invoke(MemorySegment fp, MemorySegment c) {
            try {
                return (boolean) HANDLE.invokeExact(fp, c);
            } catch (Throwable t) {
                throw lxccontainer_h.rethrow(t);
            }
        }
    }

    /** Reads the {@code destroy} function pointer of the struct at {@code struct}. */
    public static MemorySegment destroy(MemorySegment struct) {
        return struct.get(ValueLayout.ADDRESS, destroy$OFFSET);
    }

    /** The function pointer {@code bool (*save_config)(struct lxc_container *c, ptr alt_file)}, called through {@link #invoke}. */
    public static final class save_config {
        private save_config() {}

        public static final FunctionDescriptor DESC = FunctionDescriptor.of(C_BOOL, C_POINTER, C_POINTER);
        static final MethodHandle HANDLE = lxccontainer_h.LINKER.downcallHandle(DESC);

        public static boolean invoke(MemorySegment fp, MemorySegment c, MemorySegment alt_file) {
            try {
                return (boolean) HANDLE.invokeExact(fp, c, alt_file);
            } catch (Throwable t) {
                throw lxccontainer_h.rethrow(t);
            }
        }
    }

    /** Reads the {@code save_config} function pointer of the struct at {@code struct}. */
    public static MemorySegment save_config(MemorySegment struct) {
        return struct.get(ValueLayout.ADDRESS, save_config$OFFSET);
    }

    /** The function pointer {@code bool (*shutdown)(struct lxc_container *c, int timeout)}, called through {@link #invoke}. */
    public static final class shutdown {
        private shutdown() {}

        public static final FunctionDescriptor DESC = FunctionDescriptor.of(C_BOOL, C_POINTER, C_INT);
        static final MethodHandle HANDLE = lxccontainer_h.LINKER.downcallHandle(DESC);

        public static boolean invoke(MemorySegment fp, MemorySegment c, int timeout) {
            try {
                return (boolean) HANDLE.invokeExact(fp, c, timeout);
            } catch (Throwable t) {
                throw lxccontainer_h.rethrow(t);
            }
        }
    }

    /** Reads the {@code shutdown} function pointer of the struct at {@code struct}. */
    public static MemorySegment shutdown(MemorySegment struct) {
        return struct.get(ValueLayout.ADDRESS, shutdown$OFFSET);
    }

    /** The function pointer {@code bool (*clear_config_item)(struct lxc_container *c, ptr key)}, called through {@link #invoke}. */
    public static final class clear_config_item {
        private clear_config_item() {}

        public static final FunctionDescriptor DESC = FunctionDescriptor.of(C_BOOL, C_POINTER, C_POINTER);
        static final MethodHandle HANDLE = lxccontainer_h.LINKER.downcallHandle(DESC);

        public static boolean invoke(MemorySegment fp, MemorySegment c, MemorySegment key) {
            try {
                return (boolean) HANDLE.invokeExact(fp, c, key);
            } catch (Throwable t) {
                throw lxccontainer_h.rethrow(t);
            }
        }
    }

    /** Reads the {@code clear_config_item} function pointer of the struct at {@code struct}. */
    public static MemorySegment clear_config_item(MemorySegment struct) {
        return struct.get(ValueLayout.ADDRESS, clear_config_item$OFFSET);
    }

    /** The function pointer {@code int (*get_config_item)(struct lxc_container *c, ptr key, ptr retv, int inlen)}, called through {@link #invoke}. */
    public static final class get_config_item {
        private get_config_item() {}

        public static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER, C_POINTER, C_INT);
        static final MethodHandle HANDLE = lxccontainer_h.LINKER.downcallHandle(DESC);

        public static int invoke(MemorySegment fp, MemorySegment c, MemorySegment key, MemorySegment retv, int inlen) {
            try {
                return (int) HANDLE.invokeExact(fp, c, key, retv, inlen);
            } catch (Throwable t) {
                throw lxccontainer_h.rethrow(t);
            }
        }
    }

    /** Reads the {@code get_config_item} function pointer of the struct at {@code struct}. */
    public static MemorySegment get_config_item(MemorySegment struct) {
        return struct.get(ValueLayout.ADDRESS, get_config_item$OFFSET);
    }

    /** The function pointer {@code ptr (*get_running_config_item)(struct lxc_container *c, ptr key)}, called through {@link #invoke}. */
    public static final class get_running_config_item {
        private get_running_config_item() {}

        public static final FunctionDescriptor DESC = FunctionDescriptor.of(C_POINTER, C_POINTER, C_POINTER);
        static final MethodHandle HANDLE = lxccontainer_h.LINKER.downcallHandle(DESC);

        public static MemorySegment invoke(MemorySegment fp, MemorySegment c, MemorySegment key) {
            try {
                return (MemorySegment) HANDLE.invokeExact(fp, c, key);
            } catch (Throwable t) {
                throw lxccontainer_h.rethrow(t);
            }
        }
    }

    /** Reads the {@code get_running_config_item} function pointer of the struct at {@code struct}. */
    public static MemorySegment get_running_config_item(MemorySegment struct) {
        return struct.get(ValueLayout.ADDRESS, get_running_config_item$OFFSET);
    }

    /** The function pointer {@code ptr (*get_config_path)(struct lxc_container *c)}, called through {@link #invoke}. */
    public static final class get_config_path {
        private get_config_path() {}

        public static final FunctionDescriptor DESC = FunctionDescriptor.of(C_POINTER, C_POINTER);
        static final MethodHandle HANDLE = lxccontainer_h.LINKER.downcallHandle(DESC);

        public static MemorySegment invoke(MemorySegment fp, MemorySegment c) {
            try {
                return (MemorySegment) HANDLE.invokeExact(fp, c);
            } catch (Throwable t) {
                throw lxccontainer_h.rethrow(t);
            }
        }
    }

    /** Reads the {@code get_config_path} function pointer of the struct at {@code struct}. */
    public static MemorySegment get_config_path(MemorySegment struct) {
        return struct.get(ValueLayout.ADDRESS, get_config_path$OFFSET);
    }

    /** The function pointer {@code int (*snapshot)(struct lxc_container *c, ptr commentfile)}, called through {@link #invoke}. */
    public static final class snapshot {
        private snapshot() {}

        public static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER);
        static final MethodHandle HANDLE = lxccontainer_h.LINKER.downcallHandle(DESC);

        public static int invoke(MemorySegment fp, MemorySegment c, MemorySegment commentfile) {
            try {
                return (int) HANDLE.invokeExact(fp, c, commentfile);
            } catch (Throwable t) {
                throw lxccontainer_h.rethrow(t);
            }
        }
    }

    /** Reads the {@code snapshot} function pointer of the struct at {@code struct}. */
    public static MemorySegment snapshot(MemorySegment struct) {
        return struct.get(ValueLayout.ADDRESS, snapshot$OFFSET);
    }

    /** The function pointer {@code int (*snapshot_list)(struct lxc_container *c, ptr snapshots)}, called through {@link #invoke}. */
    public static final class snapshot_list {
        private snapshot_list() {}

        public static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER);
        static final MethodHandle HANDLE = lxccontainer_h.LINKER.downcallHandle(DESC);

        public static int invoke(MemorySegment fp, MemorySegment c, MemorySegment snapshots) {
            try {
                return (int) HANDLE.invokeExact(fp, c, snapshots);
            } catch (Throwable t) {
                throw lxccontainer_h.rethrow(t);
            }
        }
    }

    /** Reads the {@code snapshot_list} function pointer of the struct at {@code struct}. */
    public static MemorySegment snapshot_list(MemorySegment struct) {
        return struct.get(ValueLayout.ADDRESS, snapshot_list$OFFSET);
    }

    /** The function pointer {@code bool (*snapshot_restore)(struct lxc_container *c, ptr snapname, ptr newname)}, called through {@link #invoke}. */
    public static final class snapshot_restore {
        private snapshot_restore() {}

        public static final FunctionDescriptor DESC = FunctionDescriptor.of(C_BOOL, C_POINTER, C_POINTER, C_POINTER);
        static final MethodHandle HANDLE = lxccontainer_h.LINKER.downcallHandle(DESC);

        public static boolean invoke(MemorySegment fp, MemorySegment c, MemorySegment snapname, MemorySegment newname) {
            try {
                return (boolean) HANDLE.invokeExact(fp, c, snapname, newname);
            } catch (Throwable t) {
                throw lxccontainer_h.rethrow(t);
            }
        }
    }

    /** Reads the {@code snapshot_restore} function pointer of the struct at {@code struct}. */
    public static MemorySegment snapshot_restore(MemorySegment struct) {
        return struct.get(ValueLayout.ADDRESS, snapshot_restore$OFFSET);
    }

    /** The function pointer {@code bool (*snapshot_destroy)(struct lxc_container *c, ptr snapname)}, called through {@link #invoke}. */
    public static final class snapshot_destroy {
        private snapshot_destroy() {}

        public static final FunctionDescriptor DESC = FunctionDescriptor.of(C_BOOL, C_POINTER, C_POINTER);
        static final MethodHandle HANDLE = lxccontainer_h.LINKER.downcallHandle(DESC);

        public static boolean invoke(MemorySegment fp, MemorySegment c, MemorySegment snapname) {
            try {
                return (boolean) HANDLE.invokeExact(fp, c, snapname);
            } catch (Throwable t) {
                throw lxccontainer_h.rethrow(t);
            }
        }
    }

    /** Reads the {@code snapshot_destroy} function pointer of the struct at {@code struct}. */
    public static MemorySegment snapshot_destroy(MemorySegment struct) {
        return struct.get(ValueLayout.ADDRESS, snapshot_destroy$OFFSET);
    }

    /** The function pointer {@code bool (*may_control)(struct lxc_container *c)}, called through {@link #invoke}. */
    public static final class may_control {
        private may_control() {}

        public static final FunctionDescriptor DESC = FunctionDescriptor.of(C_BOOL, C_POINTER);
        static final MethodHandle HANDLE = lxccontainer_h.LINKER.downcallHandle(DESC);

        public static boolean invoke(MemorySegment fp, MemorySegment c) {
            try {
                return (boolean) HANDLE.invokeExact(fp, c);
            } catch (Throwable t) {
                throw lxccontainer_h.rethrow(t);
            }
        }
    }

    /** Reads the {@code may_control} function pointer of the struct at {@code struct}. */
    public static MemorySegment may_control(MemorySegment struct) {
        return struct.get(ValueLayout.ADDRESS, may_control$OFFSET);
    }

    /** The function pointer {@code bool (*checkpoint)(struct lxc_container *c, ptr directory, bool stop, bool verbose)}, called through {@link #invoke}. */
    public static final class checkpoint {
        private checkpoint() {}

        public static final FunctionDescriptor DESC = FunctionDescriptor.of(C_BOOL, C_POINTER, C_POINTER, C_BOOL, C_BOOL);
        static final MethodHandle HANDLE = lxccontainer_h.LINKER.downcallHandle(DESC);

        public static boolean invoke(MemorySegment fp, MemorySegment c, MemorySegment directory, boolean stop, boolean verbose) {
            try {
                return (boolean) HANDLE.invokeExact(fp, c, directory, stop, verbose);
            } catch (Throwable t) {
                throw lxccontainer_h.rethrow(t);
            }
        }
    }

    /** Reads the {@code checkpoint} function pointer of the struct at {@code struct}. */
    public static MemorySegment checkpoint(MemorySegment struct) {
        return struct.get(ValueLayout.ADDRESS, checkpoint$OFFSET);
    }

    /** The function pointer {@code bool (*restore)(struct lxc_container *c, ptr directory, bool verbose)}, called through {@link #invoke}. */
    public static final class restore {
        private restore() {}

        public static final FunctionDescriptor DESC = FunctionDescriptor.of(C_BOOL, C_POINTER, C_POINTER, C_BOOL);
        static final MethodHandle HANDLE = lxccontainer_h.LINKER.downcallHandle(DESC);

        public static boolean invoke(MemorySegment fp, MemorySegment c, MemorySegment directory, boolean verbose) {
            try {
                return (boolean) HANDLE.invokeExact(fp, c, directory, verbose);
            } catch (Throwable t) {
                throw lxccontainer_h.rethrow(t);
            }
        }
    }

    /** Reads the {@code restore} function pointer of the struct at {@code struct}. */
    public static MemorySegment restore(MemorySegment struct) {
        return struct.get(ValueLayout.ADDRESS, restore$OFFSET);
    }

    /** The function pointer {@code bool (*destroy_with_snapshots)(struct lxc_container *c)}, called through {@link #invoke}. */
    public static final class destroy_with_snapshots {
        private destroy_with_snapshots() {}

        public static final FunctionDescriptor DESC = FunctionDescriptor.of(C_BOOL, C_POINTER);
        static final MethodHandle HANDLE = lxccontainer_h.LINKER.downcallHandle(DESC);

        public static boolean invoke(MemorySegment fp, MemorySegment c) {
            try {
                return (boolean) HANDLE.invokeExact(fp, c);
            } catch (Throwable t) {
                throw lxccontainer_h.rethrow(t);
            }
        }
    }

    /** Reads the {@code destroy_with_snapshots} function pointer of the struct at {@code struct}. */
    public static MemorySegment destroy_with_snapshots(MemorySegment struct) {
        return struct.get(ValueLayout.ADDRESS, destroy_with_snapshots$OFFSET);
    }

    /** The function pointer {@code bool (*snapshot_destroy_all)(struct lxc_container *c)}, called through {@link #invoke}. */
    public static final class snapshot_destroy_all {
        private snapshot_destroy_all() {}

        public static final FunctionDescriptor DESC = FunctionDescriptor.of(C_BOOL, C_POINTER);
        static final MethodHandle HANDLE = lxccontainer_h.LINKER.downcallHandle(DESC);

        public static boolean invoke(MemorySegment fp, MemorySegment c) {
            try {
                return (boolean) HANDLE.invokeExact(fp, c);
            } catch (Throwable t) {
                throw lxccontainer_h.rethrow(t);
            }
        }
    }

    /** Reads the {@code snapshot_destroy_all} function pointer of the struct at {@code struct}. */
    public static MemorySegment snapshot_destroy_all(MemorySegment struct) {
        return struct.get(ValueLayout.ADDRESS, snapshot_destroy_all$OFFSET);
    }

    /** The function pointer {@code int (*migrate)(struct lxc_container *c, int cmd, ptr opts, int size)}, called through {@link #invoke}. */
    public static final class migrate {
        private migrate() {}

        public static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_INT, C_POINTER, C_INT);
        static final MethodHandle HANDLE = lxccontainer_h.LINKER.downcallHandle(DESC);

        public static int invoke(MemorySegment fp, MemorySegment c, int cmd, MemorySegment opts, int size) {
            try {
                return (int) HANDLE.invokeExact(fp, c, cmd, opts, size);
            } catch (Throwable t) {
                throw lxccontainer_h.rethrow(t);
            }
        }
    }

    /** Reads the {@code migrate} function pointer of the struct at {@code struct}. */
    public static MemorySegment migrate(MemorySegment struct) {
        return struct.get(ValueLayout.ADDRESS, migrate$OFFSET);
    }
}
