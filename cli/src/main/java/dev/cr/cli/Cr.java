package dev.cr.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.util.LinkedHashMap;
import java.util.Map;

/** The {@code cr} command: checkpoint, restore, inspect and migrate Linux processes and containers. */
@Command(name = "cr",
        mixinStandardHelpOptions = true,
        versionProvider = CrVersion.class,
        description = "Checkpoint, restore, inspect and migrate Linux processes and containers.")
public final class Cr implements Runnable {
    /**
     * Every subcommand by the name typed, in the order the usage lists them. They are added by {@link #commandLine}
     * rather than in the annotation: picocli builds the model of every command it is given (reflection over each
     * option, an annotation proxy each), which cost more than the JVM's own start-up for a one-shot {@code cr dump}.
     */
    static final Map<String, Class<?>> SUBCOMMANDS = subcommands();

    private static Map<String, Class<?>> subcommands() {
        var m = new LinkedHashMap<String, Class<?>>();
        m.put("help", CommandLine.HelpCommand.class);
        m.put("check", CheckCommand.class);
        m.put("dump", DumpCommand.class);
        m.put("pre-dump", PreDumpCommand.class);
        m.put("restore", RestoreCommand.class);
        m.put("inspect", InspectCommand.class);
        m.put("mem", MemCommand.class);
        m.put("diff", DiffCommand.class);
        m.put("decode", DecodeCommand.class);
        m.put("encode", EncodeCommand.class);
        m.put("pack", PackCommand.class);
        m.put("unpack", UnpackCommand.class);
        m.put("push", PushCommand.class);
        m.put("pull", PullCommand.class);
        m.put("lxc", LxcCommand.class);
        m.put("serve", ServeCommand.class);
        m.put("migrate", MigrateCommand.class);
        m.put("aot-train", AotTrainCommand.class);
        return java.util.Collections.unmodifiableMap(m);
    }

    /**
     * The command line that runs {@code args}: with only the subcommand they name when they name one (so only its
     * classes are loaded), none for {@code --version}, every one otherwise (the usage lists them all, and an unknown
     * name gets picocli's suggestions).
     */
    public static CommandLine commandLine(String... args) {
        CommandLine cl = new CommandLine(new Cr());
        String first = args.length > 0 ? args[0] : "";
        if (first.equals("--version") || first.equals("-V")) return cl;
        Class<?> named = first.equals("help") ? null : SUBCOMMANDS.get(first);
        if (named != null) cl.addSubcommand(first, named);
        else SUBCOMMANDS.forEach(cl::addSubcommand);
        return cl;
    }

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
