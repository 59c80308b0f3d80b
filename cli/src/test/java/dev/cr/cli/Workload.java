package dev.cr.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A counting process (counter.c) started in the source host in its own pid namespace and session
 * ({@code setsid unshare --pid --fork setsid counter ...}), so it can be restored while its source copy exists.
 * Its status file shows that it counts and that its memory is intact.
 */
final class Workload implements AutoCloseable {
    final Path binary;
    final Path status;
    private final Process unshare;
    final long pid;

    private Workload(Path binary, Path status, Process unshare, long pid) {
        this.binary = binary;
        this.status = status;
        this.unshare = unshare;
        this.pid = pid;
    }

    /** Compiles counter.c into {@code dir} (once per directory). */
    static Path compile(Path dir) throws IOException, InterruptedException {
        return compile(dir, "counter");
    }

    /** Compiles the test resource migrate/NAME.c into {@code dir}/crm-NAME (once per directory). */
    static Path compile(Path dir, String name) throws IOException, InterruptedException {
        Path src = dir.resolve(name + ".c");
        Path bin = dir.resolve("crm-" + name);
        if (Files.exists(bin)) return bin;
        try (InputStream in = Workload.class.getResourceAsStream("/migrate/" + name + ".c")) {
            Files.write(src, in.readAllBytes());
        }
        Process p = new ProcessBuilder("gcc", "-O2", "-o", bin.toString(), src.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), "gcc: " + out);
        return bin;
    }

    static Workload start(TwoHosts hosts, Path binary, Path dir, int mib, Path hold) throws Exception {
        return startWith(hosts, binary, dir, mib, hold == null ? List.of() : List.of(hold.toString()));
    }

    /** Starts {@code binary STATUS MIB MORE...} in the source host, in {@code dir}. */
    static Workload startWith(TwoHosts hosts, Path binary, Path dir, int mib, List<String> more) throws Exception {
        Path status = dir.resolve("status-" + System.nanoTime());
        List<String> cmd = new ArrayList<>(List.of("setsid", "unshare", "--pid", "--fork", "setsid",
                binary.toString(), status.toString(), Integer.toString(mib)));
        cmd.addAll(more);
        // The working directory must be writable: to dump a pid-namespace init, CRIU's parasite makes a temporary
        // /proc mount point in the task's working directory (in the VM the shared host root is read-only).
        Process p = new ProcessBuilder(hosts.in('a', cmd)).directory(dir.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        // The process to migrate is unshare's child: pid 1 of the new pid namespace.
        long pid = 0;
        for (int i = 0; i < 100 && pid == 0; i++) {
            pid = p.toHandle().children().mapToLong(ProcessHandle::pid).findFirst().orElse(0);
            if (pid == 0) Thread.sleep(50);
        }
        assertTrue(pid > 0, "the workload started");
        Workload w = new Workload(binary, status, p, pid);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30 + mib / 8);
        while (w.read() == null || w.count() < 2) {
            assertTrue(System.nanoTime() < deadline, "the workload writes its status");
            Thread.sleep(100);
        }
        return w;
    }

    /** "COUNT ok|BAD CHECKS", or null before the first write. */
    String[] read() throws IOException {
        try {
            String s = Files.readString(status).strip();
            String[] f = s.split(" ");
            return f.length == 3 ? f : null;
        } catch (java.nio.file.NoSuchFileException e) {
            return null;
        }
    }

    long count() throws IOException {
        String[] f = read();
        return f == null ? -1 : Long.parseLong(f[0]);
    }

    long checks() throws IOException {
        return Long.parseLong(read()[2]);
    }

    /** Asserts that the workload counts on (somewhere) and its memory checks are good. */
    void assertCounting(String when) throws Exception {
        long before = count();
        Thread.sleep(800);
        long after = count();
        assertTrue(after > before, when + ": the workload counts on (" + before + " then " + after + ")");
        assertEquals("ok", read()[1], when + ": the workload's memory is intact");
    }

    /** Asserts that the original copy still runs in the source host. */
    void assertSourceRunning(TwoHosts hosts, String when) throws Exception {
        assertTrue(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), when + ": the source copy is alive");
        assertEquals(hosts.netnsId('a'), TwoHosts.netnsOf(pid), when + ": it is in the source host");
        assertCounting(when);
    }

    /** Pids of every running copy of this workload (source or restored: same binary, same status file), from /proc. */
    List<Long> copies() {
        List<Long> pids = new ArrayList<>();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path p : procs.toList()) {
                String name = p.getFileName().toString();
                if (!name.chars().allMatch(Character::isDigit)) continue;
                try {
                    if (Files.readSymbolicLink(p.resolve("exe")).equals(binary)
                            && Files.readString(p.resolve("cmdline")).contains(status.toString())) {
                        String stat = Files.readString(p.resolve("stat"));
                        if (!stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z")) pids.add(Long.parseLong(name));
                    }
                } catch (IOException ignored) {
                    // gone or not ours
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return pids;
    }

    @Override
    public void close() {
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        unshare.destroyForcibly();
        for (long p : copies()) ProcessHandle.of(p).ifPresent(ProcessHandle::destroyForcibly);
    }
}
