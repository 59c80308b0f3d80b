package dev.cr.engine.testing;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * A real process tree for checkpoint tests, killed (with every descendant) on {@link #close()}.
 * {@link #inPidNamespace} runs the command as the init of its own pid namespace and leader of its own
 * session ({@code setsid unshare --pid --fork setsid CMD}): such a tree can be restored while its original
 * pids are still in use. {@link #plain} runs it as an ordinary session leader. Standard streams are /dev/null.
 * Pids of restored copies are registered with {@link #adopt} so they are killed too.
 */
public final class Workload implements AutoCloseable {
    private final Process launcher;
    private final int pid;
    private final List<Integer> adopted = new ArrayList<>();

    private Workload(Process launcher, int pid) {
        this.launcher = launcher;
        this.pid = pid;
    }

    /** {@code sh -c SCRIPT} as the init of a new pid namespace, leading its own session. */
    public static Workload inPidNamespace(String script) throws IOException {
        Process p = start("setsid", "unshare", "--pid", "--fork", "setsid", "sh", "-c", script);
        int child = awaitValue(() -> children(p.pid()).stream().findFirst(), "the namespace init of " + p.pid());
        awaitExec(child);
        return new Workload(p, child);
    }

    /** {@code sh -c SCRIPT} as a session leader in this pid namespace (its pid cannot be reused at restore). */
    public static Workload plain(String script) throws IOException {
        Process p = start("setsid", "sh", "-c", script);
        awaitExec((int) p.pid());
        return new Workload(p, (int) p.pid());
    }

    /** A command (not a shell script) run as a session leader in this pid namespace. */
    public static Workload command(String... cmd) throws IOException {
        var all = new ArrayList<String>();
        all.add("setsid");
        all.addAll(List.of(cmd));
        Process p = start(all.toArray(String[]::new));
        awaitExec((int) p.pid());
        return new Workload(p, (int) p.pid());
    }

    private static Process start(String... cmd) throws IOException {
        return new ProcessBuilder(cmd)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
    }

    /** The pid of the workload's root task, as seen from the test. */
    public int pid() { return pid; }

    /** The process Java started (setsid or unshare); Java reaps it. */
    public Process launcher() { return launcher; }

    /** Registers the root of a restored copy so that close() kills it too. */
    public int adopt(int restoredPid) {
        adopted.add(restoredPid);
        return restoredPid;
    }

    public static boolean alive(int pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Integer.toString(pid), "stat"));
            return !stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
        } catch (IOException e) {
            return false;
        }
    }

    /** Waits until the dumped (and killed) workload is gone and its launcher reaped, so its pids are free. */
    public void awaitGone() throws InterruptedException {
        await(() -> !alive(pid), Duration.ofSeconds(10), "workload " + pid + " to end");
        launcher.waitFor();
    }

    public static List<Integer> children(long pid) {
        try {
            String s = Files.readString(Path.of("/proc", Long.toString(pid), "task", Long.toString(pid), "children")).trim();
            if (s.isEmpty()) return List.of();
            return java.util.Arrays.stream(s.split("\\s+")).map(Integer::parseInt).toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    public static void await(BooleanSupplier condition, Duration timeout, String what) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) throw new AssertionError("timed out waiting for " + what);
            Thread.sleep(20);
        }
    }

    private static <T> T awaitValue(java.util.function.Supplier<Optional<T>> f, String what) {
        long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < end) {
            Optional<T> v = f.get();
            if (v.isPresent()) return v.get();
            try { Thread.sleep(10); } catch (InterruptedException e) { Thread.currentThread().interrupt(); break; }
        }
        throw new AssertionError("timed out waiting for " + what);
    }

    /** Waits until setsid/unshare have exec'd the workload itself. */
    private static void awaitExec(int pid) {
        awaitValue(() -> {
            try {
                String comm = Files.readString(Path.of("/proc", Integer.toString(pid), "comm")).trim();
                return comm.equals("setsid") || comm.equals("unshare") ? Optional.empty() : Optional.of(comm);
            } catch (IOException e) {
                return Optional.empty();
            }
        }, "pid " + pid + " to exec its command");
    }

    private static void kill(int pid) {
        ProcessHandle.of(pid).ifPresent(h -> {
            h.descendants().forEach(ProcessHandle::destroyForcibly);
            h.destroyForcibly();
        });
    }

    @Override
    public void close() {
        for (int p : adopted) kill(p);
        kill(pid);
        launcher.descendants().forEach(ProcessHandle::destroyForcibly);
        launcher.destroyForcibly();
        try {
            launcher.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
