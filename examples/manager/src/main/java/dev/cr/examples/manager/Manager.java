package dev.cr.examples.manager;

import dev.cr.engine.CrException;
import dev.cr.engine.criu.Criu;
import dev.cr.engine.criu.DumpOptions;
import dev.cr.engine.criu.DumpResult;
import dev.cr.engine.criu.Notification;
import dev.cr.engine.criu.RestoreOptions;
import dev.cr.engine.criu.RestoreResult;
import dev.cr.engine.image.ImageDir;
import dev.cr.engine.image.OpenFiles;
import dev.cr.engine.image.ProcessSummary;
import dev.cr.engine.image.ProcessTree;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A small workload manager, written as a program that embeds cr would be: it starts a job, checkpoints it, brings it
 * back, looks inside the checkpoint and prints a report. It uses only the engine's API packages.
 *
 * <pre>java -cp ... dev.cr.examples.manager.Manager WORKDIR</pre>
 *
 * Needs root and CRIU 4.x (the engine finds the provisioned one). Exits 1 with the engine's explanation when a step
 * fails.
 */
public final class Manager {
    /** What one round of checkpoint and restore found, for the report and for the example's test. */
    public record Report(int dumpedPid, int restoredPid, long countAtDump, long countAfterRestore, List<String> notifications,
                         List<String> tree, int openFiles, Duration dumpTime, Duration restoreTime, Path dumpLog) {}

    private final Criu criu;
    private final Path work;

    public Manager(Criu criu, Path work) {
        this.criu = criu;
        this.work = work;
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: Manager WORKDIR");
            System.exit(2);
        }
        try {
            Report r = new Manager(Criu.locate(), Path.of(args[0])).run();
            print(r, System.out);
        } catch (CrException e) {
            // Every engine failure carries what a person needs: no stack trace.
            System.err.println("manager: " + e.operation() + " failed: " + e.cause());
            e.fix().ifPresent(f -> System.err.println("  fix: " + f));
            e.logPath().ifPresent(p -> System.err.println("  log: " + p));
            e.logLines().forEach(l -> System.err.println("    " + l));
            System.exit(1);
        }
    }

    /** Starts a counting job, dumps it (recording CRIU's notifications), restores it, inspects the images. */
    public Report run() throws IOException, InterruptedException {
        Files.createDirectories(work);
        Path count = work.resolve("count");
        Job job = Job.start(count);
        try {
            job.awaitCount(3);
            Path images = work.resolve("images");
            List<String> heard = new ArrayList<>();
            DumpResult dump = criu.dump(DumpOptions.builder(job.pid(), images)
                    .listener(n -> heard.add(n.action()))
                    .build());
            long atDump = job.count();
            job.awaitDumped();

            // Inspect: no root needed for this part, and no CRIU.
            ImageDir dir = ImageDir.open(images);
            ProcessTree tree = dir.processes();
            List<String> lines = new ArrayList<>();
            for (ProcessTree.Process p : tree.all()) {
                ProcessSummary s = ProcessSummary.of(dir, p);
                lines.add(p.pid() + " " + p.comm() + " " + String.join(" ", s.arguments()));
            }
            int files = OpenFiles.of(dir, tree.roots().getFirst().pid()).size();

            RestoreResult restored = criu.restore(RestoreOptions.builder(images).build());
            job.adopt(restored.pid());
            long after = job.awaitCount(atDump + 3);
            return new Report(job.pid(), restored.pid(), atDump, after, heard, lines, files, dump.elapsed(),
                    restored.elapsed(), dump.logPath());
        } finally {
            job.close();
        }
    }

    static void print(Report r, PrintStream out) {
        out.printf("dumped pid %d in %d ms (log %s)%n", r.dumpedPid(), r.dumpTime().toMillis(), r.dumpLog());
        out.println("CRIU notified: " + String.join(", ", r.notifications()));
        out.println("process tree in the checkpoint:");
        r.tree().forEach(l -> out.println("  " + l));
        out.println("open files of the root: " + r.openFiles());
        out.printf("restored as pid %d in %d ms; the count went on from %d to %d%n", r.restoredPid(),
                r.restoreTime().toMillis(), r.countAtDump(), r.countAfterRestore());
    }

    /** Whether CRIU reported the moment the tree was dumped (before it is killed). */
    static boolean sawPostDump(Report r) {
        return r.notifications().contains(Notification.POST_DUMP);
    }
}
