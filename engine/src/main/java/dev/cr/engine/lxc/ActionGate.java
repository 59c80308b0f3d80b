package dev.cr.engine.lxc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Runs a step of the caller's at one stage of a CRIU run that liblxc started, and lets the step's outcome decide
 * how CRIU goes on — what libcriu's notifications give process dumps and restores, which liblxc's migrate API
 * lacks. At {@code post-dump} the tasks are frozen and dumped: success lets CRIU kill them, failure makes it resume
 * them. At {@code post-restore} the tasks are restored but do not run yet: success lets them run, failure makes
 * CRIU kill them.
 *
 * <p>How: liblxc passes {@code migrate_opts.action_script} to CRIU as {@code --action-script}. CRIU runs that
 * script at each stage with {@code CRTOOLS_SCRIPT_ACTION} set (and {@code CRTOOLS_INIT_PID}, the root task); a
 * non-zero exit fails the dump or the restore. The script written here, at its stage, writes the root pid into
 * the file {@code reached} in its directory and waits for {@code commit} (exit 0) or {@code abort} (exit 1); a
 * watcher thread in this JVM sees {@code reached}, runs the step and writes the verdict. If this JVM dies
 * meanwhile the script sees its pid gone and exits 1: a dumped container is resumed, a restored one killed.
 * Files rather than a socket because a POSIX shell has no way to talk to a socket; polling every 20 ms costs
 * nothing next to a migration's seconds. Post-copy's lazy dump and restore, which cr runs as {@code criu} commands,
 * use the same gate ({@code migrate.source.LazyDump}, {@code migrate.target.LazyRestore}).
 */
public final class ActionGate implements AutoCloseable {
    /** The step: given the root task's host pid (-1 when CRIU did not say). */
    @FunctionalInterface
    public interface Step {
        /**
         * Runs at the stage; returning lets CRIU go on, throwing makes it fail the dump or the restore.
         *
         * @param rootPid the root task's pid on the host, or -1 when CRIU did not say
         * @throws Exception anything: it becomes {@link #failure()}, and CRIU aborts
         */
        void run(long rootPid) throws Exception;
    }

    private final Path dir;
    private final Thread watcher;
    private volatile boolean closed;
    private volatile Exception failure;
    private volatile boolean ran;

    private ActionGate(Path dir, Step step) {
        this.dir = dir;
        this.watcher = Thread.ofPlatform().daemon().name("cr-lxc-post-dump").start(() -> watch(step));
    }

    /**
     * Writes the script for {@code stage} into a fresh directory under {@code parent} and starts watching. Gate
     * directories left there by JVMs that died are removed first.
     *
     * @param parent where the gate's directory is made (created when missing); it must be visible to CRIU
     * @param stage  CRIU's name of the stage ({@code post-dump}, {@code post-restore})
     * @param step   what runs when CRIU reaches the stage, on a watcher thread of its own
     * @return the open gate: pass {@link #script()} to CRIU, and close the gate once CRIU returned
     * @throws IOException when the directory or the script cannot be written
     */
    public static ActionGate open(Path parent, String stage, Step step) throws IOException {
        Files.createDirectories(parent);
        removeOrphans(parent);
        Path dir = Files.createTempDirectory(parent, stage + "-");
        Path script = dir.resolve("action-script");
        Files.writeString(script, script(dir, stage, ProcessHandle.current().pid()));
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        return new ActionGate(dir, step);
    }

    /** Gate directories of JVMs that died before closing them (their script names the JVM's pid). */
    private static void removeOrphans(Path parent) {
        try (var dirs = Files.newDirectoryStream(parent, "post-*-*")) {
            for (Path d : dirs) {
                try {
                    var m = java.util.regex.Pattern.compile("kill -0 (\\d+)").matcher(Files.readString(d.resolve("action-script")));
                    if (m.find() && ProcessHandle.of(Long.parseLong(m.group(1))).isEmpty()) Containers.deleteQuietly(d);
                } catch (IOException | RuntimeException e) {
                    // not a gate, or another JVM's being written: leave it
                }
            }
        } catch (IOException e) {
            // nothing to tidy
        }
    }

    static String script(Path dir, String stage, long pid) {
        String d = "'" + dir.toString().replace("'", "'\\''") + "'";
        return """
                #!/bin/sh
                # Written by cr for one liblxc call: at %s, wait for cr's verdict (see ActionGate).
                [ "$CRTOOLS_SCRIPT_ACTION" = %s ] || exit 0
                d=%s
                echo "${CRTOOLS_INIT_PID:--1}" > "$d/reached.tmp" && mv "$d/reached.tmp" "$d/reached"
                while :; do
                  [ -e "$d/commit" ] && exit 0
                  [ -e "$d/abort" ] && exit 1
                  kill -0 %d 2>/dev/null || { rm -rf "$d"; exit 1; }  # cr is gone: nobody else cleans up
                  sleep 0.02
                done
                """.formatted(stage, stage, d, pid);
    }

    /** {@return the action script to hand to CRIU ({@code --action-script}, or liblxc's {@code action_script})} */
    public Path script() {
        return dir.resolve("action-script");
    }

    /** {@return whether the step ran, that is whether CRIU reached the stage} */
    public boolean ran() {
        return ran;
    }

    /**
     * {@return what the step threw (an {@link Error} wrapped in a {@link RuntimeException}), or what kept the verdict
     * from being written; null when neither happened}
     */
    public Exception failure() {
        return failure;
    }

    private void watch(Step step) {
        Path reached = dir.resolve("reached");
        while (!closed && !Files.exists(reached)) {
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
            long pid;
            try {
                pid = Long.parseLong(Files.readString(reached).strip());
            } catch (IOException | NumberFormatException e) {
                pid = -1;
            }
            step.run(pid);
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

    /** Stops watching (after the liblxc call returned) and removes the script's directory. */
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
