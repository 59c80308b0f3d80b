package dev.cr.cli;

import dev.cr.engine.migrate.MigrationRehearsal;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Path;

/**
 * Hidden: the training run the {@code ./cr} launcher makes once to create JDK 25's AOT cache. A cache holds only
 * the classes its training run loaded (and the profiles of what it ran), so this runs the commands people start
 * most along their own paths: {@code inspect} on a committed checkpoint, and as root {@code check} and a real
 * {@code dump} and {@code restore --detach} of a {@code sleep} in a pid namespace of its own (killed after). With {@code --migration} (the launcher's separate cache for {@code serve}
 * and {@code migrate}, which run with other JIT flags) it runs a loopback migration rehearsal instead, touching no
 * process: the key store, TLS and wire classes those commands use. Output is discarded; failures do not matter.
 */
@Command(name = "aot-train", hidden = true, description = "Training run for the launcher's AOT cache.")
final class AotTrainCommand implements Runnable {
    @Parameters(paramLabel = "DIR", description = "a checkpoint directory to inspect")
    Path checkpoint;

    @CommandLine.Option(names = "--migration", description = "train for serve and migrate only: a loopback migration rehearsal")
    boolean migration;

    @Override
    public void run() {
        if (migration) {
            quietly("migrate", "--help");
            quietly("serve", "--help");
            rehearseMigration();
            return;
        }
        quietly("inspect", "--all", "--json", checkpoint.toString());
        inspectArchives();
        quietly("dump", "--help");
        quietly("restore", "--help");
        if (dev.cr.engine.criu.Criu.isRoot()) {
            quietly("check", "--json");
            rehearseDumpAndRestore();
        }
    }

    /** Dumps a sleeping process and restores it, as cr dump and cr restore --detach do; kills what it started. */
    private static void rehearseDumpAndRestore() {
        Path dir = null;
        Process sleeper = null;
        long restored = -1;
        try {
            dir = java.nio.file.Files.createTempDirectory(Path.of("/var/tmp"), "cr-aot-train-");
            sleeper = new ProcessBuilder("setsid", "unshare", "--pid", "--fork", "setsid", "sleep", "60")
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            long init = namespaceInit(sleeper.pid());
            if (init < 0) return;
            Path images = dir.resolve("images");
            quietly("dump", "-t", Long.toString(init), "-D", images.toString());
            sleeper.waitFor(5, java.util.concurrent.TimeUnit.SECONDS);   // unshare reaps the dumped sleep and ends
            String out = quietly("restore", "-D", images.toString(), "--detach");
            var m = java.util.regex.Pattern.compile("as pid (\\d+)").matcher(out);
            if (m.find()) restored = Long.parseLong(m.group(1));
        } catch (java.io.IOException | RuntimeException e) {
            // training only
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (restored > 0) ProcessHandle.of(restored).ifPresent(ProcessHandle::destroyForcibly);
            if (sleeper != null) sleeper.destroyForcibly();
            if (dir != null) dev.cr.engine.archive.StagingDir.remove(dir);
        }
    }

    /** The pid of unshare's child, the init of the new pid namespace; -1 when it did not appear within 2 s. */
    private static long namespaceInit(long unsharePid) throws InterruptedException {
        Path children = Path.of("/proc", Long.toString(unsharePid), "task", Long.toString(unsharePid), "children");
        for (int i = 0; i < 100; i++) {
            try {
                String kids = java.nio.file.Files.readString(children).trim();
                if (!kids.isEmpty()) return Long.parseLong(kids.split("\\s+")[0]);
            } catch (java.io.IOException | NumberFormatException e) {
                // not there yet
            }
            Thread.sleep(20);
        }
        return -1;
    }

    /**
     * Inspects the checkpoint packed as an archive, uncompressed and zstd-compressed, so that the classes that read
     * archives in place (the tar index, the one-pass decompressing reader) are in the cache too: without them an
     * inspect of an archive paid for loading them on every run.
     */
    private void inspectArchives() {
        try {
            Path scratch = java.nio.file.Files.createTempDirectory("cr-aot-train-");
            try {
                for (var c : new dev.cr.engine.archive.Compression[] {dev.cr.engine.archive.Compression.NONE, dev.cr.engine.archive.Compression.ZSTD}) {
                    Path archive = scratch.resolve("checkpoint" + c.suffix());
                    dev.cr.engine.archive.CheckpointArchive.pack(checkpoint, archive, new dev.cr.engine.archive.PackOptions(c, false));
                    quietly("inspect", archive.toString());
                    quietly("inspect", "--ps-tree", archive.toString());
                    quietly("mem", archive.toString());
                }
            } finally {
                dev.cr.engine.archive.StagingDir.remove(scratch);
            }
        } catch (java.io.IOException | RuntimeException e) {
            // training only
        }
    }

    /** A loopback migration that touches no process: loads the key store, TLS and wire classes cr migrate/serve use. */
    private static void rehearseMigration() {
        try {
            Path scratch = java.nio.file.Files.createTempDirectory("cr-aot-train-");
            try {
                dev.cr.engine.migrate.MigrationRehearsal.run(scratch);
            } finally {
                dev.cr.engine.archive.StagingDir.remove(scratch);
            }
        } catch (java.io.IOException | RuntimeException e) {
            // training only
        }
    }

    /** Runs one cr command as the launcher would; returns what it printed on standard output. */
    private static String quietly(String... args) {
        CommandLine cl = Cr.commandLine(args);
        var out = new java.io.StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(Writer.nullWriter()));
        cl.setExecutionExceptionHandler((ex, line, parsed) -> Cli.FAILED);
        cl.execute(args);
        return out.toString();
    }
}
