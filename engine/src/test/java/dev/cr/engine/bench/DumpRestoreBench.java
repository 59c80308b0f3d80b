package dev.cr.engine.bench;

import dev.cr.engine.criu.Criu;
import dev.cr.engine.criu.DumpOptions;
import dev.cr.engine.criu.RestoreOptions;
import dev.cr.engine.testing.Workload;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Wall time of a dump and a restore done three ways on the same kind of workload, in the same run, interleaved:
 * the {@code criu} command, the library ({@link Criu#dump} / {@link Criu#restore}), and the whole {@code cr}
 * command (JVM start included). Run by {@code scripts/bench-dump}; prints a Markdown table.
 * Arguments: {@code ROUNDS CR_LAUNCHER WORKLOAD...} where a workload is {@code shell} or {@code mem:MIB}.
 */
public final class DumpRestoreBench {
    private static final String PYTHON = "/usr/bin/python3";

    private final Path work;
    private final Criu criu;
    private final Path crLauncher;
    private final Map<String, List<Double>> samples = new LinkedHashMap<>();

    DumpRestoreBench(Path work, Criu criu, Path crLauncher) {
        this.work = work;
        this.criu = criu;
        this.crLauncher = crLauncher;
    }

    public static void main(String[] args) throws Exception {
        int rounds = Integer.parseInt(args[0]);
        Path cr = Path.of(args[1]);
        Path work = Files.createTempDirectory(Path.of("/var/tmp"), "cr-bench-");
        Criu criu = Criu.locate();
        System.out.println("CRIU " + criu.version() + " at " + criu.binary() + "; " + rounds + " rounds per workload");
        try {
            for (int a = 2; a < args.length; a++) {
                var bench = new DumpRestoreBench(work, criu, cr);
                bench.run(args[a], rounds);
                bench.print(args[a]);
            }
        } finally {
            try (Stream<Path> s = Files.walk(work)) {
                s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private Workload start(String kind, Path dir) throws Exception {
        if (kind.equals("shell")) {
            Path count = dir.resolve("count");
            Workload w = Workload.inPidNamespace("i=0; while :; do i=$((i+1)); echo $i > " + count + "; sleep 0.05; done");
            Workload.await(() -> Files.exists(count), Duration.ofSeconds(10), "the loop");
            return w;
        }
        int mib = Integer.parseInt(kind.substring("mem:".length()));
        Path ready = dir.resolve("ready");
        Workload w = Workload.inPidNamespace("exec " + PYTHON + " -c 'import os, time\nb = bytearray(os.urandom(" + mib
                + " << 20))\nopen(\"" + ready + "\", \"w\").close()\nwhile True: time.sleep(0.1)'");
        Workload.await(() -> Files.exists(ready), Duration.ofSeconds(60), "the memory workload");
        return w;
    }

    private void run(String kind, int rounds) throws Exception {
        String[] ways = {"criu command", "library", "cr command"};
        for (int r = 0; r < rounds + 1; r++) {
            boolean warmUp = r == 0;
            for (int i = 0; i < ways.length; i++) {
                String way = ways[(i + r) % ways.length];  // rotate the order so no way always goes first
                Path dir = Files.createDirectories(work.resolve(kind.replace(':', '-') + "-" + r + "-" + i));
                Path images = dir.resolve("images");
                try (Workload w = start(kind, dir)) {
                    double dumpMs = switch (way) {
                        case "criu command" -> timed(() -> exec(criu.binary().toString(), "dump", "-t", Integer.toString(w.pid()),
                                "-D", mk(images).toString(), "-o", "dump.log", "-v4"));
                        case "library" -> timed(() -> criu.dump(DumpOptions.builder(w.pid(), images).build()));
                        default -> timed(() -> exec(crLauncher.toString(), "dump", "-t", Integer.toString(w.pid()), "-D", images.toString()));
                    };
                    w.awaitGone();
                    Path pidFile = dir.resolve("restored.pid");
                    int[] pid = new int[1];
                    double restoreMs = switch (way) {
                        case "criu command" -> timed(() -> exec(criu.binary().toString(), "restore", "-D", images.toString(),
                                "-d", "-o", "restore.log", "-v4", "--pidfile", pidFile.toString()));
                        case "library" -> timed(() -> pid[0] = criu.restore(RestoreOptions.builder(images).build()).pid());
                        default -> timed(() -> exec(crLauncher.toString(), "restore", "-D", images.toString(), "--detach"));
                    };
                    if (way.equals("criu command")) pid[0] = Integer.parseInt(Files.readString(pidFile).trim());
                    if (way.equals("cr command")) pid[0] = lastRestoredPid(images);
                    w.adopt(pid[0]);
                    if (!Workload.alive(pid[0])) throw new IllegalStateException(way + ": restored pid " + pid[0] + " is not running");
                    if (!warmUp) {
                        samples.computeIfAbsent("dump|" + way, k -> new ArrayList<>()).add(dumpMs);
                        samples.computeIfAbsent("restore|" + way, k -> new ArrayList<>()).add(restoreMs);
                    }
                }
                try (Stream<Path> s = Files.walk(dir)) {
                    s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
        }
    }

    /** The host pid of the restored root (init of its pid namespace), from the restore log CRIU wrote. */
    private static int lastRestoredPid(Path images) throws IOException {
        var root = java.util.regex.Pattern.compile("PID: real (\\d+) virt 1$");
        try (Stream<Path> s = Files.list(images)) {
            Path log = s.filter(p -> p.getFileName().toString().startsWith("restore-")).findFirst().orElseThrow();
            for (String l : Files.readAllLines(log)) {
                var m = root.matcher(l);
                if (m.find()) return Integer.parseInt(m.group(1));
            }
        }
        throw new IllegalStateException("no restored pid in the log of " + images);
    }

    private static Path mk(Path dir) throws IOException {
        return Files.createDirectories(dir);
    }

    interface Action { void run() throws Exception; }

    private static double timed(Action a) throws Exception {
        long t0 = System.nanoTime();
        a.run();
        return (System.nanoTime() - t0) / 1e6;
    }

    private static void exec(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        int rc = p.waitFor();
        if (rc != 0) throw new IllegalStateException(String.join(" ", cmd) + " exited " + rc);
    }

    private static double median(List<Double> xs) {
        List<Double> s = xs.stream().sorted().toList();
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }

    private void print(String kind) {
        System.out.printf(Locale.ROOT, "%n| workload | operation | criu command (ms) | library (ms) | library vs criu | cr command (ms) | cr vs criu |%n");
        System.out.println("| --- | --- | --- | --- | --- | --- | --- |");
        for (String op : List.of("dump", "restore")) {
            double c = median(samples.get(op + "|criu command"));
            double l = median(samples.get(op + "|library"));
            double k = median(samples.get(op + "|cr command"));
            System.out.printf(Locale.ROOT, "| %s | %s | %.1f | %.1f | %+.1f %% | %.1f | %+.1f ms |%n",
                    kind, op, c, l, 100 * (l - c) / c, k, k - c);
        }
        System.out.println("(medians of " + samples.get("dump|library").size() + " rounds; raw: " + samples + ")");
    }
}
