package dev.cr.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code cr} command: checkpoint, restore, inspect and migrate Linux processes and containers. */
@Command(name = "cr",
        mixinStandardHelpOptions = true,
        versionProvider = CrVersion.class,
        description = "Checkpoint, restore, inspect and migrate Linux processes and containers.",
        subcommands = {
                CommandLine.HelpCommand.class,
                CheckCommand.class,
                DumpCommand.class,
                PreDumpCommand.class,
                RestoreCommand.class,
                InspectCommand.class,
                MemCommand.class,
                DiffCommand.class,
                DecodeCommand.class,
                EncodeCommand.class,
                PackCommand.class,
                UnpackCommand.class,
                PushCommand.class,
                PullCommand.class,
                LxcCommand.class,
                ServeCommand.class,
                MigrateCommand.class,
                AotTrainCommand.class,
        })
public final class Cr implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static void main(String[] args) {
        System.exit(Cli.execute(new Cr(), args));
    }
}
