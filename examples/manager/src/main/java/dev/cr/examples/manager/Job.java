package dev.cr.examples.manager;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The managed job: a shell that counts into a file, as the init of its own pid namespace and leader of its own
 * session, so CRIU can restore it while its old pids are taken. Its standard streams are /dev/null: a pipe to this
 * JVM would be an external resource CRIU cannot dump.
 */
final class Job implements AutoCloseable {
    private final Process launcher;
    private final Path count;
    private final int pid;
    private int restored = -1;

    private Job(Process launcher, Path count, int pid) {
        this.launcher = launcher;
        this.count = count;
        this.pid = pid;
    }

    static Job start(Path count) throws IOException, InterruptedException {
        String script = "i=0; while :; do i=$((i+1)); echo $i > " + count + ".t; mv " + count + ".t " + count + "; sleep 0.05; done";
        Process p = new ProcessBuilder("setsid", "unshare", "--pid", "--fork", "setsid", "sh", "-c", script)
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            var child = p.children().findFirst();
            if (child.isPresent()) return new Job(p, count, (int) child.get().pid());
            Thread.sleep(10);
        }
        p.destroyForcibly();
        throw new IOException("the job's shell did not start");
    }

    int pid() {
        return pid;
    }

    long count() {
        try {
            return Long.parseLong(Files.readString(count).trim());
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
    }

    long awaitCount(long atLeast) throws InterruptedException, IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (System.nanoTime() < deadline) {
            long c = count();
            if (c >= atLeast) return c;
            Thread.sleep(20);
        }
        throw new IOException("the job did not count to " + atLeast + " (at " + count() + ")");
    }

    /** The dumped tree is gone: its launcher is reaped, so the restored tree cannot meet a zombie of it. */
    void awaitDumped() throws InterruptedException {
        launcher.waitFor(10, TimeUnit.SECONDS);
    }

    void adopt(int restoredPid) {
        restored = restoredPid;
    }

    @Override
    public void close() {
        launcher.destroyForcibly();
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        if (restored > 0) ProcessHandle.of(restored).ifPresent(ProcessHandle::destroyForcibly);
    }
}
