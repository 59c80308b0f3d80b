package dev.cr.engine.lxc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Runs a step of the caller's while a container's tasks are frozen after CRIU wrote their images, and lets the
 * outcome decide whether CRIU kills them (success) or resumes them (failure) — what libcriu's post-dump
 * notification gives process dumps, which liblxc's migrate API lacks.
 *
 * <p>How: liblxc passes {@code migrate_opts.action_script} to CRIU as {@code --action-script}. CRIU runs that
 * script at each stage with {@code CRTOOLS_SCRIPT_ACTION} set; at {@code post-dump} the tasks are frozen and
 * dumped, and a non-zero exit fails the dump, which makes CRIU resume them. The script written here, at
 * {@code post-dump}, creates the file {@code dumped} in its directory and waits for {@code commit} (exit 0) or
 * {@code abort} (exit 1); a watcher thread in this JVM sees {@code dumped}, runs the step and writes the verdict.
 * If this JVM dies meanwhile the script sees its pid gone and exits 1: the container is resumed, never lost.
 * Files rather than a socket because a POSIX shell has no way to talk to a socket; polling every 20 ms costs
 * nothing next to a migration's seconds.
 */
final class PostDumpGate implements AutoCloseable {
    private final Path dir;
    private final Thread watcher;
    private volatile boolean closed;
    private volatile Exception failure;
    private volatile boolean ran;

    private PostDumpGate(Path dir, Containers.FrozenStep step) {
        this.dir = dir;
        this.watcher = Thread.ofPlatform().daemon().name("cr-lxc-post-dump").start(() -> watch(step));
    }

    /** Writes the script into a fresh directory under {@code parent} and starts watching. */
    static PostDumpGate open(Path parent, Containers.FrozenStep step) throws IOException {
        Files.createDirectories(parent);
        Path dir = Files.createTempDirectory(parent, "post-dump-");
        Path script = dir.resolve("action-script");
        Files.writeString(script, script(dir, ProcessHandle.current().pid()));
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        return new PostDumpGate(dir, step);
    }

    static String script(Path dir, long pid) {
        String d = "'" + dir.toString().replace("'", "'\\''") + "'";
        return """
                #!/bin/sh
                # Written by cr for one container dump: at post-dump, wait for cr's verdict (see PostDumpGate).
                [ "$CRTOOLS_SCRIPT_ACTION" = post-dump ] || exit 0
                d=%s
                : > "$d/dumped"
                while :; do
                  [ -e "$d/commit" ] && exit 0
                  [ -e "$d/abort" ] && exit 1
                  kill -0 %d 2>/dev/null || exit 1
                  sleep 0.02
                done
                """.formatted(d, pid);
    }

    Path script() {
        return dir.resolve("action-script");
    }

    /** Whether the step ran (CRIU reached post-dump). */
    boolean ran() {
        return ran;
    }

    /** What the step threw, or null. */
    Exception failure() {
        return failure;
    }

    private void watch(Containers.FrozenStep step) {
        Path dumped = dir.resolve("dumped");
        while (!closed && !Files.exists(dumped)) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                return;
            }
        }
        if (closed) return;
        ran = true;
        String verdict = "commit";
        try {
            step.run();
        } catch (Exception e) {
            failure = e;
            verdict = "abort";
        } catch (Error e) {
            failure = new RuntimeException(e);
            verdict = "abort";
        }
        try {
            Files.writeString(dir.resolve(verdict), "");
        } catch (IOException e) {
            // the script cannot learn the verdict: when this JVM ends it resumes the container
            if (failure == null) failure = e;
        }
    }

    /** Stops watching (after liblxc's call returned) and removes the script's directory. */
    @Override
    public void close() {
        closed = true;
        try {
            watcher.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Containers.deleteQuietly(dir);
    }
}
