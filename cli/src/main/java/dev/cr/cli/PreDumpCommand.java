package dev.cr.cli;

import dev.cr.engine.json.JsonWriter;
import dev.cr.engine.criu.Criu;
import dev.cr.engine.criu.DumpOptions;
import dev.cr.engine.criu.DumpResult;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/** {@code cr pre-dump}: one pre-dump iteration (memory copied while the tasks keep running). */
@Command(name = "pre-dump", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Copy the memory of the tree rooted at PID into DIR while it keeps running (needs root).",
                "A later dump with --prev-images-dir pointing here writes only what changed.",
                "Needs memory tracking in the kernel: `cr check` shows whether it is there."})
final class PreDumpCommand implements Callable<Integer> {
    @Mixin DumpFlags flags;

    @Mixin ResultFlags result;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        Cli.requireRoot("cr pre-dump");
        DumpOptions options = Cli.usage(spec, flags::toOptions);
        DumpResult r = Criu.at(result.criu).preDump(options);
        PrintWriter out = spec.commandLine().getOut();
        if (result.json) {
            out.print(JsonWriter.INDENTED.document(Report.json(r)));
        } else {
            out.printf("pre-dumped pid %d into %s in %s%n", options.pid(), r.imagesDir(), Report.seconds(r.elapsed()));
            if (result.stats) r.stats().ifPresent(s -> StatsView.print(out, s));
            out.println("log: " + r.logPath());
        }
        out.flush();
        return 0;
    }
}
