package dev.cr.engine.lxc;

import dev.cr.ffm.libc.Posix;
import dev.cr.ffm.lxc.lxccontainer_h;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs liblxc's {@code MIGRATE_RESTORE} on a thread of this JVM whose descriptor table is its own and nearly empty.
 *
 * <p>Why: for a restore, liblxc forks the calling thread and the fork becomes the container's monitor for the
 * container's whole life. It never execs, so close-on-exec flags do not matter, and liblxc 5.0 closes inherited
 * descriptors only on its start path ({@code want_close_all_fds} is read there, not by a restore). A monitor forked
 * from an ordinary JVM thread would keep every descriptor the JVM had open: its stdout pipe (so
 * {@code cr lxc restore | cat} never ends), its sockets (a server port stays bound after the JVM exits), its files.
 *
 * <p>How: {@code fork} copies the descriptor table of the thread that calls it. This thread first takes a copy of
 * its own ({@code unshare(CLONE_FILES)}: the JVM's other threads keep the shared one), closes in it everything but
 * the JVM's own class files (jars and the runtime image, opened read-only, which Java code on this thread may still
 * read) and puts /dev/null on 0, 1 and 2. The monitor inherits that table. The thread ends after the call, and its
 * table with it.
 *
 * <p>The monitor is a child of this JVM: a reaper thread waits for it, so a container stopped later leaves no zombie.
 * It also holds a copy-on-write image of this process's memory, as any fork does (measured in docs/benchmarks.md).
 */
final class RestoreThread {
    private RestoreThread() {}

    /** What liblxc said: whether it restored the container, its error text when not, the monitor's pid (or -1). */
    record Outcome(boolean restored, String error, int monitorPid) {}

    static Outcome run(Path lxcpath, String name, Path directory, Path criu, Path actionScript) {
        var result = new AtomicReference<Outcome>();
        var failure = new AtomicReference<Throwable>();
        // Loaded here, before the thread has a table of its own: a class loaded there from a jar not yet open
        // would leave the jar open in that table only.
        Outcome.class.getName();
        NativeContainer.Migrate restore = new NativeContainer.Migrate(lxccontainer_h.MIGRATE_RESTORE, directory, false,
                true, null, false, 0, 0, actionScript);
        CriuForLxc.install(criu);
        Thread t = Thread.ofPlatform().name("cr-lxc-restore-" + name).start(() -> {
            try {
                result.set(restoreWithOwnDescriptors(lxcpath, name, restore));
            } catch (Throwable e) {
                failure.set(e);
            }
        });
        try {
            t.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LxcException("restore of container " + name, "interrupted while restoring", null, e);
        }
        if (failure.get() instanceof RuntimeException r) throw r;
        if (failure.get() instanceof Error e) throw e;
        Outcome out = result.get();
        if (out.monitorPid() > 0) reapWhenItEnds(out.monitorPid(), name);
        return out;
    }

    private static Outcome restoreWithOwnDescriptors(Path lxcpath, String name, NativeContainer.Migrate restore) {
        int unshared = Posix.unshareDescriptorTable();
        if (unshared != 0)
            return new Outcome(false, "cannot give the restoring thread a descriptor table of its own (unshare: errno "
                    + -unshared + ")", -1);
        closeAllButClassFiles();
        int devNull = Posix.openReadWrite("/dev/null");
        if (devNull < 0) return new Outcome(false, "cannot open /dev/null (errno " + -devNull + ")", -1);
        for (int std = 0; std <= 2; std++) Posix.dup2(devNull, std);
        if (devNull > 2) Posix.close(devNull);

        try (NativeContainer c = NativeContainer.open(name, lxcpath)) {
            c.wantDaemonize(true);
            c.wantCloseAllFds(true);
            var out = c.migrate(restore);
            int monitor = onlyChild();
            return out.status() == 0 ? new Outcome(true, null, monitor) : new Outcome(false, c.errorText(), monitor);
        }
    }

    /** Closes, in this thread's own table, every descriptor but read-only jars and the JDK's runtime image. */
    private static void closeAllButClassFiles() {
        Path fdDir = Path.of("/proc/thread-self/fd");
        List<Integer> fds = new ArrayList<>();
        try (var list = Files.list(fdDir)) {
            list.forEach(p -> fds.add(Integer.parseInt(p.getFileName().toString())));
        } catch (IOException e) {
            throw new LxcException("restore", "cannot list this thread's descriptors: " + e.getMessage(), null, e);
        }
        String runtimeImage = Path.of(System.getProperty("java.home"), "lib", "modules").toString();
        for (int fd : fds) {
            String target;
            try {
                target = Files.readSymbolicLink(fdDir.resolve(Integer.toString(fd))).toString();
            } catch (NoSuchFileException gone) {
                continue;   // the listing's own descriptor, closed since
            } catch (IOException e) {
                target = "";
            }
            boolean classFile = target.endsWith(".jar") || target.equals(runtimeImage);
            if (!(classFile && readOnly(fd))) Posix.close(fd);
        }
    }

    private static boolean readOnly(int fd) {
        try {
            for (String l : Files.readAllLines(Path.of("/proc/thread-self/fdinfo", Integer.toString(fd))))
                if (l.startsWith("flags:")) return Posix.readOnly(Integer.parseInt(l.substring(6).trim(), 8));
        } catch (IOException | NumberFormatException e) {
            // unknown: not kept
        }
        return false;
    }

    /** The child this thread forked and that still runs: liblxc's monitor (CRIU's children were reaped). */
    private static int onlyChild() {
        try {
            String[] kids = Files.readString(Path.of("/proc/thread-self/children")).trim().split("\\s+");
            return kids.length == 1 && !kids[0].isEmpty() ? Integer.parseInt(kids[0]) : -1;
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
    }

    /** Waits for the monitor on a daemon thread: when the container stops, its monitor is reaped at once. */
    private static void reapWhenItEnds(int pid, String name) {
        Thread.ofPlatform().daemon().name("cr-lxc-monitor-" + name).start(() -> {
            Posix.waitFor(pid);   // again after a signal; an error (ECHILD) means someone else reaped it
        });
    }
}
