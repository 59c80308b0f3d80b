package dev.cr.engine.criu;

import dev.cr.ffm.criu.criu_feature_check;
import dev.cr.ffm.criu.criu_h;
import dev.cr.ffm.criu.criu_local_set_notify_cb$cb;
import dev.cr.ffm.libc.errno_h;
import dev.cr.ffm.libc.fcntl_h;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.IntSupplier;

/**
 * One call into libcriu: its own {@code criu_opts} (the {@code criu_local_*} API, so threads never share options),
 * a confined arena for every native string, fd and upcall stub of the call, and the directory fds CRIU is given.
 * The request goes to a {@link CriuWorker} started for it, not to a child libcriu forks from the JVM.
 * Closing frees all of it. Used by exactly one thread, for one operation.
 */
final class CriuCall implements AutoCloseable {
    private final String operation;
    private final Arena arena = Arena.ofConfined();
    private final MemorySegment errno = arena.allocate(errno_h.errnoState());
    private final List<Integer> fds = new ArrayList<>();
    private final Path binary;
    private String workerEnd;
    private MemorySegment opts = MemorySegment.NULL;
    private Throwable listenerFailure;

    CriuCall(String operation, Path binary) {
        this.operation = operation;
        this.binary = binary;
        try {
            MemorySegment holder = arena.allocate(criu_h.C_POINTER);
            if (criu_h.criu_local_init_opts(holder) != 0)
                throw new CriuException(operation, null, "libcriu could not allocate its options", null, null, List.of(), null);
            opts = holder.get(criu_h.C_POINTER, 0);
            // The binary is set although calls go to a worker: libcriu accepts inherit-fd options only in this mode
            // (it checks when they are added), and the restore-sibling call starts its own child from it.
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
                    + Errno.describe(errno_h.errno(errno)), "check that it exists and is a directory", null, List.of(), null);
        }
        fds.add(fd);
        return fd;
    }

    void imagesDir(Path dir) { criu_h.criu_local_set_images_dir_fd(opts, openDir(dir)); }
    void workDir(Path dir) { criu_h.criu_local_set_work_dir_fd(opts, openDir(dir)); }
    void logFile(String bareName) { need(criu_h.criu_local_set_log_file(opts, str(bareName)), "log file"); }
    void logLevel(int level) { criu_h.criu_local_set_log_level(opts, level); }
    void pid(int pid) { criu_h.criu_local_set_pid(opts, pid); }

    /**
     * Applies every dump option (log and directories are set by the caller). A flag is passed only when set: libcriu
     * leaves an unset one to CRIU, whose default is off for each, and every setter called costs this JVM one more
     * downcall handle to link (a one-shot {@code cr dump} spent about a third of its Java time linking them).
     */
    void apply(DumpOptions o) {
        if (o.leaveRunning()) criu_h.criu_local_set_leave_running(opts, true);
        if (o.shellJob()) criu_h.criu_local_set_shell_job(opts, true);
        if (o.tcpEstablished()) criu_h.criu_local_set_tcp_established(opts, true);
        if (o.tcpSkipInFlight()) criu_h.criu_local_set_tcp_skip_in_flight(opts, true);
        if (o.tcpClose()) criu_h.criu_local_set_tcp_close(opts, true);
        if (o.extUnixSk()) criu_h.criu_local_set_ext_unix_sk(opts, true);
        if (o.fileLocks()) criu_h.criu_local_set_file_locks(opts, true);
        if (o.linkRemap()) criu_h.criu_local_set_link_remap(opts, true);
        if (o.evasiveDevices()) criu_h.criu_local_set_evasive_devices(opts, true);
        if (o.autoExtMnt()) criu_h.criu_local_set_auto_ext_mnt(opts, true);
        if (o.extSharing()) criu_h.criu_local_set_ext_sharing(opts, true);
        if (o.extMasters()) criu_h.criu_local_set_ext_masters(opts, true);
        if (o.trackMem()) criu_h.criu_local_set_track_mem(opts, true);
        if (o.autoDedup()) criu_h.criu_local_set_auto_dedup(opts, true);
        if (o.orphanPtsMaster()) criu_h.criu_local_set_orphan_pts_master(opts, true);
        if (o.weakSysctls()) criu_h.criu_local_set_weak_sysctls(opts, true);
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
        if (o.shellJob()) criu_h.criu_local_set_shell_job(opts, true);
        if (o.tcpEstablished()) criu_h.criu_local_set_tcp_established(opts, true);
        if (o.tcpClose()) criu_h.criu_local_set_tcp_close(opts, true);
        if (o.extUnixSk()) criu_h.criu_local_set_ext_unix_sk(opts, true);
        if (o.fileLocks()) criu_h.criu_local_set_file_locks(opts, true);
        if (o.evasiveDevices()) criu_h.criu_local_set_evasive_devices(opts, true);
        if (o.autoDedup()) criu_h.criu_local_set_auto_dedup(opts, true);
        if (o.extSharing()) criu_h.criu_local_set_ext_sharing(opts, true);
        if (o.extMasters()) criu_h.criu_local_set_ext_masters(opts, true);
        if (o.mntnsCompatMode()) criu_h.criu_local_set_mntns_compat_mode(opts, true);
        if (o.weakSysctls()) criu_h.criu_local_set_weak_sysctls(opts, true);
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

    /** How the CRIU worker of the last request ended when that was abnormal ("killed by signal 11"), or null. */
    String workerEnd() { return workerEnd; }

    /**
     * Runs one libcriu request against a worker started for it and reaps the worker afterwards, whatever the
     * request returned. libcriu closes the service descriptor itself when the request ends.
     */
    private int served(IntSupplier request) {
        CriuWorker worker = CriuWorker.start(operation, binary);
        try {
            criu_h.criu_local_set_service_fd(opts, worker.serviceFd());
            worker.handedOver();
            return request.getAsInt();
        } finally {
            worker.close();
            workerEnd = worker.abnormalEnd();
        }
    }

    int dump() { return served(() -> criu_h.criu_local_dump(opts)); }
    int preDump() { return served(() -> criu_h.criu_local_pre_dump(opts)); }

    /**
     * A restore. With {@code asChild} (CRIU's restore-sibling) the restored root must become this process's child,
     * which libcriu grants only to a CRIU it forked itself ({@code criu_local_restore_child} sets the request's
     * rst_sibling, which no option setter reaches): that one call still forks the JVM.
     */
    int restore(boolean asChild) {
        return asChild ? criu_h.criu_local_restore_child(opts) : served(() -> criu_h.criu_local_restore(opts));
    }

    int check() { return served(() -> criu_h.criu_local_check(opts)); }
    int version() { return served(() -> criu_h.criu_local_get_version(opts)); }

    /** Feature check; null when CRIU failed to answer. */
    Features features() {
        MemorySegment f = criu_feature_check.allocate(arena);
        criu_feature_check.mem_track(f, true);
        criu_feature_check.lazy_pages(f, true);
        criu_feature_check.pidfd_store(f, true);
        int rc = served(() -> criu_h.criu_local_feature_check(opts, f, criu_feature_check.sizeof()));
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
