package dev.cr.examples.manager;

import dev.cr.engine.CrException;
import dev.cr.engine.criu.Criu;
import dev.cr.engine.criu.DumpOptions;
import dev.cr.engine.criu.DumpResult;
import dev.cr.engine.criu.IterativeDumpResult;
import dev.cr.engine.criu.Notification;
import dev.cr.engine.criu.PreDumpPolicy;
import dev.cr.engine.criu.RestoreOptions;
import dev.cr.engine.criu.RestoreResult;
import dev.cr.engine.image.ImageDir;
import dev.cr.engine.image.ProcessSummary;
import dev.cr.engine.image.ProcessTree;
import dev.cr.engine.migrate.MigrationReport;
import dev.cr.engine.migrate.MigrationRequest;
import dev.cr.engine.migrate.source.CriuCheckpointer;
import dev.cr.engine.migrate.source.MigrationSource;
import dev.cr.engine.migrate.trust.Fingerprint;
import java.nio.file.Path;

/**
 * The examples of docs/library.md, compiled with the engine so that the guide cannot drift from the API. Each
 * method is one example; the guide quotes its body.
 */
final class GuideExamples {
    private GuideExamples() {}

    // [dump-with-listener]
    static DumpResult dumpWithListener(int pid, Path images) {
        Criu criu = Criu.locate(); // CR_CRIU, the provisioned CRIU, or criu on PATH
        DumpOptions options = DumpOptions.builder(pid, images)
                .tcpEstablished(true)
                .listener(n -> {
                    // Runs while CRIU waits. Throwing here after post-dump makes CRIU resume the tree instead of
                    // killing it: a manager can keep the source alive until the copy is safe elsewhere.
                    if (n.action().equals(Notification.POST_DUMP)) System.out.println("tree " + n.pid() + " is dumped");
                })
                .build();
        DumpResult r = criu.dump(options);
        r.stats().ifPresent(s -> System.out.println("frozen for " + s.frozenTime().toMillis() + " ms"));
        return r;
    }
    // [/dump-with-listener]

    // [pre-copy]
    static IterativeDumpResult preCopy(int pid, Path images) {
        Criu criu = Criu.locate();
        // Stop pre-dumping when a pre-dump writes under 512 pages, 80 % of memory is in sync, the written pages
        // shrink by less than 20 %, or after 5 pre-dumps.
        PreDumpPolicy policy = new PreDumpPolicy(512, 80, 20, 5);
        IterativeDumpResult r = criu.dump(DumpOptions.builder(pid, images).build(), policy);
        r.fallback().ifPresent(why -> System.out.println("no pre-dumps: " + why)); // e.g. no memory tracking
        for (IterativeDumpResult.Iteration it : r.preDumps())
            System.out.println("pre-dump " + it.number() + ": " + it.decision().reason());
        return r;
    }
    // [/pre-copy]

    // [restore-and-wait]
    static void restoreAndWait(Path images) throws InterruptedException {
        RestoreResult r = Criu.locate().restore(RestoreOptions.builder(images).build());
        System.out.println("restored as pid " + r.pid() + " (log " + r.logPath() + ")");
        ProcessHandle.of(r.pid()).ifPresent(p -> p.onExit().join()); // the restored tree is not our child
    }
    // [/restore-and-wait]

    // [inspect]
    static void inspect(Path images) {
        ImageDir dir = ImageDir.open(images); // no root, no CRIU, no native code
        ProcessTree tree = dir.processes();
        for (ProcessTree.Process p : tree.all()) {
            ProcessSummary s = ProcessSummary.of(dir, p);
            System.out.println(p.pid() + " " + p.comm() + " " + String.join(" ", s.arguments()));
        }
    }
    // [/inspect]

    // [migrate]
    static MigrationReport migrate(int pid, String host, int port, String fingerprint, String token) {
        MigrationRequest request = new MigrationRequest(pid, host, port, Fingerprint.parse(fingerprint), token,
                null, null, false, false); // default identity and work directories; no pre-copy, no compression
        var checkpointer = new CriuCheckpointer(Criu.locate(), PreDumpPolicy.defaults(), Path.of("/var/lib/cr/migrate/logs"));
        MigrationReport report = new MigrationSource(request, checkpointer, progress -> {}).run();
        System.out.println("runs on " + host + " as pid " + report.targetPid() + "; downtime " + report.downtimeMillis() + " ms");
        return report;
    }
    // [/migrate]

    // [errors]
    static void explainFailure(int pid, Path images) {
        try {
            Criu.locate().dump(DumpOptions.builder(pid, images).build());
        } catch (CrException e) {
            System.err.println(e.operation() + " failed: " + e.cause());
            e.fix().ifPresent(fix -> System.err.println("fix: " + fix));
            e.logPath().ifPresent(log -> System.err.println("log: " + log));
            e.logLines().forEach(line -> System.err.println("  " + line)); // the lines of CRIU's log that matter
        }
    }
    // [/errors]
}
