package dev.cr.cli;

import dev.cr.engine.json.JsonWriter;
import dev.cr.engine.criu.Criu;
import dev.cr.engine.criu.DumpOptions;
import dev.cr.engine.criu.DumpResult;
import dev.cr.engine.criu.IterativeDumpResult;
import dev.cr.engine.criu.PreDumpPolicy;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/** {@code cr dump}: checkpoint a process tree into an image directory. */
@Command(name = "dump", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Checkpoint the process tree rooted at PID into DIR (needs root).",
                "Without --leave-running the tasks are killed once dumped. CRIU's log is kept as DIR/dump-<UTC time>.log."})
final class DumpCommand implements Callable<Integer> {
    @Mixin DumpFlags flags;

    @Option(names = "--pre-dump", description = "Pre-dump first (into DIR/pre-1, pre-2, ...) until memory is mostly in sync, "
            + "then dump. Without memory tracking in the kernel: one dump, and says so.")
    boolean preDump;
    @Option(names = "--pre-dump-max", paramLabel = "N", defaultValue = "10", description = "At most N pre-dumps (default ${DEFAULT-VALUE}).")
    int preDumpMax;
    @Option(names = "--pre-dump-goal", paramLabel = "PERCENT", defaultValue = "70",
            description = "Stop pre-dumping when this share of memory is in sync (default ${DEFAULT-VALUE}).")
    int preDumpGoal;
    @Mixin ResultFlags result;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        Cli.requireRoot("cr dump");
        DumpOptions options = Cli.usage(spec, flags::toOptions);
        Criu criu = Criu.at(result.criu);
        PrintWriter out = spec.commandLine().getOut();
        if (preDump) {
            PreDumpPolicy policy = Cli.usage(spec, () -> new PreDumpPolicy(PreDumpPolicy.defaults().minPagesWritten(),
                    preDumpGoal, PreDumpPolicy.defaults().minShrinkPercent(), preDumpMax));
            IterativeDumpResult r = criu.dump(options, policy);
            if (result.json) {
                out.print(JsonWriter.INDENTED.document(Report.json(r)));
            } else {
                r.fallback().ifPresent(f -> out.println("no pre-dump: " + f));
                for (IterativeDumpResult.Iteration i : r.preDumps()) {
                    out.printf("pre-dump %d: %s, %s%n", i.number(), Report.seconds(i.result().elapsed()), i.decision().reason());
                    if (result.stats) i.result().stats().ifPresent(s -> StatsView.print(out, s));
                }
                printDump(out, options, r.finalDump());
            }
        } else {
            DumpResult r = criu.dump(options);
            if (result.json) out.print(JsonWriter.INDENTED.document(Report.json(r)));
            else printDump(out, options, r);
        }
        out.flush();
        return 0;
    }

    private void printDump(PrintWriter out, DumpOptions o, DumpResult r) {
        out.printf("dumped pid %d into %s in %s (%s)%n", o.pid(), r.imagesDir(), Report.seconds(r.elapsed()),
                o.leaveRunning() ? "left running" : "tasks killed");
        if (result.stats) r.stats().ifPresent(s -> StatsView.print(out, s));
        out.println("log: " + r.logPath());
    }
}
