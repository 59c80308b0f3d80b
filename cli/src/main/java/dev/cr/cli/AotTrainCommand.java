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
 * the classes its training run loaded, so this runs the commands people start most: {@code inspect} on a committed
 * checkpoint, and as root {@code check} (which loads the libcriu bindings and the engine's CRIU call path that
 * {@code dump} and {@code restore} use). With {@code --migration} (the launcher's separate cache for {@code serve}
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
        if ("root".equals(System.getProperty("user.name"))) quietly("check", "--json");
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

    private static void quietly(String... args) {
        CommandLine cl = new CommandLine(new Cr());
        cl.setOut(new PrintWriter(Writer.nullWriter()));
        cl.setErr(new PrintWriter(Writer.nullWriter()));
        cl.setExecutionExceptionHandler((ex, line, parsed) -> Cli.FAILED);
        cl.execute(args);
    }
}
