package dev.cr.engine.vm;

import dev.cr.engine.criu.Criu;
import dev.cr.engine.criu.DumpOptions;
import dev.cr.engine.criu.IterativeDumpResult;
import dev.cr.engine.criu.PreDumpPolicy;
import dev.cr.engine.criu.RestoreOptions;
import dev.cr.engine.criu.RestoreResult;
import dev.cr.engine.stats.DumpStats;
import dev.cr.engine.stats.StatsFile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Pre-copy against a single stop-and-copy dump, on a kernel that tracks memory (run by scripts/bench-vm-precopy,
 * inside scripts/vm here): a 256 MiB process rewriting pages at a fixed rate is dumped with the engine's pre-dump
 * iterations ({@link PreDumpPolicy#defaults()}), then a fresh copy of it with one plain dump; each is restored.
 * The same sequences run again through the criu command line (the peer), with as many pre-dumps as the engine made.
 * Downtime is what the process spends frozen in the final dump plus the restore. Prints a Markdown report.
 *
 * Each of the four runs is repeated ROUNDS times (the emulated VM shares a busy host: single runs are noisy); the
 * iteration tables show the first round, the downtime table every round and the median.
 *
 * <pre>PreCopyBench MIB PAGES_PER_SECOND WARMUP_SECONDS ROUNDS [REPORT_FILE]</pre>
 */
public final class PreCopyBench {
    private final int mib, rate, warmupSeconds, rounds;
    private final Path work;
    private final Criu criu = Criu.locate();
    private final List<String> out = new ArrayList<>();

    private PreCopyBench(int mib, int rate, int warmupSeconds, int rounds, Path work) {
        this.rounds = rounds;
        this.mib = mib;
        this.rate = rate;
        this.warmupSeconds = warmupSeconds;
        this.work = work;
    }

    public static void main(String[] args) throws Exception {
        int mib = Integer.parseInt(args[0]), rate = Integer.parseInt(args[1]), warmup = Integer.parseInt(args[2]);
        int rounds = Integer.parseInt(args[3]);
        Path work = Files.createTempDirectory("cr-precopy-bench");
        PreCopyBench b = new PreCopyBench(mib, rate, warmup, rounds, work);
        b.run();
        String report = String.join("\n", b.out) + "\n";
        System.out.print(report);
        if (args.length > 4) Files.writeString(Path.of(args[4]), report);
    }

    private void run() throws Exception {
        if (!criu.features().memoryTracking()) throw new IllegalStateException("no memory tracking on this kernel");
        out.add(String.format(Locale.ROOT, "Workload: %d MiB anonymous memory, %d pages (%.1f MiB) rewritten a second, "
                + "%d s after start; kernel %s; CRIU %s.", mib, rate, rate * 4096 / 1048576.0, warmupSeconds,
                System.getProperty("os.version"), criu.version()));
        out.add("");

        List<Run[]> all = new ArrayList<>();
        for (int round = 1; round <= rounds; round++) {
            System.err.println("round " + round + " of " + rounds);
            all.add(round());
        }
        Run[] first = all.getFirst();
        table("cr (library API), pre-copy with `PreDumpPolicy.defaults()`", first[0]);
        table("cr (library API), single stop-and-copy dump", first[1]);
        table("criu " + criu.version() + " command line, same number of pre-dumps", first[2]);
        table("criu command line, single stop-and-copy dump", first[3]);

        out.add("Downtime = time frozen in the final (or single) dump + restore; frozen alone is the part pre-copy shortens.");
        out.add("");
        out.add("| round | tool | frozen: pre-copy | frozen: single | ratio | downtime: pre-copy | downtime: single | ratio |");
        out.add("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |");
        for (int i = 0; i < all.size(); i++) {
            downtime(String.valueOf(i + 1), "cr", all.get(i)[0], all.get(i)[1]);
            downtime(String.valueOf(i + 1), "criu (peer)", all.get(i)[2], all.get(i)[3]);
        }
        medians("cr", all, 0, 1);
        medians("criu (peer)", all, 2, 3);
    }

    private Run[] round() throws Exception {
        // The engine: pre-dump iterations under the default policy, then the final dump against the last one.
        Run engine = fresh("engine-precopy", (d, dir) -> {
            IterativeDumpResult r = criu.dump(DumpOptions.builder((int) d.pid(), dir).build(), PreDumpPolicy.defaults());
            List<Row> rows = new ArrayList<>();
            for (var it : r.preDumps())
                rows.add(new Row("pre-dump " + it.number(), it.result().stats().orElseThrow(), it.result().elapsed(),
                        it.decision().reason()));
            rows.add(new Row("final dump", r.finalDump().stats().orElseThrow(), r.finalDump().elapsed(), ""));
            return rows;
        });
        Run engineSingle = fresh("engine-single", (d, dir) -> {
            var r = criu.dump(DumpOptions.builder((int) d.pid(), dir).build());
            return List.of(new Row("single dump", r.stats().orElseThrow(), r.elapsed(), ""));
        });
        int preDumps = engine.rows.size() - 1;

        // The peer: the criu command, the same sequence (as many pre-dumps, each the parent of the next).
        Run cliPre = fresh("criu-precopy", (d, dir) -> {
            List<Row> rows = new ArrayList<>();
            for (int i = 1; i <= preDumps; i++) {
                Path pre = dir.resolve("pre-" + i);
                List<String> cmd = new ArrayList<>(List.of("pre-dump", "-t", "" + d.pid(), "-D", pre.toString(), "--track-mem"));
                if (i > 1) cmd.addAll(List.of("--prev-images-dir", "../pre-" + (i - 1)));
                Duration t = criuCommand(pre, cmd);
                rows.add(new Row("pre-dump " + i, StatsFile.readDump(pre).orElseThrow(), t, ""));
            }
            Duration t = criuCommand(dir, List.of("dump", "-t", "" + d.pid(), "-D", dir.toString(), "--track-mem",
                    "--prev-images-dir", "pre-" + preDumps));
            rows.add(new Row("final dump", StatsFile.readDump(dir).orElseThrow(), t, ""));
            return rows;
        }, true);
        Run cliSingle = fresh("criu-single", (d, dir) -> {
            Duration t = criuCommand(dir, List.of("dump", "-t", "" + d.pid(), "-D", dir.toString()));
            return List.of(new Row("single dump", StatsFile.readDump(dir).orElseThrow(), t, ""));
        }, true);

        return new Run[] {engine, engineSingle, cliPre, cliSingle};
    }

    private record Row(String step, DumpStats stats, Duration elapsed, String decision) {}

    private record Run(List<Row> rows, Duration restore) {
        Duration frozen() { return rows.getLast().stats().frozenTime(); }
        Duration downtime() { return frozen().plus(restore); }
    }

    private interface Dumping { List<Row> dump(Dirtier d, Path dir) throws Exception; }

    /** A fresh workload, warmed up, dumped as told, reaped, restored (timed), its memory checked, killed. */
    private Run fresh(String name, Dumping how) throws Exception {
        return fresh(name, how, false);
    }

    private Run fresh(String name, Dumping how, boolean restoreWithCommand) throws Exception {
        Path dir = work.resolve(name);
        Files.createDirectories(dir);
        try (Dirtier d = Dirtier.start(work, mib, rate)) {
            Thread.sleep(warmupSeconds * 1000L);
            List<Row> rows = how.dump(d, dir);
            d.awaitExit();
            Duration restore;
            if (restoreWithCommand) {
                restore = criuCommand(dir, List.of("restore", "-D", dir.toString(), "-d"));
            } else {
                RestoreResult r = criu.restore(RestoreOptions.builder(dir).build());
                if (r.pid() != d.pid()) throw new IllegalStateException(name + ": restored under pid " + r.pid());
                restore = r.elapsed();
            }
            if (!d.alive()) throw new IllegalStateException(name + ": the restored process is not running");
            long before = d.pagesWritten();
            Thread.sleep(300);
            if (d.pagesWritten() <= before) throw new IllegalStateException(name + ": the restored process does not run");
            System.err.println(name + ": done");
            return new Run(rows, restore);
        } finally {
            deleteTree(dir); // the images live in the VM's tmpfs: keep memory for the next run
            Files.deleteIfExists(work.resolve("dirtier.state"));
        }
    }

    private static Duration criuCommand(Path dir, List<String> args) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        List<String> cmd = new ArrayList<>();
        cmd.add(Criu.locate().binary().toString());
        cmd.addAll(args);
        cmd.addAll(List.of("-o", args.getFirst() + ".log"));
        long start = System.nanoTime();
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        int rc = p.waitFor();
        Duration t = Duration.ofNanos(System.nanoTime() - start);
        if (rc != 0) throw new IllegalStateException(String.join(" ", cmd) + " failed (" + rc + "):\n"
                + String.join("\n", tail(dir.resolve(args.getFirst() + ".log"))));
        return t;
    }

    private static List<String> tail(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log);
        return lines.subList(Math.max(0, lines.size() - 15), lines.size());
    }

    private void table(String title, Run run) {
        out.add("**" + title + "**");
        out.add("");
        out.add("| step | pages written | pages skipped (in parent) | frozen | wall | policy decision |");
        out.add("| --- | ---: | ---: | ---: | ---: | --- |");
        for (Row r : run.rows)
            out.add(String.format(Locale.ROOT, "| %s | %d | %d | %s | %s | %s |", r.step, r.stats.pagesWritten(),
                    r.stats.pagesSkippedParent(), ms(r.stats.frozenTime()), ms(r.elapsed), r.decision));
        out.add(String.format(Locale.ROOT, "| restore | | | | %s | |", ms(run.restore)));
        out.add("");
    }

    private void downtime(String round, String who, Run pre, Run single) {
        out.add(String.format(Locale.ROOT, "| %s | %s | %s | %s | %.2f | %s | %s | %.2f |", round, who,
                ms(pre.frozen()), ms(single.frozen()), ratio(pre.frozen(), single.frozen()),
                ms(pre.downtime()), ms(single.downtime()), ratio(pre.downtime(), single.downtime())));
    }

    private void medians(String who, List<Run[]> all, int pre, int single) {
        Duration pf = median(all.stream().map(r -> r[pre].frozen()).toList());
        Duration sf = median(all.stream().map(r -> r[single].frozen()).toList());
        Duration pd = median(all.stream().map(r -> r[pre].downtime()).toList());
        Duration sd = median(all.stream().map(r -> r[single].downtime()).toList());
        out.add(String.format(Locale.ROOT, "| median | %s | %s | %s | %.2f | %s | %s | %.2f |", who,
                ms(pf), ms(sf), ratio(pf, sf), ms(pd), ms(sd), ratio(pd, sd)));
    }

    private static Duration median(List<Duration> ds) {
        List<Duration> sorted = ds.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : sorted.get(n / 2 - 1).plus(sorted.get(n / 2)).dividedBy(2);
    }

    private static double ratio(Duration a, Duration b) {
        return (double) a.toNanos() / b.toNanos();
    }

    private static String ms(Duration d) {
        return String.format(Locale.ROOT, "%d ms", d.toMillis());
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }
}
