package dev.cr.engine.criu;

import dev.cr.ffm.criu.criu_feature_check;
import dev.cr.ffm.criu.criu_h;
import dev.cr.ffm.criu.criu_local_set_notify_cb$cb;
import dev.cr.ffm.criu.fcntl_h;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One call into libcriu: its own {@code criu_opts} (the {@code criu_local_*} API, so threads never share options),
 * a confined arena for every native string, fd and upcall stub of the call, and the directory fds CRIU is given.
 * Closing frees all of it. Used by exactly one thread, for one operation.
 */
final class CriuCall implements AutoCloseable {
    private final String operation;
    private final Arena arena = Arena.ofConfined();
    private final MemorySegment errno = arena.allocate(fcntl_h.errnoState());
    private final List<Integer> fds = new ArrayList<>();
    private MemorySegment opts = MemorySegment.NULL;
    private Throwable listenerFailure;

    CriuCall(String operation, Path binary) {
        this.operation = operation;
        try {
            MemorySegment holder = arena.allocate(criu_h.C_POINTER);
            if (criu_h.criu_local_init_opts(holder) != 0)
                throw new CriuException(operation, null, "libcriu could not allocate its options", null, null, List.of(), null);
            opts = holder.get(criu_h.C_POINTER, 0);
            need(criu_h.criu_local_set_service_binary(opts, str(binary.toString())), "service binary");
        } catch (LinkageError e) {
            arena.close();
            String why = criu_h.libraryLoadError();
            throw new CriuException.LibCriuMissing(operation, why != null ? why : e.toString());
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    MemorySegment str(String s) {
        return arena.allocateFrom(s);
    }

    private void need(int rc, String what) {
        if (rc < 0) throw new CriuException(operation, null, "libcriu refused the option " + what + " (error " + rc + ")",
                null, null, List.of(), null);
    }

    /** Opens a directory for CRIU; it reads it through /proc/PID/fd of this process, so CLOEXEC is fine. */
    int openDir(Path dir) {
        int fd = fcntl_h.open(errno, str(dir.toString()), fcntl_h.O_RDONLY() | fcntl_h.O_DIRECTORY() | fcntl_h.O_CLOEXEC());
        if (fd < 0) {
            throw new CriuException(operation, null, "cannot open the directory " + dir + ": "
                    + Errno.describe(fcntl_h.errno(errno)), "check that it exists and is a directory", null, List.of(), null);
        }
        fds.add(fd);
        return fd;
    }

    void imagesDir(Path dir) { criu_h.criu_local_set_images_dir_fd(opts, openDir(dir)); }
    void workDir(Path dir) { criu_h.criu_local_set_work_dir_fd(opts, openDir(dir)); }
    void logFile(String bareName) { need(criu_h.criu_local_set_log_file(opts, str(bareName)), "log file"); }
    void logLevel(int level) { criu_h.criu_local_set_log_level(opts, level); }
    void pid(int pid) { criu_h.criu_local_set_pid(opts, pid); }

    /** Applies every dump option (log and directories are set by the caller). */
    void apply(DumpOptions o) {
        criu_h.criu_local_set_leave_running(opts, o.leaveRunning());
        criu_h.criu_local_set_shell_job(opts, o.shellJob());
        criu_h.criu_local_set_tcp_established(opts, o.tcpEstablished());
        criu_h.criu_local_set_tcp_skip_in_flight(opts, o.tcpSkipInFlight());
        criu_h.criu_local_set_tcp_close(opts, o.tcpClose());
        criu_h.criu_local_set_ext_unix_sk(opts, o.extUnixSk());
        criu_h.criu_local_set_file_locks(opts, o.fileLocks());
        criu_h.criu_local_set_link_remap(opts, o.linkRemap());
        criu_h.criu_local_set_evasive_devices(opts, o.evasiveDevices());
        criu_h.criu_local_set_auto_ext_mnt(opts, o.autoExtMnt());
        criu_h.criu_local_set_ext_sharing(opts, o.extSharing());
        criu_h.criu_local_set_ext_masters(opts, o.extMasters());
        criu_h.criu_local_set_track_mem(opts, o.trackMem());
        criu_h.criu_local_set_auto_dedup(opts, o.autoDedup());
        criu_h.criu_local_set_orphan_pts_master(opts, o.orphanPtsMaster());
        criu_h.criu_local_set_weak_sysctls(opts, o.weakSysctls());
        if (o.ghostLimit() != null) criu_h.criu_local_set_ghost_limit(opts, (int) Math.min(o.ghostLimit(), 0xffffffffL));
        for (String e : o.external()) need(criu_h.criu_local_add_external(opts, str(e)), "external " + e);
        for (Map.Entry<String, String> e : o.extMountMap().entrySet())
            need(criu_h.criu_local_add_ext_mount(opts, str(e.getKey()), str(e.getValue())), "ext-mount-map " + e.getKey());
        for (String m : o.skipMounts()) need(criu_h.criu_local_add_skip_mnt(opts, str(m)), "skip-mnt " + m);
        for (String f : o.enableFs()) need(criu_h.criu_local_add_enable_fs(opts, str(f)), "enable-fs " + f);
        if (o.manageCgroupsMode() != null) cgroups(o.manageCgroupsMode());
        if (o.freezeCgroup() != null) need(criu_h.criu_local_set_freeze_cgroup(opts, str(o.freezeCgroup())), "freeze-cgroup");
        if (o.networkLock() != null) networkLock(o.networkLock());
        if (o.parentImages() != null)
            need(criu_h.criu_local_set_parent_images(opts, str(o.parentImages().toString())), "prev-images-dir");
        if (o.pageServerAddress() != null) {
            // libcriu 3.17 (Debian 12) returns -ENOMEM from this setter even when it set the option (its success
            // path falls through to the error return), so its result says nothing; a real allocation failure
            // would leave no page server in the request and CRIU's dump would then fail by itself, saying so.
            criu_h.criu_local_set_page_server_address_port(opts, str(o.pageServerAddress()), o.pageServerPort());
        }
        if (o.timeoutSeconds() > 0) criu_h.criu_local_set_timeout(opts, o.timeoutSeconds());
        listeners(o.listeners());
    }

    /** Applies every restore option (log and directories are set by the caller). */
    void apply(RestoreOptions o) {
        criu_h.criu_local_set_shell_job(opts, o.shellJob());
        criu_h.criu_local_set_tcp_established(opts, o.tcpEstablished());
        criu_h.criu_local_set_tcp_close(opts, o.tcpClose());
        criu_h.criu_local_set_ext_unix_sk(opts, o.extUnixSk());
        criu_h.criu_local_set_file_locks(opts, o.fileLocks());
        criu_h.criu_local_set_evasive_devices(opts, o.evasiveDevices());
        criu_h.criu_local_set_auto_dedup(opts, o.autoDedup());
        criu_h.criu_local_set_ext_sharing(opts, o.extSharing());
        criu_h.criu_local_set_ext_masters(opts, o.extMasters());
        criu_h.criu_local_set_mntns_compat_mode(opts, o.mntnsCompatMode());
        criu_h.criu_local_set_weak_sysctls(opts, o.weakSysctls());
        if (o.manageCgroupsMode() != null) cgroups(o.manageCgroupsMode());
        if (o.networkLock() != null) networkLock(o.networkLock());
        if (o.root() != null) need(criu_h.criu_local_set_root(opts, str(o.root())), "root");
        for (Map.Entry<Integer, String> e : o.inheritFd().entrySet())
            need(criu_h.criu_local_add_inherit_fd(opts, e.getKey(), str(e.getValue())), "inherit-fd " + e.getValue());
        for (String e : o.external()) need(criu_h.criu_local_add_external(opts, str(e)), "external " + e);
        for (Map.Entry<String, String> e : o.extMountMap().entrySet())
            need(criu_h.criu_local_add_ext_mount(opts, str(e.getKey()), str(e.getValue())), "ext-mount-map " + e.getKey());
        for (Map.Entry<String, String> e : o.vethPairs().entrySet())
            need(criu_h.criu_local_add_veth_pair(opts, str(e.getKey()), str(e.getValue())), "veth-pair " + e.getKey());
        listeners(o.listeners());
    }

    private void cgroups(CgroupMode mode) {
        int m = switch (mode) {
            case IGNORE -> criu_h.CRIU_CG_MODE_IGNORE();
            case NONE -> criu_h.CRIU_CG_MODE_NONE();
            case PROPS -> criu_h.CRIU_CG_MODE_PROPS();
            case SOFT -> criu_h.CRIU_CG_MODE_SOFT();
            case FULL -> criu_h.CRIU_CG_MODE_FULL();
            case STRICT -> criu_h.CRIU_CG_MODE_STRICT();
            case DEFAULT -> criu_h.CRIU_CG_MODE_DEFAULT();
        };
        criu_h.criu_local_set_manage_cgroups(opts, true);
        criu_h.criu_local_set_manage_cgroups_mode(opts, m);
    }

    private void networkLock(NetworkLock lock) {
        int m = lock == NetworkLock.NFTABLES ? criu_h.CRIU_NETWORK_LOCK_NFTABLES() : criu_h.CRIU_NETWORK_LOCK_IPTABLES();
        need(criu_h.criu_local_set_network_lock(opts, m), "network-lock");
    }

    /**
     * Installs one upcall that hands each notification to the listeners in turn. An exception must not leave
     * an upcall (it would end the JVM): it is kept, and -1 tells libcriu to make CRIU abort.
     */
    private void listeners(List<NotifyListener> listeners) {
        if (listeners.isEmpty()) return;
        MemorySegment stub = criu_local_set_notify_cb$cb.allocate((action, na) -> {
            if (listenerFailure != null) return -1;
            try {
                String name = action.getString(0);
                int pid = criu_h.criu_notify_pid(na);
                var n = new Notification(name, pid);
                for (NotifyListener l : listeners) l.onNotification(n);
                return 0;
            } catch (Throwable t) {
                listenerFailure = t;
                return -1;
            }
        }, arena);
        criu_h.criu_local_set_notify_cb(opts, stub);
    }

    /** The exception a listener threw, if one did. */
    Throwable listenerFailure() { return listenerFailure; }

    int dump() { return criu_h.criu_local_dump(opts); }
    int preDump() { return criu_h.criu_local_pre_dump(opts); }
    int restore(boolean asChild) { return asChild ? criu_h.criu_local_restore_child(opts) : criu_h.criu_local_restore(opts); }
    int check() { return criu_h.criu_local_check(opts); }
    int version() { return criu_h.criu_local_get_version(opts); }

    /** Feature check; null when CRIU failed to answer. */
    Features features() {
        MemorySegment f = criu_feature_check.allocate(arena);
        criu_feature_check.mem_track(f, true);
        criu_feature_check.lazy_pages(f, true);
        criu_feature_check.pidfd_store(f, true);
        int rc = criu_h.criu_local_feature_check(opts, f, criu_feature_check.sizeof());
        if (rc != 0) return null;
        return new Features(criu_feature_check.mem_track(f), criu_feature_check.lazy_pages(f),
                criu_feature_check.pidfd_store(f));
    }

    @Override
    public void close() {
        try {
            for (int fd : fds) fcntl_h.close(errno, fd);
            if (!opts.equals(MemorySegment.NULL)) criu_h.criu_local_free_opts(opts);
        } finally {
            opts = MemorySegment.NULL;
            if (arena.scope().isAlive()) arena.close();
        }
    }
}
