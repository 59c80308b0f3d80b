package dev.cr.engine.criu;

import dev.cr.ffm.criu.CriuRequest;
import dev.cr.ffm.criu.criu_h;
import dev.cr.ffm.libc.Posix;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.IntSupplier;

/**
 * One call into libcriu: its own {@link CriuRequest} (the {@code criu_local_*} API, so threads never share options;
 * it holds every native string and upcall stub of the call), and the directory fds CRIU is given.
 * The request goes to a {@link CriuWorker} started for it, not to a child libcriu forks from the JVM.
 * Closing frees all of it. Used by exactly one thread, for one operation.
 */
final class CriuCall implements AutoCloseable {
    private final String operation;
    private final List<Integer> fds = new ArrayList<>();
    private final Path binary;
    private String workerEnd;
    private CriuRequest req;
    private Throwable listenerFailure;

    CriuCall(String operation, Path binary) {
        this.operation = operation;
        this.binary = binary;
        try {
            req = CriuRequest.create();
            if (req == null)
                throw CriuException.setupFailed(operation, "libcriu could not allocate its options", null, null);
            // The binary is set although calls go to a worker: libcriu accepts inherit-fd options only in this mode
            // (it checks when they are added), and the restore-sibling call starts its own child from it.
            need(req.setServiceBinary(binary.toString()), "service binary");
        } catch (LinkageError e) {
            String why = CriuRequest.libraryLoadError();
            throw CriuException.libcriuMissing(operation, why != null ? why : e.toString());
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    private void need(int rc, String what) {
        if (rc < 0) throw CriuException.setupFailed(operation, "libcriu refused the option " + what + " (error " + rc + ")",
                null, null);
    }

    /** Opens a directory for CRIU; it reads it through /proc/PID/fd of this process, so CLOEXEC is fine. */
    int openDir(Path dir) {
        int fd = Posix.openDirectory(dir.toString());
        if (fd < 0) {
            throw CriuException.setupFailed(operation, "cannot open the directory " + dir + ": "
                    + Errno.describe(-fd), "check that it exists and is a directory", null);
        }
        fds.add(fd);
        return fd;
    }

    void imagesDir(Path dir) { req.setImagesDirFd(openDir(dir)); }
    void workDir(Path dir) { req.setWorkDirFd(openDir(dir)); }
    void logFile(String bareName) { need(req.setLogFile(bareName), "log file"); }
    void logLevel(int level) { req.setLogLevel(level); }
    void pid(int pid) { req.setPid(pid); }

    /**
     * Applies every dump option (log and directories are set by the caller): each yes/no option through the setter
     * its {@link CriuFlag} names, then the options with values. A flag is passed only when set: libcriu
     * leaves an unset one to CRIU, whose default is off for each, and every setter called costs this JVM one more
     * downcall handle to link (a one-shot {@code cr dump} spent about a third of its Java time linking them).
     */
    void apply(DumpOptions o) {
        for (CriuFlag f : o.flags()) f.applyTo(req);
        if (o.ghostLimit() != null) req.setGhostLimit((int) Math.min(o.ghostLimit(), 0xffffffffL));
        for (String e : o.external()) need(req.addExternal(e), "external " + e);
        for (Map.Entry<String, String> e : o.extMountMap().entrySet())
            need(req.addExtMount(e.getKey(), e.getValue()), "ext-mount-map " + e.getKey());
        for (String m : o.skipMounts()) need(req.addSkipMnt(m), "skip-mnt " + m);
        for (String f : o.enableFs()) need(req.addEnableFs(f), "enable-fs " + f);
        if (o.manageCgroupsMode() != null) cgroups(o.manageCgroupsMode());
        if (o.freezeCgroup() != null) need(req.setFreezeCgroup(o.freezeCgroup()), "freeze-cgroup");
        if (o.networkLock() != null) networkLock(o.networkLock());
        if (o.parentImages() != null)
            need(req.setParentImages(o.parentImages().toString()), "prev-images-dir");
        if (o.pageServerAddress() != null) {
            // libcriu 3.17 (Debian 12) returns -ENOMEM from this setter even when it set the option (its success
            // path falls through to the error return), so its result says nothing; a real allocation failure
            // would leave no page server in the request and CRIU's dump would then fail by itself, saying so.
            req.setPageServerAddressPort(o.pageServerAddress(), o.pageServerPort());
        }
        if (o.timeoutSeconds() > 0) req.setTimeout(o.timeoutSeconds());
        listeners(o.listeners());
    }

    /** Applies every restore option (log and directories are set by the caller). */
    void apply(RestoreOptions o) {
        for (CriuFlag f : o.flags()) f.applyTo(req);
        if (o.manageCgroupsMode() != null) cgroups(o.manageCgroupsMode());
        if (o.networkLock() != null) networkLock(o.networkLock());
        if (o.root() != null) need(req.setRoot(o.root()), "root");
        for (Map.Entry<Integer, String> e : o.inheritFd().entrySet())
            need(req.addInheritFd(e.getKey(), e.getValue()), "inherit-fd " + e.getValue());
        for (String e : o.external()) need(req.addExternal(e), "external " + e);
        for (Map.Entry<String, String> e : o.extMountMap().entrySet())
            need(req.addExtMount(e.getKey(), e.getValue()), "ext-mount-map " + e.getKey());
        for (Map.Entry<String, String> e : o.vethPairs().entrySet())
            need(req.addVethPair(e.getKey(), e.getValue()), "veth-pair " + e.getKey());
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
        req.setManageCgroups(true);
        req.setManageCgroupsMode(m);
    }

    private void networkLock(NetworkLock lock) {
        int m = lock == NetworkLock.NFTABLES ? criu_h.CRIU_NETWORK_LOCK_NFTABLES() : criu_h.CRIU_NETWORK_LOCK_IPTABLES();
        need(req.setNetworkLock(m), "network-lock");
    }

    /**
     * Installs one upcall that hands each notification to the listeners in turn. An exception must not leave
     * an upcall (it would end the JVM): it is kept, and -1 tells libcriu to make CRIU abort.
     */
    private void listeners(List<NotifyListener> listeners) {
        if (listeners.isEmpty()) return;
        req.setNotifyCb((name, pid) -> {
            if (listenerFailure != null) return -1;
            try {
                var n = new Notification(name, pid);
                for (NotifyListener l : listeners) l.onNotification(n);
                return 0;
            } catch (Throwable t) {
                listenerFailure = t;
                return -1;
            }
        });
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
            req.setServiceFd(worker.serviceFd());
            worker.handedOver();
            return request.getAsInt();
        } finally {
            worker.close();
            workerEnd = worker.abnormalEnd();
        }
    }

    int dump() { return served(() -> req.dump()); }
    int preDump() { return served(() -> req.preDump()); }

    /**
     * A restore. With {@code asChild} (CRIU's restore-sibling) the restored root must become this process's child,
     * which libcriu grants only to a CRIU it forked itself ({@code criu_local_restore_child} sets the request's
     * rst_sibling, which no option setter reaches): that one call still forks the JVM.
     */
    int restore(boolean asChild) {
        return asChild ? req.restoreChild() : served(() -> req.restore());
    }

    int version() { return served(() -> req.getVersion()); }

    /** Feature check; null when CRIU failed to answer. */
    Features features() {
        if (served(req::featureCheck) != 0) return null;
        CriuRequest.Features f = req.features();
        return new Features(f.memTrack(), f.lazyPages(), f.pidfdStore());
    }

    @Override
    public void close() {
        try {
            for (int fd : fds) Posix.close(fd);
        } finally {
            if (req != null) req.close();
            req = null;
        }
    }
}
