package dev.cr.ffm.criu;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * One libcriu request: its own {@code criu_opts} (the thread-safe {@code criu_local_*} API) and a confined arena for
 * every native string and upcall stub of the request, in Java types only. Each method is one {@code criu_local_*}
 * call with the {@code opts} argument taken from here (its Javadoc is the C prototype); a string argument is copied
 * into the arena. Results are libcriu's: 0 or a negative errno; the engine turns them into its own exceptions.
 * Closing frees the options and the arena. Confined to the thread that made it.
 */
public final class CriuRequest implements AutoCloseable {
    private final Arena arena;
    private MemorySegment opts;

    private CriuRequest(Arena arena, MemorySegment opts) {
        this.arena = arena;
        this.opts = opts;
    }

    /**
     * {@code int criu_local_init_opts(criu_opts **opts);} a new request, or null when libcriu could not allocate
     * its options. Throws {@link UnsatisfiedLinkError} (or another {@link LinkageError}) when libcriu cannot be
     * loaded: {@link criu_h#libraryLoadError()} says why.
     */
    public static CriuRequest create() {
        Arena arena = Arena.ofConfined();
        try {
            MemorySegment holder = arena.allocate(criu_h.C_POINTER);
            if (criu_h.criu_local_init_opts(holder) != 0) {
                arena.close();
                return null;
            }
            return new CriuRequest(arena, holder.get(criu_h.C_POINTER, 0));
        } catch (RuntimeException | Error e) {
            arena.close();
            throw e;
        }
    }

    /**
     * Why libcriu could not be opened, or null when it is loaded or when the bindings themselves failed to
     * initialise (native access refused, for one): then the error the caller caught says more.
     */
    public static String libraryLoadError() {
        try {
            return criu_h.libraryLoadError();
        } catch (LinkageError e) {
            return null;
        }
    }

    private MemorySegment str(String s) {
        return arena.allocateFrom(s);
    }

    /** What a notification upcall is told: CRIU's action name ("post-dump") and the pid it carries (or 0). */
    @FunctionalInterface
    public interface NotifyCallback {
        /** 0 lets CRIU go on; non-zero makes it abort. Must not throw: an exception cannot leave an upcall. */
        int onNotify(String action, int pid);
    }

    /**
     * {@snippet lang=c : void criu_local_set_notify_cb(criu_opts *opts, int (*cb)(char *action, criu_notify_arg_t na)); }
     * The upcall stub lives as long as this request.
     */
    public void setNotifyCb(NotifyCallback callback) {
        MemorySegment stub = criu_local_set_notify_cb$cb.allocate(
                (action, na) -> callback.onNotify(action.getString(0), criu_h.criu_notify_pid(na)), arena);
        criu_h.criu_local_set_notify_cb(opts, stub);
    }

    /** What {@code criu_local_feature_check} answered for the three features cr asks about. */
    public record Features(boolean memTrack, boolean lazyPages, boolean pidfdStore) {}

    private MemorySegment features;

    /**
     * {@snippet lang=c : int criu_local_feature_check(criu_opts *opts, struct criu_feature_check *features, size_t size); }
     * asking about memory tracking, lazy pages and the pidfd store; the answer is kept for {@link #features()}.
     */
    public int featureCheck() {
        features = criu_feature_check.allocate(arena);
        criu_feature_check.mem_track(features, true);
        criu_feature_check.lazy_pages(features, true);
        criu_feature_check.pidfd_store(features, true);
        return criu_h.criu_local_feature_check(opts, features, criu_feature_check.sizeof());
    }

    /** The answer of the last {@link #featureCheck()} (meaningful when it returned 0), or null before one. */
    public Features features() {
        if (features == null) return null;
        return new Features(criu_feature_check.mem_track(features), criu_feature_check.lazy_pages(features),
                criu_feature_check.pidfd_store(features));
    }

    /** {@snippet lang=c : int criu_local_set_service_address(criu_opts *opts, const char *path); } */
    public int setServiceAddress(String path) {
        return criu_h.criu_local_set_service_address(opts, str(path));
    }

    /** {@snippet lang=c : void criu_local_set_service_fd(criu_opts *opts, int fd); } */
    public void setServiceFd(int fd) {
        criu_h.criu_local_set_service_fd(opts, fd);
    }

    /** {@snippet lang=c : void criu_local_set_pid(criu_opts *opts, int pid); } */
    public void setPid(int pid) {
        criu_h.criu_local_set_pid(opts, pid);
    }

    /** {@snippet lang=c : void criu_local_set_images_dir_fd(criu_opts *opts, int fd); } */
    public void setImagesDirFd(int fd) {
        criu_h.criu_local_set_images_dir_fd(opts, fd);
    }

    /** {@snippet lang=c : int criu_local_set_parent_images(criu_opts *opts, const char *path); } */
    public int setParentImages(String path) {
        return criu_h.criu_local_set_parent_images(opts, str(path));
    }

    /** {@snippet lang=c : int criu_local_set_service_binary(criu_opts *opts, const char *path); } */
    public int setServiceBinary(String path) {
        return criu_h.criu_local_set_service_binary(opts, str(path));
    }

    /** {@snippet lang=c : void criu_local_set_work_dir_fd(criu_opts *opts, int fd); } */
    public void setWorkDirFd(int fd) {
        criu_h.criu_local_set_work_dir_fd(opts, fd);
    }

    /** {@snippet lang=c : void criu_local_set_leave_running(criu_opts *opts, bool leave_running); } */
    public void setLeaveRunning(boolean leaveRunning) {
        criu_h.criu_local_set_leave_running(opts, leaveRunning);
    }

    /** {@snippet lang=c : void criu_local_set_ext_unix_sk(criu_opts *opts, bool ext_unix_sk); } */
    public void setExtUnixSk(boolean extUnixSk) {
        criu_h.criu_local_set_ext_unix_sk(opts, extUnixSk);
    }

    /** {@snippet lang=c : int criu_local_add_unix_sk(criu_opts *opts, unsigned int inode); } */
    public int addUnixSk(int inode) {
        return criu_h.criu_local_add_unix_sk(opts, inode);
    }

    /** {@snippet lang=c : void criu_local_set_tcp_established(criu_opts *opts, bool tcp_established); } */
    public void setTcpEstablished(boolean tcpEstablished) {
        criu_h.criu_local_set_tcp_established(opts, tcpEstablished);
    }

    /** {@snippet lang=c : void criu_local_set_tcp_skip_in_flight(criu_opts *opts, bool tcp_skip_in_flight); } */
    public void setTcpSkipInFlight(boolean tcpSkipInFlight) {
        criu_h.criu_local_set_tcp_skip_in_flight(opts, tcpSkipInFlight);
    }

    /** {@snippet lang=c : void criu_local_set_tcp_close(criu_opts *opts, bool tcp_close); } */
    public void setTcpClose(boolean tcpClose) {
        criu_h.criu_local_set_tcp_close(opts, tcpClose);
    }

    /** {@snippet lang=c : void criu_local_set_weak_sysctls(criu_opts *opts, bool val); } */
    public void setWeakSysctls(boolean val) {
        criu_h.criu_local_set_weak_sysctls(opts, val);
    }

    /** {@snippet lang=c : void criu_local_set_evasive_devices(criu_opts *opts, bool evasive_devices); } */
    public void setEvasiveDevices(boolean evasiveDevices) {
        criu_h.criu_local_set_evasive_devices(opts, evasiveDevices);
    }

    /** {@snippet lang=c : void criu_local_set_shell_job(criu_opts *opts, bool shell_job); } */
    public void setShellJob(boolean shellJob) {
        criu_h.criu_local_set_shell_job(opts, shellJob);
    }

    /** {@snippet lang=c : void criu_local_set_orphan_pts_master(criu_opts *opts, bool orphan_pts_master); } */
    public void setOrphanPtsMaster(boolean orphanPtsMaster) {
        criu_h.criu_local_set_orphan_pts_master(opts, orphanPtsMaster);
    }

    /** {@snippet lang=c : void criu_local_set_file_locks(criu_opts *opts, bool file_locks); } */
    public void setFileLocks(boolean fileLocks) {
        criu_h.criu_local_set_file_locks(opts, fileLocks);
    }

    /** {@snippet lang=c : void criu_local_set_track_mem(criu_opts *opts, bool track_mem); } */
    public void setTrackMem(boolean trackMem) {
        criu_h.criu_local_set_track_mem(opts, trackMem);
    }

    /** {@snippet lang=c : void criu_local_set_auto_dedup(criu_opts *opts, bool auto_dedup); } */
    public void setAutoDedup(boolean autoDedup) {
        criu_h.criu_local_set_auto_dedup(opts, autoDedup);
    }

    /** {@snippet lang=c : void criu_local_set_force_irmap(criu_opts *opts, bool force_irmap); } */
    public void setForceIrmap(boolean forceIrmap) {
        criu_h.criu_local_set_force_irmap(opts, forceIrmap);
    }

    /** {@snippet lang=c : void criu_local_set_link_remap(criu_opts *opts, bool link_remap); } */
    public void setLinkRemap(boolean linkRemap) {
        criu_h.criu_local_set_link_remap(opts, linkRemap);
    }

    /** {@snippet lang=c : void criu_local_set_log_level(criu_opts *opts, int log_level); } */
    public void setLogLevel(int logLevel) {
        criu_h.criu_local_set_log_level(opts, logLevel);
    }

    /** {@snippet lang=c : int criu_local_set_log_file(criu_opts *opts, const char *log_file); } */
    public int setLogFile(String logFile) {
        return criu_h.criu_local_set_log_file(opts, str(logFile));
    }

    /** {@snippet lang=c : void criu_local_set_cpu_cap(criu_opts *opts, unsigned int cap); } */
    public void setCpuCap(int cap) {
        criu_h.criu_local_set_cpu_cap(opts, cap);
    }

    /** {@snippet lang=c : int criu_local_set_root(criu_opts *opts, const char *root); } */
    public int setRoot(String root) {
        return criu_h.criu_local_set_root(opts, str(root));
    }

    /** {@snippet lang=c : void criu_local_set_manage_cgroups(criu_opts *opts, bool manage); } */
    public void setManageCgroups(boolean manage) {
        criu_h.criu_local_set_manage_cgroups(opts, manage);
    }

    /** {@snippet lang=c : void criu_local_set_manage_cgroups_mode(criu_opts *opts, enum criu_cg_mode mode); } */
    public void setManageCgroupsMode(int mode) {
        criu_h.criu_local_set_manage_cgroups_mode(opts, mode);
    }

    /** {@snippet lang=c : int criu_local_set_freeze_cgroup(criu_opts *opts, const char *name); } */
    public int setFreezeCgroup(String name) {
        return criu_h.criu_local_set_freeze_cgroup(opts, str(name));
    }

    /** {@snippet lang=c : int criu_local_set_lsm_profile(criu_opts *opts, const char *name); } */
    public int setLsmProfile(String name) {
        return criu_h.criu_local_set_lsm_profile(opts, str(name));
    }

    /** {@snippet lang=c : int criu_local_set_lsm_mount_context(criu_opts *opts, const char *name); } */
    public int setLsmMountContext(String name) {
        return criu_h.criu_local_set_lsm_mount_context(opts, str(name));
    }

    /** {@snippet lang=c : void criu_local_set_timeout(criu_opts *opts, unsigned int timeout); } */
    public void setTimeout(int timeout) {
        criu_h.criu_local_set_timeout(opts, timeout);
    }

    /** {@snippet lang=c : void criu_local_set_auto_ext_mnt(criu_opts *opts, bool val); } */
    public void setAutoExtMnt(boolean val) {
        criu_h.criu_local_set_auto_ext_mnt(opts, val);
    }

    /** {@snippet lang=c : void criu_local_set_ext_sharing(criu_opts *opts, bool val); } */
    public void setExtSharing(boolean val) {
        criu_h.criu_local_set_ext_sharing(opts, val);
    }

    /** {@snippet lang=c : void criu_local_set_ext_masters(criu_opts *opts, bool val); } */
    public void setExtMasters(boolean val) {
        criu_h.criu_local_set_ext_masters(opts, val);
    }

    /** {@snippet lang=c : int criu_local_add_ext_mount(criu_opts *opts, const char *key, const char *val); } */
    public int addExtMount(String key, String val) {
        return criu_h.criu_local_add_ext_mount(opts, str(key), str(val));
    }

    /** {@snippet lang=c : int criu_local_add_veth_pair(criu_opts *opts, const char *in, const char *out); } */
    public int addVethPair(String in, String out) {
        return criu_h.criu_local_add_veth_pair(opts, str(in), str(out));
    }

    /** {@snippet lang=c : int criu_local_add_cg_root(criu_opts *opts, const char *ctrl, const char *path); } */
    public int addCgRoot(String ctrl, String path) {
        return criu_h.criu_local_add_cg_root(opts, str(ctrl), str(path));
    }

    /** {@snippet lang=c : int criu_local_add_enable_fs(criu_opts *opts, const char *fs); } */
    public int addEnableFs(String fs) {
        return criu_h.criu_local_add_enable_fs(opts, str(fs));
    }

    /** {@snippet lang=c : int criu_local_add_skip_mnt(criu_opts *opts, const char *mnt); } */
    public int addSkipMnt(String mnt) {
        return criu_h.criu_local_add_skip_mnt(opts, str(mnt));
    }

    /** {@snippet lang=c : void criu_local_set_ghost_limit(criu_opts *opts, unsigned int limit); } */
    public void setGhostLimit(int limit) {
        criu_h.criu_local_set_ghost_limit(opts, limit);
    }

    /** {@snippet lang=c : int criu_local_add_irmap_path(criu_opts *opts, const char *path); } */
    public int addIrmapPath(String path) {
        return criu_h.criu_local_add_irmap_path(opts, str(path));
    }

    /** {@snippet lang=c : int criu_local_add_cg_props(criu_opts *opts, const char *stream); } */
    public int addCgProps(String stream) {
        return criu_h.criu_local_add_cg_props(opts, str(stream));
    }

    /** {@snippet lang=c : int criu_local_add_cg_props_file(criu_opts *opts, const char *path); } */
    public int addCgPropsFile(String path) {
        return criu_h.criu_local_add_cg_props_file(opts, str(path));
    }

    /** {@snippet lang=c : int criu_local_add_cg_dump_controller(criu_opts *opts, const char *name); } */
    public int addCgDumpController(String name) {
        return criu_h.criu_local_add_cg_dump_controller(opts, str(name));
    }

    /** {@snippet lang=c : int criu_local_add_cg_yard(criu_opts *opts, const char *path); } */
    public int addCgYard(String path) {
        return criu_h.criu_local_add_cg_yard(opts, str(path));
    }

    /** {@snippet lang=c : int criu_local_add_inherit_fd(criu_opts *opts, int fd, const char *key); } */
    public int addInheritFd(int fd, String key) {
        return criu_h.criu_local_add_inherit_fd(opts, fd, str(key));
    }

    /** {@snippet lang=c : int criu_local_add_external(criu_opts *opts, const char *key); } */
    public int addExternal(String key) {
        return criu_h.criu_local_add_external(opts, str(key));
    }

    /** {@snippet lang=c : int criu_local_set_page_server_address_port(criu_opts *opts, const char *address, int port); } */
    public int setPageServerAddressPort(String address, int port) {
        return criu_h.criu_local_set_page_server_address_port(opts, str(address), port);
    }

    /** {@snippet lang=c : int criu_local_set_pre_dump_mode(criu_opts *opts, enum criu_pre_dump_mode mode); } */
    public int setPreDumpMode(int mode) {
        return criu_h.criu_local_set_pre_dump_mode(opts, mode);
    }

    /** {@snippet lang=c : void criu_local_set_pidfd_store_sk(criu_opts *opts, int sk); } */
    public void setPidfdStoreSk(int sk) {
        criu_h.criu_local_set_pidfd_store_sk(opts, sk);
    }

    /** {@snippet lang=c : int criu_local_set_network_lock(criu_opts *opts, enum criu_network_lock_method method); } */
    public int setNetworkLock(int method) {
        return criu_h.criu_local_set_network_lock(opts, method);
    }

    /** {@snippet lang=c : void criu_local_set_mntns_compat_mode(criu_opts *opts, bool val); } */
    public void setMntnsCompatMode(boolean val) {
        criu_h.criu_local_set_mntns_compat_mode(opts, val);
    }

    /** {@snippet lang=c : int criu_local_check(criu_opts *opts); } */
    public int check() {
        return criu_h.criu_local_check(opts);
    }

    /** {@snippet lang=c : int criu_local_dump(criu_opts *opts); } */
    public int dump() {
        return criu_h.criu_local_dump(opts);
    }

    /** {@snippet lang=c : int criu_local_pre_dump(criu_opts *opts); } */
    public int preDump() {
        return criu_h.criu_local_pre_dump(opts);
    }

    /** {@snippet lang=c : int criu_local_restore(criu_opts *opts); } */
    public int restore() {
        return criu_h.criu_local_restore(opts);
    }

    /** {@snippet lang=c : int criu_local_restore_child(criu_opts *opts); } */
    public int restoreChild() {
        return criu_h.criu_local_restore_child(opts);
    }

    /** {@snippet lang=c : int criu_local_get_version(criu_opts *opts); } */
    public int getVersion() {
        return criu_h.criu_local_get_version(opts);
    }

    /** {@snippet lang=c : int criu_local_check_version(criu_opts *opts, int minimum); } */
    public int checkVersion(int minimum) {
        return criu_h.criu_local_check_version(opts, minimum);
    }

    /** {@snippet lang=c : void criu_local_free_opts(criu_opts *opts); } and the arena of every string and stub. */
    @Override
    public void close() {
        try {
            if (opts != null) criu_h.criu_local_free_opts(opts);
        } finally {
            opts = null;
            if (arena.scope().isAlive()) arena.close();
        }
    }
}
