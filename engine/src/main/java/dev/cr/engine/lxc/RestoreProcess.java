package dev.cr.engine.lxc;

import dev.cr.ffm.lxc.lxccontainer_h;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs liblxc's {@code MIGRATE_RESTORE} in a short-lived JVM of its own.
 *
 * <p>Why: for a restore, liblxc forks the caller and the fork becomes the container's monitor for the container's
 * whole life, keeping every file descriptor the caller had open (liblxc 5.0 closes them for {@code start}, not for
 * a restore; {@code want_close_all_fds} does not reach that path). In the caller's JVM that would be its stdout pipe
 * (so {@code cr lxc restore | cat} never ends), its sockets (a server port would stay bound after the JVM exits)
 * and its files. {@link ProcessBuilder} starts this child with nothing open but /dev/null and a file for liblxc's
 * complaints, so the monitor forked from it holds nothing of the caller's. The cost is one JVM start per restore.
 *
 * <p>Arguments: lxcpath, container name, image directory, CRIU executable, and optionally a CRIU action script. Exit status 0 when liblxc restored the
 * container; otherwise 1, with liblxc's error text on stderr.
 */
final class RestoreProcess {
    private RestoreProcess() {}

    public static void main(String[] args) {
        if (args.length != 4 && args.length != 5) {
            System.err.println("usage: RestoreProcess LXCPATH NAME DIRECTORY CRIU [ACTION-SCRIPT]");
            System.exit(2);
        }
        CriuForLxc.install(Path.of(args[3]));
        try (NativeContainer c = NativeContainer.open(args[1], Path.of(args[0]))) {
            c.wantDaemonize(true);
            c.wantCloseAllFds(true);
            var out = c.migrate(new NativeContainer.Migrate(lxccontainer_h.MIGRATE_RESTORE, Path.of(args[2]), false, true,
                    null, false, 0, 0, args.length == 5 ? Path.of(args[4]) : null));
            if (out.status() != 0) {
                System.err.println(c.errorText());
                System.exit(1);
            }
        } catch (RuntimeException e) {
            System.err.println(e.getMessage());
            System.exit(1);
        }
        System.exit(0);
    }

    /** What the child reported: whether liblxc restored the container, and its error text when not. */
    record Outcome(boolean restored, String error) {}

    /** Runs the restore in a child JVM and waits for it (liblxc returns once the container runs detached). */
    static Outcome run(Path lxcpath, String name, Path directory, Path criu, Path actionScript) {
        Path err = null;
        try {
            err = Files.createTempFile("cr-lxc-restore", ".err");
            List<String> cmd = new ArrayList<>();
            cmd.add(ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
            cmd.add("--enable-native-access=ALL-UNNAMED");
            cmd.add("-XX:+UseSerialGC");
            cmd.add("-XX:TieredStopAtLevel=1");
            cmd.add("-Xmx64m");
            cmd.add("-cp");
            cmd.add(absoluteClassPath());
            cmd.add(RestoreProcess.class.getName());
            cmd.add(lxcpath.toString());
            cmd.add(name);
            cmd.add(directory.toString());
            cmd.add(criu.toAbsolutePath().toString());
            if (actionScript != null) cmd.add(actionScript.toString());
            Process p = new ProcessBuilder(cmd)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(err.toFile())
                    .start();
            if (!p.waitFor(10, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                return new Outcome(false, "liblxc's restore did not return within 10 minutes");
            }
            String text = Files.readString(err).strip();
            return new Outcome(p.exitValue() == 0, text.isEmpty() ? "liblxc reported a failure without a reason" : text);
        } catch (IOException e) {
            throw new LxcException("restore of container " + name, "cannot start the restore process: " + e.getMessage(), null, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LxcException("restore of container " + name, "interrupted while restoring", null, e);
        } finally {
            if (err != null) Containers.deleteQuietly(err);
        }
    }

    /** This JVM's class path with every entry absolute, so the child finds the same classes from any directory. */
    private static String absoluteClassPath() {
        var parts = new ArrayList<String>();
        for (String e : System.getProperty("java.class.path").split(File.pathSeparator))
            if (!e.isEmpty()) parts.add(Path.of(e).toAbsolutePath().toString());
        return String.join(File.pathSeparator, parts);
    }
}
