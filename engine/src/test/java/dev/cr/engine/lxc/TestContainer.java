package dev.cr.engine.lxc;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.IntPredicate;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * A real LXC container for tests, made with the LXC command-line tools (not with the code under test) in a private
 * lxcpath: busybox template, no network device, no ttys, no console, no AppArmor line (ENVIRONMENT.md), and as init
 * a shell that counts into {@code /tmp/counter} ten times a second and keeps a long-lived {@code sleep} child.
 * {@link #close()} stops and destroys it with its snapshots, whatever state the test left it in.
 */
public final class TestContainer implements AutoCloseable {
    public static final Path LXCPATH = Path.of("/var/lib/cr-test-lxc");

    public final String name;
    public final Path lxcpath;
    /** What the LXC tools are run through: empty, or e.g. {@code nsenter --net=...} for a container of a netns host. */
    private final List<String> launcher;

    private TestContainer(String name, Path lxcpath, List<String> launcher) {
        this.name = name;
        this.lxcpath = lxcpath;
        this.launcher = List.copyOf(launcher);
    }

    /** Creates and starts a counting container; {@code extraInit} runs in the background before the counter. */
    public static TestContainer start(String extraInit) throws IOException, InterruptedException {
        return start(LXCPATH, extraInit, List.of());
    }

    /**
     * The container {@code name} of {@code lxcpath}, made by someone else (a migration), whose LXC commands must
     * run through {@code launcher}; {@link #close()} removes it too.
     */
    public static TestContainer existing(Path lxcpath, String name, List<String> launcher) {
        return new TestContainer(name, lxcpath, launcher);
    }

    /**
     * As {@link #start(String)}, in {@code lxcpath}, with lxc-start run through {@code launcher}: a container's
     * monitor listens on an abstract unix socket, which belongs to the network namespace it was started in, so a
     * container of a network-namespace host must be started (and handled) from inside that namespace.
     */
    public static TestContainer start(Path lxcpath, String extraInit, List<String> launcher) throws IOException, InterruptedException {
        var c = new TestContainer("crt-" + Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36), lxcpath, launcher);
        try {
            Files.createDirectories(lxcpath);
            run(120, "lxc-create", "-P", lxcpath.toString(), "-n", c.name, "-t", "busybox");
            Path config = c.dir().resolve("config");
            var kept = new ArrayList<String>();
            for (String line : Files.readAllLines(config)) {
                String l = line.trim();
                if (l.startsWith("lxc.net.") || l.startsWith("lxc.apparmor.") || l.startsWith("lxc.tty.max")
                        || l.startsWith("lxc.console.")) continue;
                kept.add(line);
            }
            kept.add("lxc.net.0.type = empty");
            kept.add("lxc.tty.max = 0");
            kept.add("lxc.console.path = none");
            kept.add("lxc.init.cmd = /bin/sh /counter.sh");
            Files.write(config, kept);
            Files.writeString(c.rootfs().resolve("counter.sh"), (extraInit == null ? "" : extraInit + "\n") + """
                    sleep 100000 &
                    i=0
                    while true; do i=$((i+1)); echo $i > /tmp/counter; sleep 0.1; done
                    """);
            run(60, c.command("lxc-start", "-P", lxcpath.toString(), "-n", c.name));
            c.awaitCounter(n -> n >= 3, Duration.ofSeconds(20));
            return c;
        } catch (IOException | InterruptedException | RuntimeException | Error e) {
            c.close();
            throw e;
        }
    }

    public Path dir() {
        return lxcpath.resolve(name);
    }

    /** {@code cmd} run through this container's launcher. */
    public String[] command(String... cmd) {
        List<String> all = new ArrayList<>(launcher);
        all.addAll(List.of(cmd));
        return all.toArray(String[]::new);
    }

    /** The state lxc-info reports (RUNNING, STOPPED, ...), or "" when lxc-info fails (no such container). */
    public String lxcState() throws InterruptedException {
        try {
            String out = run(30, command("lxc-info", "-P", lxcpath.toString(), "-n", name, "-s"));
            return out.replace("State:", "").strip();
        } catch (IOException e) {
            return "";
        }
    }

    /** The host pid of the container's init as lxc-info reports it, or -1. */
    public int lxcInitPid() throws InterruptedException {
        try {
            String out = run(30, command("lxc-info", "-P", lxcpath.toString(), "-n", name, "-p"));
            return Integer.parseInt(out.replace("PID:", "").strip());
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
    }

    public Path rootfs() {
        return dir().resolve("rootfs");
    }

    /** The counter the container's init writes, or -1 while there is none. */
    public int counter() {
        try {
            String s = Files.readString(rootfs().resolve("tmp/counter")).trim();
            return s.isEmpty() ? -1 : Integer.parseInt(s);
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
    }

    /** Waits for the counter to satisfy {@code test}; returns the value seen. */
    public int awaitCounter(IntPredicate test, Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        int v;
        while (!test.test(v = counter())) {
            if (System.nanoTime() > end) fail("counter of " + name + " stuck at " + v);
            Thread.sleep(50);
        }
        return v;
    }

    /**
     * The long-lived processes of the pid namespace whose init has host pid {@code initPid}: pid inside the
     * namespace mapped to command line. The counter's short-lived children (its {@code sleep 0.1}, and the shell's
     * fork before that exec) are left out: only processes seen in two looks 200 ms apart count.
     */
    public static Map<Integer, String> namespaceProcesses(int initPid) throws IOException, InterruptedException {
        Map<Integer, String> first = namespaceSample(initPid);
        Thread.sleep(200);
        Map<Integer, String> second = namespaceSample(initPid);
        first.entrySet().retainAll(second.entrySet());
        return first;
    }

    private static Map<Integer, String> namespaceSample(int initPid) throws IOException {
        String ns = Files.readSymbolicLink(Path.of("/proc", String.valueOf(initPid), "ns", "pid")).toString();
        var out = new TreeMap<Integer, String>();
        try (var procs = Files.list(Path.of("/proc"))) {
            for (Path p : procs.filter(x -> x.getFileName().toString().matches("\\d+")).toList()) {
                try {
                    if (!Files.readSymbolicLink(p.resolve("ns/pid")).toString().equals(ns)) continue;
                    String cmd = new String(Files.readAllBytes(p.resolve("cmdline")), StandardCharsets.UTF_8).replace('\0', ' ').trim();
                    if (cmd.equals("sleep 0.1")) continue;
                    out.put(innermostPid(p), cmd);
                } catch (IOException gone) {
                    // the process ended while we looked
                }
            }
        }
        return out;
    }

    /** The host pid of the process whose command line is {@code commandLine} (arguments joined by spaces). */
    public static int hostPidOf(String commandLine, Duration timeout) throws IOException, InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (true) {
            try (var procs = Files.list(Path.of("/proc"))) {
                for (Path p : procs.filter(x -> x.getFileName().toString().matches("\\d+")).toList()) {
                    try {
                        String cmd = new String(Files.readAllBytes(p.resolve("cmdline")), StandardCharsets.UTF_8).replace('\0', ' ').trim();
                        if (cmd.equals(commandLine)) return Integer.parseInt(p.getFileName().toString());
                    } catch (IOException gone) {
                        // ended while we looked
                    }
                }
            }
            if (System.nanoTime() > end) throw new IOException("no process runs " + commandLine);
            Thread.sleep(50);
        }
    }

    /** The host pid of the container's {@code [lxc monitor] LXCPATH NAME} process. */
    public static int monitorPid(String name) throws IOException {
        String title = "[lxc monitor] " + LXCPATH + " " + name;
        try (var procs = Files.list(Path.of("/proc"))) {
            for (Path p : procs.filter(x -> x.getFileName().toString().matches("\\d+")).toList()) {
                try {
                    String cmd = new String(Files.readAllBytes(p.resolve("cmdline")), StandardCharsets.UTF_8).replace('\0', ' ').trim();
                    if (cmd.equals(title)) return Integer.parseInt(p.getFileName().toString());
                } catch (IOException gone) {
                    // ended while we looked
                }
            }
        }
        throw new IOException("no monitor process for " + name);
    }

    /** The last NSpid entry of a process: its pid in its own pid namespace. */
    public static int innermostPid(Path procDir) throws IOException {
        for (String l : Files.readAllLines(procDir.resolve("status"))) {
            if (l.startsWith("NSpid:")) {
                String[] f = l.substring(6).trim().split("\\s+");
                return Integer.parseInt(f[f.length - 1]);
            }
        }
        throw new IOException("no NSpid in " + procDir);
    }

    public static String run(int timeoutSeconds, String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException(String.join(" ", cmd) + " timed out");
        }
        if (p.exitValue() != 0) throw new IOException(String.join(" ", cmd) + " failed (" + p.exitValue() + "):\n" + out);
        return out;
    }

    @Override
    public void close() {
        try {
            runQuietly(command("lxc-stop", "-P", lxcpath.toString(), "-n", name, "-k"));
            runQuietly(command("lxc-destroy", "-P", lxcpath.toString(), "-n", name, "-s", "-f"));
        } finally {
            Containers.deleteQuietly(dir());
            Containers.deleteQuietly(lxcpath.resolve(".cr-logs").resolve(name));
            try {
                Files.deleteIfExists(lxcpath.resolve(".cr-logs")); // only when no other test's logs are left in it
            } catch (IOException notEmpty) {
                // another container's logs are still there
            }
        }
    }

    private static void runQuietly(String... cmd) {
        try {
            Process p = new ProcessBuilder(List.of(cmd)).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(60, TimeUnit.SECONDS)) p.destroyForcibly();
        } catch (IOException | InterruptedException e) {
            // cleanup goes on with the next step
        }
    }
}
