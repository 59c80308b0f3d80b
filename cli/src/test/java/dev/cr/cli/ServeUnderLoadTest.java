package dev.cr.cli;

import dev.cr.engine.testing.Requirements;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.*;

/**
 * {@code cr serve} with a 64 MiB heap under about a thousand connections that never authenticate (half idle, half
 * trickling a byte a second, reopened as fast as the target closes them) from one address, while a real process
 * migrates from another host with the real CRIU. On top, the target runs out of descriptors for a few seconds
 * (its soft RLIMIT_NOFILE lowered under what it holds, with prlimit): the accept loop must back off instead of
 * spinning. Threat model: docs/security.md, "a network peer without a token". About 30 s.
 */
class ServeUnderLoadTest {
    @TempDir
    static Path shared;
    static TwoHosts hosts;
    static Path counter;

    @TempDir
    Path tmp;

    @BeforeAll
    static void hosts() throws Exception {
        Requirements.criu();
        Requirements.gcc();
        counter = Workload.compile(shared);
        hosts = TwoHosts.up();
    }

    @AfterAll
    static void down() {
        if (hosts != null) hosts.close();
    }

    @Test
    void aThousandPeersWithoutATokenCostLittleAndARealMigrationStillSucceeds() throws Exception {
        try (ServeProcess s = ServeProcess.startWithHeap(hosts, tmp.resolve("serve"), 64)) {
            // The flood comes from the target's own host address: another address than the real source's.
            Process flood = new ProcessBuilder(hosts.in('b', ServeProcess.java(List.of("-Xmx64m"), "dev.cr.cli.IdleClients",
                    hosts.targetAddress(), Integer.toString(ServeProcess.PORT), "1000"))).redirectErrorStream(true).start();
            List<String> floodLines = new CopyOnWriteArrayList<>();
            Thread.ofVirtual().start(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(flood.getInputStream()))) {
                    for (String l; (l = r.readLine()) != null; ) floodLines.add(l);
                } catch (IOException ended) {
                    // the flood was stopped
                }
            });
            try {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (opened(floodLines) < 1000) {
                    assertTrue(flood.isAlive(), "the flood runs: " + floodLines);
                    assertTrue(System.nanoTime() < deadline, "a thousand connections were opened: " + floodLines);
                    Thread.sleep(200);
                }

                long pid = s.process.pid();
                String softHard = limits(pid);
                int held;
                try (var fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
                    held = (int) fds.count();
                }
                int failedBefore = acceptFailures(s.lines);
                long cpuBefore = cpuTicks(pid);
                prlimit(pid, Math.max(16, held - 10) + ":" + softHard.split(":")[1]);
                Thread.sleep(3000);
                long cpu = cpuTicks(pid) - cpuBefore;
                prlimit(pid, softHard);
                int failed = acceptFailures(s.lines) - failedBefore;
                assertTrue(failed >= 1, "out of descriptors, accept failed (held " + held + "): " + tail(s.lines));
                assertTrue(failed <= 40, "and the accept loop backed off instead of spinning: " + failed + " failures in 3 s");
                assertTrue(cpu < 150, "cr serve used " + cpu + " ticks of CPU in 3 s while out of descriptors (a spinning loop takes ~300)");

                Workload w = Workload.start(hosts, counter, tmp, 0, null);
                try (w) {
                    List<String> args = new ArrayList<>(List.of("migrate", "--pid", Long.toString(w.pid),
                            "--to", hosts.targetAddress() + ":" + ServeProcess.PORT, "--fingerprint", s.fingerprint,
                            "--token-file", s.tokenFile(), "--identity", tmp.resolve("client").toString(),
                            "--work-dir", tmp.resolve("work").toString(), "--json"));
                    CrProcessRun r = CrProcessRun.of(hosts.in('a', ServeProcess.cr(args.toArray(String[]::new))), 120);
                    assertEquals(0, r.exit(), "the real migration succeeded under the flood: " + r.err() + "\ncr serve: " + tail(s.lines));
                    long targetPid = r.field("target_pid");
                    assertEquals(hosts.netnsId('b'), TwoHosts.netnsOf(targetPid), "it runs in the target host");
                    w.assertCounting("after the migration under the flood");
                    ProcessHandle.of(targetPid).ifPresent(ProcessHandle::destroyForcibly);
                }
                assertTrue(flood.isAlive() && opened(floodLines) > 1000, "the flood went on meanwhile: " + tail(floodLines));
                assertTrue(s.process.isAlive(), "cr serve is alive");
                assertTrue(s.lines.stream().noneMatch(l -> l.contains("OutOfMemoryError")), "no OutOfMemoryError: " + tail(s.lines));
                assertTrue(s.lines.stream().anyMatch(l -> l.contains("too many connections waiting to be trusted")),
                        "the flood met the cap: " + tail(s.lines));
            } finally {
                flood.destroyForcibly();
                flood.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    private static long opened(List<String> lines) {
        long n = 0;
        for (String l : lines) {
            Matcher m = Pattern.compile("opened (\\d+)").matcher(l);
            if (m.find()) n = Long.parseLong(m.group(1));
        }
        return n;
    }

    private static int acceptFailures(List<String> lines) {
        return (int) lines.stream().filter(l -> l.contains("accept failed")).count();
    }

    private static List<String> tail(List<String> lines) {
        List<String> copy = List.copyOf(lines);
        return copy.subList(Math.max(0, copy.size() - 15), copy.size());
    }

    /** The process's open-files limit as "SOFT:HARD". */
    private static String limits(long pid) throws IOException {
        for (String l : Files.readAllLines(Path.of("/proc", Long.toString(pid), "limits"))) {
            if (l.startsWith("Max open files")) {
                String[] f = l.substring("Max open files".length()).trim().split("\\s+");
                return f[0] + ":" + f[1];
            }
        }
        throw new IllegalStateException("no open-files limit for " + pid);
    }

    private static void prlimit(long pid, String softHard) {
        TwoHosts.run(List.of("prlimit", "--pid", Long.toString(pid), "--nofile=" + softHard));
    }

    /** utime + stime of a process, in clock ticks. */
    private static long cpuTicks(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }
}
