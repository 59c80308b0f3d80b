package dev.cr.cli;

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
 * {@code dump} and {@code restore} use). Output is discarded; failures do not matter here.
 */
@Command(name = "aot-train", hidden = true, description = "Training run for the launcher's AOT cache.")
final class AotTrainCommand implements Runnable {
    @Parameters(paramLabel = "DIR", description = "a checkpoint directory to inspect")
    Path checkpoint;

    @Override
    public void run() {
        quietly("inspect", "--all", "--json", checkpoint.toString());
        quietly("dump", "--help");
        quietly("restore", "--help");
        if ("root".equals(System.getProperty("user.name"))) quietly("check", "--json");
    }

    private static void quietly(String... args) {
        CommandLine cl = new CommandLine(new Cr());
        cl.setOut(new PrintWriter(Writer.nullWriter()));
        cl.setErr(new PrintWriter(Writer.nullWriter()));
        cl.setExecutionExceptionHandler((ex, line, parsed) -> Cli.FAILED);
        cl.execute(args);
    }
}
