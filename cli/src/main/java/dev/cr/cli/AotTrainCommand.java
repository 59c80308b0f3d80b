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
        quietly("dump", "--help");
        quietly("restore", "--help");
        if ("root".equals(System.getProperty("user.name"))) quietly("check", "--json");
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
