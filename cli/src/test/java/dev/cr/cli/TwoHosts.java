package dev.cr.cli;

import dev.cr.engine.testing.Requirements;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Two hosts on this machine for migration tests: network namespaces crm-N-a (the source, 10.231.N.1) and crm-N-b
 * (the target, 10.231.N.2) joined by a veth pair, made by scripts/netns-hosts. The addresses exist only inside
 * those namespaces. N comes from the test JVM's pid so that two runs at once do not collide.
 */
final class TwoHosts implements AutoCloseable {
    final int n;
    private final Path script;

    private TwoHosts(int n, Path script) {
        this.n = n;
        this.script = script;
    }

    static TwoHosts up() {
        Path script = scriptPath();
        int n = 20 + (int) (ProcessHandle.current().pid() % 200);
        TwoHosts h = new TwoHosts(n, script);
        h.run("up", Integer.toString(n));
        return h;
    }

    /** scripts/netns-hosts of this source tree (Requirements.projectRoot() needs testdata/, which may not exist yet). */
    private static Path scriptPath() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path s = p.resolve("scripts/netns-hosts");
            if (Files.isExecutable(s)) return s;
        }
        return Requirements.projectRoot().resolve("scripts/netns-hosts");
    }

    String sourceAddress() { return "10.231." + n + ".1"; }

    String targetAddress() { return "10.231." + n + ".2"; }

    Path netns(char host) { return Path.of("/run/netns/crm-" + n + "-" + host); }

    /** A command line that runs {@code cmd} in host {@code a} or {@code b} (only the network namespace differs). */
    List<String> in(char host, List<String> cmd) {
        List<String> all = new ArrayList<>(List.of("nsenter", "--net=" + netns(host)));
        all.addAll(cmd);
        return all;
    }

    /** Makes every TCP packet arriving in host {@code host} answer with a reset: the link is cut, loudly. */
    void cut(char host) {
        run(in(host, List.of("iptables", "-I", "INPUT", "-p", "tcp", "-j", "REJECT", "--reject-with", "tcp-reset")));
    }

    /** As {@link #cut}, for packets that come over the network only: the host's loopback connections stay up. */
    void cutNetwork(char host) {
        run(in(host, List.of("iptables", "-I", "INPUT", "!", "-i", "lo", "-p", "tcp", "-j", "REJECT", "--reject-with", "tcp-reset")));
    }

    void heal(char host) {
        run(in(host, List.of("iptables", "-F", "INPUT")));
    }

    private void run(String... args) {
        List<String> cmd = new ArrayList<>(List.of(script.toString()));
        cmd.addAll(List.of(args));
        run(cmd);
    }

    static void run(List<String> cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0)
                throw new IllegalStateException(String.join(" ", cmd) + " failed: " + out);
        } catch (IOException e) {
            throw new IllegalStateException(String.join(" ", cmd) + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The inode of a process's network namespace, to tell which host it runs on. */
    static String netnsOf(long pid) throws IOException {
        return Files.readSymbolicLink(Path.of("/proc", Long.toString(pid), "ns", "net")).toString();
    }

    String netnsId(char host) throws IOException {
        return "net:[" + Files.readAttributes(netns(host), "unix:ino").get("ino") + "]";
    }

    @Override
    public void close() {
        run("down", Integer.toString(n));
    }
}
