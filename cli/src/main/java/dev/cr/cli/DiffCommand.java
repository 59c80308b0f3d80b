package dev.cr.cli;

import dev.cr.engine.image.CheckpointDiff;
import dev.cr.engine.image.ImageDir;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code cr diff A B}: processes, files, sockets and memory sizes that changed between two checkpoints. */
@Command(name = "diff", mixinStandardHelpOptions = true,
        description = "Show what changed between two checkpoints: processes added, removed or changed, open files, "
                + "sockets and memory sizes (processes are matched by pid). Exit status 0 when nothing changed, 3 when something did.")
public final class DiffCommand implements java.util.concurrent.Callable<Integer> {
    /** Exit status when the checkpoints differ (1 stays "failed", 2 "usage"). */
    static final int DIFFERENT = 3;

    @Spec CommandSpec spec;
    @Parameters(index = "0", paramLabel = "DIR_A", description = "the earlier checkpoint") Path a;
    @Parameters(index = "1", paramLabel = "DIR_B", description = "the later checkpoint") Path b;
    @Option(names = "--json", description = "JSON for programs") boolean json;

    @Override
    public Integer call() {
        List<CheckpointDiff.Difference> diffs = CheckpointDiff.between(ImageDir.open(a), ImageDir.open(b));
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.print(Json.write(diffs.stream().map(d -> {
                Map<String, Object> j = new LinkedHashMap<>();
                j.put("area", d.area()); j.put("pid", d.pid()); j.put("change", d.change()); j.put("key", d.key());
                j.put("before", d.before()); j.put("after", d.after());
                return (Object) j;
            }).toList()));
        } else if (diffs.isEmpty()) {
            out.println("no difference in processes, files, sockets or memory sizes");
        } else {
            for (CheckpointDiff.Difference d : diffs) {
                String sign = switch (d.change()) { case "added" -> "+"; case "removed" -> "-"; default -> "~"; };
                String what = d.key().isEmpty() ? "" : " " + d.key();
                String detail = switch (d.change()) {
                    case "added" -> d.after();
                    case "removed" -> d.before();
                    default -> d.before() + " -> " + d.after();
                };
                out.printf("%s %-7s pid %-6d%s: %s%n", sign, d.area(), d.pid(), what, detail);
            }
        }
        out.flush();
        return diffs.isEmpty() ? 0 : DIFFERENT;
    }
}
