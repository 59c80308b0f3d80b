package dev.cr.cli;

import dev.cr.engine.json.JsonWriter;
import dev.cr.engine.archive.ArchivedCheckpoint;
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
        description = "Show what changed between two checkpoints (directories or archives): processes added, removed or "
                + "changed, open files, sockets, memory sizes, and the memory compared page by page (processes are matched "
                + "by pid). Exit status 0 when nothing changed, 3 when something did.")
public final class DiffCommand implements java.util.concurrent.Callable<Integer> {
    /** Exit status when the checkpoints differ (1 stays "failed", 2 "usage"). */
    static final int DIFFERENT = 3;

    @Spec CommandSpec spec;
    @Parameters(index = "0", paramLabel = "A", description = "the earlier checkpoint (directory or archive)") Path a;
    @Parameters(index = "1", paramLabel = "B", description = "the later checkpoint (directory or archive)") Path b;
    @Option(names = "--sizes-only", description = "compare memory sizes only, not the pages' bytes (reads no page)") boolean sizesOnly;
    @Option(names = "--json", description = "JSON for programs") boolean json;

    @Override
    public Integer call() {
        List<CheckpointDiff.Difference> diffs;
        try (Opened first = open(a); Opened second = open(b)) {
            diffs = CheckpointDiff.between(first.images, second.images, !sizesOnly);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.print(JsonWriter.INDENTED.document(diffs.stream().map(d -> {
                Map<String, Object> j = new LinkedHashMap<>();
                j.put("area", d.area()); j.put("pid", d.pid()); j.put("change", d.change()); j.put("key", d.key());
                j.put("before", d.before()); j.put("after", d.after());
                return (Object) j;
            }).toList()));
        } else if (diffs.isEmpty()) {
            out.println("no difference in processes, files, sockets or memory" + (sizesOnly ? " sizes" : ""));
        } else {
            for (CheckpointDiff.Difference d : diffs) {
                String sign = switch (d.change()) { case "added" -> "+"; case "removed" -> "-"; default -> "~"; };
                String what = d.key().isEmpty() ? "" : " " + d.key();
                String detail = switch (d.change()) {
                    case "added" -> d.after();
                    case "removed" -> d.before();
                    default -> d.before().isEmpty() ? d.after() : d.before() + " -> " + d.after();
                };
                out.printf("%s %-7s pid %-6d%s: %s%n", sign, d.area(), d.pid(), what, detail);
            }
        }
        out.flush();
        return diffs.isEmpty() ? 0 : DIFFERENT;
    }

    /** A checkpoint opened for the diff: a directory, or an archive read in place (closed with it). */
    private record Opened(ImageDir images, ArchivedCheckpoint archive) implements AutoCloseable {
        @Override
        public void close() {
            if (archive != null) archive.close();
        }
    }

    private static Opened open(Path p) {
        if (!java.nio.file.Files.isRegularFile(p)) return new Opened(ImageDir.open(p), null);
        ArchivedCheckpoint archive = ArchivedCheckpoint.open(p);
        return new Opened(archive.imageDir(), archive);
    }
}
